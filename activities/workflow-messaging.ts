/**
 * Starting and messaging linkflow's workflows from activities and the CLI. Signal-with-start and
 * update-with-start make "start it if needed, then tell it" one atomic call, so no event waits for a
 * workflow that is not there yet.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import type { Priority, SignalDefinition, Workflow } from '@temporalio/common';
import type { RecordSnapshot } from '../connectors/connector';
import { linkWorkflowId, mergeWorkflowId, recordWorkflowId } from '../model/ids';
import { requestPriority } from '../connectors/common/request-priority';
import type {
  Delivery,
  DemandOptions,
  LinkEvent,
  LinkState,
  PropertyMap,
  RecordEvent,
  RecordState,
  SourceProblem,
  SourceRef,
  TargetRef,
} from '../model/sync-state';
import { startingRecordState } from './record-state';
import type { SyncContext } from './sync-context';
import {
  linkWorkflowInputSchema,
  mergeWorkflowInputSchema,
  recordWorkflowInputSchema,
  type ResolveRequest,
  type ResolveResult,
} from '../model/workflow-inputs';
import {
  demandSignal,
  ensureTargetUpdate,
  recordEventSignal,
  resolveTargetUpdate,
  sourceObservedSignal,
  sourceUnreadableSignal,
  targetChangedSignal,
  targetSettledSignal,
} from '../workflows/messages';
import {
  LinkDataflow,
  LinkflowKind,
  LinkSourceId,
  LinkSourceSystem,
  LinkSourceType,
  LinkStatus,
  LinkTargetId,
  LinkTargetSystem,
  LinkTargetType,
  runningLinksQuery,
} from '../temporal/search-attributes';
import { CURRENT_PATCHES } from '../workflows/patches';
import { BACKLOG_PRIORITY, LIVE_PRIORITY, UNDER_WAY_PRIORITY, waitedForPriority } from '../temporal/task-priority';

export interface Messaging {
  client: Client;
  taskQueue: string;
  idPrefix: string;
}

/** How the activities of one sync context reach linkflow's workflows. */
export function messagingOf(context: Pick<SyncContext, 'client' | 'taskQueue' | 'config'>): Messaging {
  return { client: context.client, taskQueue: context.taskQueue, idPrefix: context.config.workflowIdPrefix };
}

/**
 * Two knobs for tests (and a curious operator), read from the worker's environment and passed to the link and
 * record workflows it starts:
 * - LINKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS rolls a workflow over after that many history events, so that
 *   continue-as-new can be watched without waiting for the server's suggestion (thousands of events);
 * - LINKFLOW_FIRST_RETRY_MS shortens the first hold after a failing batch (15 s otherwise), so that a test of
 *   an outage need not wait out real holds.
 */
const positiveWhole = z.coerce.number().int().positive().optional();
function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  const parsed = positiveWhole.safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) throw new Error(`${name} must be a positive whole number, not "${String(raw)}"`);
  return parsed.data;
}
function rolloverInput(): { continueAsNewAfterEvents?: number; firstRetryMs?: number } {
  const continueAsNewAfterEvents = envNumber('LINKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS');
  const firstRetryMs = envNumber('LINKFLOW_FIRST_RETRY_MS');
  return {
    ...(continueAsNewAfterEvents === undefined ? {} : { continueAsNewAfterEvents }),
    ...(firstRetryMs === undefined ? {} : { firstRetryMs }),
  };
}

/** `{ live: true }` for a fresh change, nothing otherwise (so backlog messages look as they always did). */
const liveFlag = (live: boolean): { live?: true } => (live ? { live: true } : {});

/**
 * Work done in the live lane (activities/live-lane.ts) keeps the records it touches in the live lane: a fresh
 * change's, and the work the backlog waits for in it (its requests behind a fresh change's, docs/DECISIONS.md 142).
 */
const workingLive = (): boolean => requestPriority() !== 'backlog';
/** Live-lane work the backlog waits for: what it asks of others keeps its place behind fresh changes. */
const waitedFlag = (): { waited?: true } => (requestPriority() === 'waited' ? { waited: true } : {});

/**
 * A workflow started for a fresh change has its workflow tasks handed out ahead of a first sync's backlog
 * (temporal/task-priority.ts); the backlog's come after the record writers'.
 */
const startPriority = (live: boolean): Priority => (live ? LIVE_PRIORITY : BACKLOG_PRIORITY);

/**
 * How a link is started: its id, input, and what it would publish first (no search-attribute or memo action). A
 * link whose first pass the poller made starts with that state, and with the search attributes it publishes.
 */
function linkStart(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  displayName: string | null,
  priority: Priority,
  first?: { event: LinkEvent } | { state: LinkState },
) {
  const state = first !== undefined && 'state' in first ? first.state : undefined;
  const target = state?.target;
  return {
    workflowId: linkWorkflowId(messaging.idPrefix, dataflow, source.resource, source.id),
    taskQueue: messaging.taskQueue,
    priority,
    args: [
      linkWorkflowInputSchema.parse({
        dataflow,
        source,
        bornWith: CURRENT_PATCHES,
        ...rolloverInput(),
        ...(first !== undefined && 'event' in first ? { firstEvent: first.event } : {}),
        ...(state === undefined ? {} : { state }),
      }),
    ],
    typedSearchAttributes: [
      { key: LinkflowKind, value: 'link' },
      { key: LinkStatus, value: state?.status ?? 'pending' },
      { key: LinkDataflow, value: dataflow },
      { key: LinkSourceSystem, value: source.system },
      { key: LinkSourceType, value: source.resource },
      { key: LinkSourceId, value: source.id },
      ...(target === undefined
        ? []
        : [
            { key: LinkTargetSystem, value: target.system },
            { key: LinkTargetType, value: target.type },
            { key: LinkTargetId, value: target.id },
          ]),
    ],
    memo: { displayName: state?.displayName ?? displayName, parkedReason: null, retryingReason: null },
  };
}

/** Signals a link, starting it first if it does not run yet (one atomic call). */
async function signalLink<Args extends unknown[]>(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  signal: SignalDefinition<Args>,
  signalArgs: Args,
  displayName: string | null = null,
  live = workingLive(),
): Promise<void> {
  await messaging.client.workflow.signalWithStart<Workflow, unknown[]>('linkWorkflow', {
    ...linkStart(messaging, dataflow, source, displayName, startPriority(live)),
    signal: signal.name,
    signalArgs,
  });
}

/** How the poller hands a record on: see observeSource. */
export interface Observation {
  delivery?: Delivery;
  /** What the link will show for the record; a new link starts with it in its memo. */
  displayName?: string | null;
  /** The poller takes the record to be new to linkflow. */
  likelyNew?: boolean;
  /** The state of a new record's link whose first pass the poller made (link-activities `firstPassLinked`). */
  linked?: LinkState;
  /**
   * A link would only watch the record (created on demand, a document not ready): its first pass is known to
   * leave it dormant (docs/DECISIONS.md 118).
   */
  dormant?: boolean;
}

/**
 * Hands a source record to its link. A new link starts with the record's display name in its memo, so that
 * linking later changes its search attributes only. A record the poller takes to be new (`likelyNew`) has its
 * link started with the observation in its input, one action instead of a start and a signal; if the link runs
 * already, it is signalled as any other. A record a link would only watch (`dormant`) gets no link at all while
 * none runs for it: whatever needs it later (an order's demand, a change that makes it ready) starts
 * one, which reads the record then (docs/DECISIONS.md 118). 'unneeded' says so.
 */
export async function observeSource(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  snapshot: RecordSnapshot,
  { delivery = {}, displayName = null, likelyNew = false, dormant = false, linked }: Observation = {},
): Promise<'started' | 'signalled' | 'unneeded'> {
  // The delivery says whether the record is a fresh change. Not the lane the poll runs in: every page is read in
  // the live lane, and taking that for freshness started a first sync's backlog links with the live key, level
  // with the fresh changes they were meant to let pass (docs/DECISIONS.md 130).
  const live = delivery.live === true;
  if (dormant) {
    // A link that runs already (demanded before the poller came to the record) must hear of the change.
    if ((await runningLink(messaging, dataflow, source)) === undefined) return 'unneeded';
  } else if (likelyNew) {
    const event: LinkEvent = { kind: 'sourceObserved', snapshot, ...liveFlag(delivery.live === true) };
    try {
      await messaging.client.workflow.start(
        'linkWorkflow',
        linkStart(
          messaging,
          dataflow,
          source,
          displayName,
          startPriority(live),
          linked ? { state: linked } : { event },
        ),
      );
      return 'started';
    } catch (error) {
      // Started meanwhile (by an order's demand, or a writer's answer to the pass's attach): it reads the record
      // now, and the pass made here, all of it idempotent, is found done.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  await signalLink(messaging, dataflow, source, sourceObservedSignal, [snapshot, delivery], displayName, live);
  return 'signalled';
}

/**
 * A record's link as the server describes it (a read of the server's state: no message, no history event), or
 * undefined when none runs.
 */
async function runningLink(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
): Promise<WorkflowExecutionDescription | undefined> {
  try {
    const handle = messaging.client.workflow.getHandle(
      linkWorkflowId(messaging.idPrefix, dataflow, source.resource, source.id),
    );
    const description = await handle.describe();
    return description.status.name === 'RUNNING' ? description : undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** Hands a source record the poller could not read to its link, which parks with the reason. */
export async function reportUnreadableSource(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  problem: SourceProblem,
): Promise<void> {
  await signalLink(messaging, dataflow, source, sourceUnreadableSignal, [problem]);
}

/**
 * Tells a record writer of a change seen in its record; records nobody links to are left alone. A writer started
 * with its state may still wait for its first event without having run (`WRITER_WAKES_BY_ITSELF_AFTER`), and
 * only a signal-with-start wakes such a writer: a plain signal would lie in its history unread until then.
 */
export async function observeTarget(
  messaging: Messaging,
  target: TargetRef,
  snapshot: RecordSnapshot,
  delivery: Delivery = {},
): Promise<boolean> {
  const workflowId = recordWorkflowId(messaging.idPrefix, target);
  try {
    // A read of the server's state (no history event): a signal-with-start alone would start a writer here.
    const { status } = await messaging.client.workflow.getHandle(workflowId).describe();
    if (status.name !== 'RUNNING') return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
  await messaging.client.workflow.signalWithStart('recordWorkflow', {
    ...recordWriterStart(messaging, target),
    signal: recordEventSignal,
    signalArgs: [{ kind: 'observed', snapshot, ...liveFlag(delivery.live === true) }],
  });
  return true;
}

/**
 * How long a record writer started with its state waits for its first event before it runs its first workflow
 * task anyway. Most records a first sync creates are never edited again in the target; their writers then cost
 * the start and nothing more, where each ran a workflow task at once, one of the five a new person cost
 * (docs/DECISIONS.md 128). Every event reaches a writer by signal-with-start, which wakes it at once.
 */
export const WRITER_WAKES_BY_ITSELF_AFTER = '30 days';

/** How a record writer is started: its id, input, search attributes and memo (none changed by its first task). */
function recordWriterStart(messaging: Messaging, target: TargetRef, state?: RecordState) {
  return {
    workflowId: recordWorkflowId(messaging.idPrefix, target),
    taskQueue: messaging.taskQueue,
    priority: UNDER_WAY_PRIORITY,
    args: [
      recordWorkflowInputSchema.parse({
        target,
        bornWith: CURRENT_PATCHES,
        ...rolloverInput(),
        ...(state && { state }),
      }),
    ],
    typedSearchAttributes: [
      { key: LinkflowKind, value: 'record' },
      { key: LinkStatus, value: 'active' },
      { key: LinkTargetSystem, value: target.system },
      { key: LinkTargetType, value: target.type },
      { key: LinkTargetId, value: target.id },
    ],
    memo: { parkedReason: null, retryingReason: null },
  };
}

export async function sendRecordEvent(messaging: Messaging, target: TargetRef, event: RecordEvent): Promise<void> {
  const delivered = event.kind === 'detach' ? event : { ...event, ...liveFlag(workingLive()) };
  // A new record whose attach needs no work (the target holds what the link brings) starts with its state and
  // waits for its first event without running: one action, no signal, workflow task or activity. A writer that
  // runs already gets the signal.
  const starting = event.kind === 'attach' ? startingRecordState(target, event) : undefined;
  if (starting) {
    try {
      await messaging.client.workflow.start('recordWorkflow', {
        ...recordWriterStart(messaging, target, starting),
        startDelay: WRITER_WAKES_BY_ITSELF_AFTER,
      });
      return;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  await messaging.client.workflow.signalWithStart('recordWorkflow', {
    ...recordWriterStart(messaging, target),
    signal: recordEventSignal,
    signalArgs: [delivered],
  });
}

/**
 * Tells a link of changes its target record took (a record writer's fan-out), in the live lane when the work
 * is. A link that no longer runs (terminated by hand) is skipped: the record serves the others.
 */
export async function sendTargetChanges(messaging: Messaging, linkId: string, changes: PropertyMap): Promise<void> {
  const handle = messaging.client.workflow.getHandle(linkId);
  try {
    if (workingLive()) await handle.signal(targetChangedSignal, changes, { live: true });
    else await handle.signal(targetChangedSignal, changes);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/**
 * The hash that names a merge workflow (`merge/<system>/<type>/<hash>`): of the target field and the normalised
 * key value, or of `id` and the id linkflow would give the record when it has no merge key. Ids carry no
 * personal data, so the key is hashed.
 */
export function mergeKeyHash(field: string, value: string): string {
  return createHash('sha256').update(`${field}\u0000${value}`).digest('hex');
}

export async function resolveThroughMergeKey(
  messaging: Messaging,
  keyHash: string,
  request: ResolveRequest,
): Promise<ResolveResult> {
  const startWorkflowOperation = new WithStartWorkflowOperation('mergeWorkflow', {
    workflowId: mergeWorkflowId(messaging.idPrefix, request.target.system, request.target.type, keyHash),
    taskQueue: messaging.taskQueue,
    // The link's activity waits for the answer, holding a slot: ahead of every start of its own freshness, so
    // that what is under way finishes before more is begun (docs/DECISIONS.md 125, 127, 133).
    priority: waitedForPriority(workingLive()),
    args: [
      mergeWorkflowInputSchema.parse({
        system: request.target.system,
        type: request.target.type,
        bornWith: CURRENT_PATCHES,
      }),
    ],
    typedSearchAttributes: [
      { key: LinkflowKind, value: 'merge' },
      { key: LinkTargetSystem, value: request.target.system },
      { key: LinkTargetType, value: request.target.type },
    ],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return messaging.client.workflow.executeUpdateWithStart(resolveTargetUpdate, {
    args: [{ ...request, ...liveFlag(workingLive()), ...waitedFlag() }],
    startWorkflowOperation,
  });
}

/** Asks a referenced record's link for its target (starting it if needed); it answers by signal to `by`. */
export async function demandLinkTarget(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  demand: { by: string; key: string },
): Promise<void> {
  await signalLink(messaging, dataflow, source, demandSignal, [demand]);
}

/**
 * The target a referenced record's link holds now, read from the link's own search attributes (a describe: no
 * message, no history event): an order whose customer and items are linked already need not demand them and
 * wait for answers. Undefined when the link does not run, or is not linked (then the demand asks it).
 */
export async function linkedTargetOf(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
): Promise<TargetRef | undefined> {
  const attributes = (await runningLink(messaging, dataflow, source))?.typedSearchAttributes;
  if (attributes?.get(LinkStatus) !== 'linked') return undefined;
  const system = attributes.get(LinkTargetSystem);
  const type = attributes.get(LinkTargetType);
  const id = attributes.get(LinkTargetId);
  return system !== undefined && type !== undefined && id !== undefined ? { system, type, id } : undefined;
}

/** Makes sure a referenced record has a target (creating it on demand), through its own link workflow. */
export async function ensureLinkTarget(
  messaging: Messaging,
  dataflow: string,
  source: SourceRef,
  requestedBy: string,
): Promise<TargetRef> {
  const startWorkflowOperation = new WithStartWorkflowOperation('linkWorkflow', {
    // Born with every patch, its search attributes and memo, as a link the poller starts: a link started
    // without them asked `patched()` for each patch (a marker and a search-attribute upsert each) and published
    // both at its first step, about nine actions more for each record an order demands (docs/DECISIONS.md 126).
    // The order's activity waits for the answer: a link started for it goes ahead of every other start of its
    // freshness (docs/DECISIONS.md 133).
    ...linkStart(messaging, dataflow, source, null, waitedForPriority(workingLive())),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  // A fresh change's order asks as before; the backlog's says so, and the demanded work lets fresh changes go first.
  const options: DemandOptions | undefined = requestPriority() === 'live' ? undefined : { waited: true };
  return messaging.client.workflow.executeUpdateWithStart(ensureTargetUpdate, {
    args: options === undefined ? [requestedBy] : [requestedBy, options],
    startWorkflowOperation,
  });
}

/**
 * Hands a record the target made itself (an order Chargebee created from a paid invoice) to the links whose
 * target is the interim record it came from, found by search attribute: no vendor request, and no sweep per
 * open order. Returns how many links were told.
 */
export async function settleLinksOfInterimTarget(
  messaging: Messaging,
  dataflow: string,
  interim: TargetRef,
  snapshot: RecordSnapshot,
): Promise<number> {
  const query = runningLinksQuery(messaging.idPrefix, [
    [LinkDataflow, dataflow],
    [LinkTargetSystem, interim.system],
    [LinkTargetType, interim.type],
    [LinkTargetId, interim.id],
  ]);
  let told = 0;
  for await (const execution of messaging.client.workflow.list({ query })) {
    await messaging.client.workflow.getHandle(execution.workflowId).signal(targetSettledSignal, snapshot);
    told += 1;
  }
  return told;
}
