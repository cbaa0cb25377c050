/**
 * Inputs of linkflow's workflows, validated with zod when a workflow starts (or continues as new).
 */
import { z } from 'zod';
import {
  linkEventSchema,
  linkStateSchema,
  pollerStateSchema,
  recordStateSchema,
  sourceRefSchema,
  targetRefSchema,
} from './sync-state';

export const linkWorkflowInputSchema = z.object({
  /** Patches this run's code had from its first task (workflows/patches.ts): taken without markers. */
  bornWith: z.array(z.string()).optional(),
  dataflow: z.string(),
  source: sourceRefSchema,
  state: linkStateSchema.optional(),
  processedEvents: z.number().int().optional(),
  wakeAt: z.number().optional(),
  wakeEvent: linkEventSchema.optional(),
  /**
   * The event a link is started for (a new record's first observation): queued at the start, so that a new
   * record costs one start, not a start and a signal. Never carried through continue-as-new.
   */
  firstEvent: linkEventSchema.optional(),
  /** Continue-as-new after this many history events even if the server does not suggest it (tests). */
  continueAsNewAfterEvents: z.number().int().positive().optional(),
  /** The first hold after a failing batch, ms (tests shorten it; see workflows/retry-backoff.ts). */
  firstRetryMs: z.number().int().positive().optional(),
});
export type LinkWorkflowInput = z.infer<typeof linkWorkflowInputSchema>;

export const recordWorkflowInputSchema = z.object({
  /** Patches this run's code had from its first task (workflows/patches.ts): taken without markers. */
  bornWith: z.array(z.string()).optional(),
  target: targetRefSchema,
  state: recordStateSchema.optional(),
  continueAsNewAfterEvents: z.number().int().positive().optional(),
  firstRetryMs: z.number().int().positive().optional(),
});
export type RecordWorkflowInput = z.infer<typeof recordWorkflowInputSchema>;

export const mergeWorkflowInputSchema = z.object({
  /** Patches this run's code had from its first task (workflows/patches.ts): taken without markers. */
  bornWith: z.array(z.string()).optional(),
  system: z.string(),
  type: z.string(),
  /** Target ids resolved through this key so far (linkflow remembers what it created or linked). */
  resolved: z.array(z.string()).optional(),
  continueAsNewAfterEvents: z.number().int().positive().optional(),
});
export type MergeWorkflowInput = z.infer<typeof mergeWorkflowInputSchema>;

export const pollerWorkflowInputSchema = z.object({
  /** Patches this run's code had from its first task (workflows/patches.ts): taken without markers. */
  bornWith: z.array(z.string()).optional(),
  /**
   * The dataflows this poller serves, comma-separated: a label for the Web UI and `sync status`. The poll
   * activity hands each record to every loaded dataflow that reads the resource, whatever this says.
   */
  dataflow: z.string(),
  system: z.string(),
  resource: z.string(),
  intervalMs: z.number().int().positive(),
  /** The longest pause between passes once nothing changes (workflows/poll-interval.ts); default 30 s. */
  idleCeilingMs: z.number().int().positive().optional(),
  state: pollerStateSchema.optional(),
  continueAsNewAfterEvents: z.number().int().positive().optional(),
  /** Failed passes in a row, carried through continue-as-new so that the backoff keeps growing. */
  consecutiveFailures: z.number().int().nonnegative().optional(),
});
export type PollerWorkflowInput = z.infer<typeof pollerWorkflowInputSchema>;

export const dependencyRequestSchema = z.object({
  /** `<resource>/<id>`, the key under which the resolved target is returned. */
  key: z.string(),
  dataflow: z.string(),
  source: sourceRefSchema,
  /** The field of the demanding record that refers to it (`CustomerId`), for messages. */
  field: z.string().optional(),
});
export type DependencyRequest = z.infer<typeof dependencyRequestSchema>;

export const resolveRequestSchema = z.object({
  /** Made for a fresh change: matched and created in the live lane, ahead of a first sync's backlog. */
  live: z.boolean().optional(),
  /**
   * Made in the live lane for work a first sync's backlog waits for (a customer an order demands): its requests go
   * behind a fresh change's at the target's budget (docs/DECISIONS.md 142).
   */
  waited: z.boolean().optional(),
  /**
   * The target's connector had no request waiting for its budget when this was asked, so find-or-create should
   * take moments: the merge workflow runs it inline (a local activity) instead of through a task queue.
   */
  inline: z.boolean().optional(),
  /**
   * Made by a poller's first pass (docs/DECISIONS.md 145), which waits for nothing: when find-or-create does not
   * succeed inline, the merge answers 'unavailable' at once instead of handing it to its queue, and the record's
   * link makes the pass.
   */
  inlineOnly: z.boolean().optional(),
  linkId: z.string(),
  mappingId: z.string(),
  target: z.object({ system: z.string(), type: z.string() }),
  /** The normalised merge key (never stored in ids or search attributes; the id carries its hash). */
  mergeKey: z
    .object({ field: z.string(), value: z.string(), normalise: z.enum(['email', 'org-number', 'name']).optional() })
    .optional(),
  /**
   * The source's own spelling of the key when it differs from the normalised one (an e-mail with capitals):
   * equality filters may be exact, so the target is asked for both.
   */
  mergeKeyAlternatives: z.array(z.string()).optional(),
  /** The id linkflow gives the record if it creates it (derived from the source's immutable id). */
  preferredId: z.string(),
  /** The values to create it with, in the target's field space. */
  createValues: z.record(z.string(), z.unknown()),
  /** The target record the new one is created under, for targets addressed under a parent. */
  parentId: z.string().optional(),
  idempotencyKey: z.string(),
  /**
   * Targets this merge key already resolved to (the merge workflow remembers them): linked again when the
   * live search finds nothing, e.g. when the target compares e-mails case-sensitively and two sources spell
   * one address differently.
   */
  knownTargetIds: z.array(z.string()).optional(),
});
export type ResolveRequest = z.infer<typeof resolveRequestSchema>;

export const resolveResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('linked'),
    target: targetRefSchema,
    created: z.boolean(),
    /** True when `snapshot` is the create's own answer (nothing can have edited it since). */
    createdNow: z.boolean().optional(),
    snapshot: z.unknown(),
  }),
  z.object({ outcome: z.literal('ambiguous'), reason: z.string() }),
  /** The target refused to create the record (its data is invalid there): park the link with the reason. */
  z.object({ outcome: z.literal('refused'), reason: z.string() }),
  /** The target could not be reached (after retries): the caller holds its events and asks again later. */
  z.object({ outcome: z.literal('unavailable'), reason: z.string() }),
]);
export type ResolveResult = z.infer<typeof resolveResultSchema>;
