/**
 * The state that link and record workflows carry, as plain JSON (it travels through continue-as-new and
 * activity calls). Property values are kept in the target system's field space (`email`, `first_name`,
 * `name`, …): the space where several links meet one record and "the latest change wins" is decided.
 */
import { z } from 'zod';
import { recordSnapshotSchema } from '../connectors/connector';

/** A property value with the time of the edit that set it (epoch ms) and where that edit was made. */
export const provenancedValueSchema = z.object({
  value: z.unknown(),
  at: z.number(),
  /** `source:<linkId>` for an edit in a source record, `target` for an edit in the target record. */
  origin: z.string(),
});
export type ProvenancedValue = z.infer<typeof provenancedValueSchema>;
export const propertyMapSchema = z.record(z.string(), provenancedValueSchema);
export type PropertyMap = z.infer<typeof propertyMapSchema>;

export const sourceRefSchema = z.object({
  system: z.string(),
  resource: z.string(),
  id: z.string(),
  parentId: z.string().optional(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;
export const targetRefSchema = z.object({
  system: z.string(),
  type: z.string(),
  id: z.string(),
  /** For a target record addressed under a parent (a PowerOffice contact person under its customer). */
  parentId: z.string().optional(),
});
export type TargetRef = z.infer<typeof targetRefSchema>;

export const linkStatusSchema = z.enum([
  /** Seen, not yet linked (the first sync of this record is under way). */
  'pending',
  /** Linked to its target and kept in sync both ways. */
  'linked',
  /** Waiting for records it depends on (an order's customer and items). */
  'waiting',
  /** On-demand mapping not yet demanded: watched, not created (a company customer before its first order). */
  'dormant',
  /** Stopped with a reason until the data is fixed or `linkflow link retry`. */
  'parked',
  /** The source record was deleted; the target is kept (linkflow never deletes in a target). */
  'source-deleted',
  /** Nothing to sync: the record feeds no writable mapping (e.g. only an unsupported one). */
  'ignored',
]);
export type LinkStatus = z.infer<typeof linkStatusSchema>;

/** A workflow whose last batch failed for a reason retrying can fix (an outage, a 429 storm, a restart). */
export const retryingSchema = z.object({
  attempt: z.number().int().positive(),
  /** Epoch ms at which the held batch is tried again. */
  until: z.number(),
  reason: z.string(),
});
export type Retrying = z.infer<typeof retryingSchema>;

/** A record's answer to a demand: its target, or why it has none. */
export const dependencyAnswerSchema = z.object({
  key: z.string(),
  target: targetRefSchema.optional(),
  problem: z.string().optional(),
});
export type DependencyAnswer = z.infer<typeof dependencyAnswerSchema>;

/** Why a poller could not read a source record; names the record and the field. */
export const sourceProblemSchema = z.object({ reason: z.string(), field: z.string().optional() });
export type SourceProblem = z.infer<typeof sourceProblemSchema>;

export const linkEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sourceUnreadable'), problem: sourceProblemSchema }),
  /** `live`: a fresh change (not the backlog of a first sync), handled in the live lane ahead of the backlog. */
  z.object({ kind: z.literal('sourceObserved'), snapshot: recordSnapshotSchema, live: z.boolean().optional() }),
  z.object({ kind: z.literal('targetChanged'), changes: propertyMapSchema, live: z.boolean().optional() }),
  z.object({ kind: z.literal('targetDeleted'), reason: z.string() }),
  /** A record that needs this one in the target (an order's customer); `key` names it in the answer. */
  z.object({
    kind: z.literal('demanded'),
    by: z.string(),
    key: z.string().optional(),
    /** Asked by an order's activity that waits for the answer: handled in the live lane (docs/DECISIONS.md 95). */
    live: z.literal(true).optional(),
    /**
     * The activity that waits is the backlog's (an order of a first sync): the live lane's queues, but requests
     * behind a fresh change's at the vendor's budget (docs/DECISIONS.md 142).
     */
    waited: z.literal(true).optional(),
  }),
  z.object({ kind: z.literal('resync') }),
  z.object({ kind: z.literal('retry') }),
  z.object({ kind: z.literal('relink') }),
  /** A quiet period has passed since the last header change of an order (orders are built line by line). */
  z.object({ kind: z.literal('settled'), version: z.number() }),
  /** The final target record, made by the target from the link's interim one (an order from its invoice). */
  z.object({ kind: z.literal('targetSettled'), snapshot: recordSnapshotSchema }),
]);
export type LinkEvent = z.infer<typeof linkEventSchema>;

/**
 * What a demand by update says of the work waiting for it: `waited` when that work is a first sync's backlog
 * (docs/DECISIONS.md 142). Absent for a fresh change's, and from callers older than the field.
 */
export const demandOptionsSchema = z.object({ waited: z.boolean().optional() });
export type DemandOptions = z.infer<typeof demandOptionsSchema>;

/** How a signal was delivered: `live` for a fresh change, which goes ahead of a first sync's backlog. */
export const deliverySchema = z.object({ live: z.boolean().optional() });
export type Delivery = z.infer<typeof deliverySchema>;

export const linkStateSchema = z.object({
  linkId: z.string(),
  dataflow: z.string(),
  source: sourceRefSchema,
  status: linkStatusSchema,
  parkedReason: z.string().optional(),
  /** The mapping this record currently feeds (Customers switch between mappings with IsPerson). */
  mappingId: z.string().optional(),
  target: targetRefSchema.optional(),
  /** Display name for the Web UI memo and the CLI (never in search attributes). */
  displayName: z.string().optional(),
  /** True once an order (or other referencing record) demanded this on-demand record. */
  demanded: z.boolean(),
  /** The newest source version observed, and the version our own last write produced (echo filter). */
  sourceVersion: z.number(),
  writtenSourceVersion: z.number(),
  /** The linked properties in target space as the source last showed them (diffed to find source edits). */
  sourceSeen: z.record(z.string(), z.unknown()),
  /** Per property: value, time and origin of the latest edit this link knows of. */
  props: propertyMapSchema,
  /** Hash of the last source record seen and of the last data written to each side. */
  hashes: z.object({
    sourceRead: z.string().optional(),
    sourceWritten: z.string().optional(),
    targetWritten: z.string().optional(),
  }),
  /** The last snapshot, kept for records that need it later (orders waiting to settle, dormant customers). */
  lastSnapshot: recordSnapshotSchema.optional(),
  /** When `lastSnapshot` was read whole from the source (epoch ms): an order's second pass reuses a fresh read. */
  lastSnapshotReadAt: z.number().optional(),
  /** Events accepted by handlers and not processed yet (carried through continue-as-new). */
  queue: z.array(linkEventSchema),
  /** Set while a vendor fails: the queue is held, whole and in order, and tried again at `until`. */
  retrying: retryingSchema.optional(),
  /** Target edits that reached the link while it was parked, written back once it runs again. */
  heldTargetChanges: propertyMapSchema.optional(),
});
export type LinkState = z.infer<typeof linkStateSchema>;

export const recordEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('attach'),
    linkId: z.string(),
    mappingId: z.string(),
    proposals: propertyMapSchema,
    /** The target as it was when the link resolved it (created or matched). */
    snapshot: recordSnapshotSchema,
    /** True when linkflow created the record (remembered for ever). */
    created: z.boolean(),
    /**
     * True when the snapshot is the create's own answer. A record linkflow created but read later (a retried
     * create that met duplicate_entry) may hold edits made since, which must keep their own time.
     */
    createdNow: z.boolean().optional(),
    live: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('propose'),
    linkId: z.string(),
    proposals: propertyMapSchema,
    live: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('detach'), linkId: z.string() }),
  z.object({ kind: z.literal('observed'), snapshot: recordSnapshotSchema, live: z.boolean().optional() }),
]);
export type RecordEvent = z.infer<typeof recordEventSchema>;

export const recordStateSchema = z.object({
  target: targetRefSchema,
  status: z.enum(['active', 'target-deleted', 'parked']),
  parkedReason: z.string().optional(),
  /** linkId → mappingId of every link that points at this record. */
  links: z.record(z.string(), z.string()),
  createdByLinkflow: z.boolean(),
  props: propertyMapSchema,
  /** The linked properties as the target last showed them (after our write or an observation). */
  targetSeen: z.record(z.string(), z.unknown()),
  targetVersion: z.number(),
  writtenTargetVersion: z.number(),
  /**
   * The writer's last write: the version of the target it was decided on, the version it made, and what each
   * written property held before (`replaced`) and after it (`wrote`). An observation between the two versions
   * that shows a third value is an edit the write replaced, weighed by its time rather than dropped as old
   * (docs/DECISIONS.md 138).
   */
  lastWrite: z
    .object({
      readVersion: z.number(),
      version: z.number(),
      replaced: z.record(z.string(), z.unknown()),
      wrote: z.record(z.string(), z.unknown()),
    })
    .optional(),
  queue: z.array(recordEventSchema),
  retrying: retryingSchema.optional(),
});
export type RecordState = z.infer<typeof recordStateSchema>;

const pollerCursorSchema = z.object({
  since: z.number().nullable(),
  seen: z.array(z.string()),
  opaque: z.string().optional(),
  /** The cursor a pass ended with (connectors/connector.ts). */
  caughtUp: z.boolean().optional(),
  /** The time through which every change has been read (connectors/connector.ts; docs/DECISIONS.md 152). */
  settledThrough: z.number().optional(),
  /** Where a read stopped inside a crowd of records (connectors/connector.ts; docs/DECISIONS.md 154). */
  resume: z.object({ filterFrom: z.number().nullable(), continuation: z.string().optional() }).optional(),
});

export const pollerStateSchema = z.object({
  system: z.string(),
  resource: z.string(),
  cursor: pollerCursorSchema,
  /**
   * While a long pass works off a backlog (a first sync, a catch-up), a second cursor that reads the changes
   * made since the pass began, one page an interval, in the live lane (docs/DECISIONS.md 98).
   */
  head: pollerCursorSchema.optional(),
  intervalMs: z.number().int().positive(),
  /** Completed passes that found nothing new (for "caught up" in status and the demo). */
  idlePasses: z.number().int(),
  dispatched: z.number().int(),
  stopRequested: z.boolean(),
  lastError: z.string().optional(),
});
export type PollerState = z.infer<typeof pollerStateSchema>;
