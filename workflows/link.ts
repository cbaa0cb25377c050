/**
 * One link per source record (`link/<dataflow>/<resource>/<Id>`): the only writer of that source record, and
 * the holder of its link to the target. It queues what arrives (source observations from the poller, target
 * changes fanned out by the target's record workflow, demands from orders) and hands each batch to one
 * activity that maps, links or creates, and writes. Field names never appear here: mapping runs in
 * activities, so editing a dataflow file never breaks the replay of a running link.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DemandOptions, DependencyAnswer, LinkEvent, LinkState, LinkStatus, TargetRef } from '../model/sync-state';
import type { DependencyRequest, LinkWorkflowInput } from '../model/workflow-inputs';
import type { InlineLinkActivities, LinkActivities, ProcessLinkEventsInput } from '../activities/link-activities';
import { describeDependency } from '../model/dependency';
import { newLinkState } from '../model/link-state';
import {
  LinkDataflow,
  LinkflowKind,
  LinkSourceId,
  LinkSourceSystem,
  LinkSourceType,
  LinkStatus as LinkStatusKey,
  LinkTargetId,
  LinkTargetSystem,
  LinkTargetType,
} from '../temporal/search-attributes';
import { runEventLoop } from './event-loop';
import { attemptInline } from './inline-attempt';
import {
  demandSignal,
  dependencyAnsweredSignal,
  ensureTargetUpdate,
  linkStateQuery,
  relinkUpdate,
  resyncUpdate,
  retryUpdate,
  sourceObservedSignal,
  sourceUnreadableSignal,
  targetChangedSignal,
  targetDeletedSignal,
  targetSettledSignal,
} from './messages';
import { failureMessage } from './failure-message';
import {
  activityOptions,
  DEPENDENCIES_QUEUE_SUFFIX,
  dependencyActivityOptions,
  holdsLiveChange,
  inlineActivityOptions,
  LIVE_QUEUE_SUFFIX,
} from './activity-options';
import { nextRetrying, waitsAndRetries } from './retry-backoff';
import { LINK_PATCHES, patchCheck, CURRENT_PATCHES } from './patches';

const { processLinkEvents, requestDependencies } = proxyActivities<LinkActivities>(activityOptions);
const { processLinkEventsInline } = proxyLocalActivities<InlineLinkActivities>(inlineActivityOptions);

/** A dependency that has not answered in this long is asked again (its link may have been restarted by hand). */
const DEPENDENCY_ASK_AGAIN_MS = 5 * 60_000;

function initialLinkState(input: LinkWorkflowInput): LinkState {
  return newLinkState(workflowInfo().workflowId, input.dataflow, input.source);
}

const problemOf = (state: LinkState): string =>
  `has no target yet (${state.status}${state.parkedReason ? `: ${state.parkedReason}` : ''})`;

export async function linkWorkflow(input: LinkWorkflowInput): Promise<void> {
  const { ensureDependencies } = proxyActivities<LinkActivities>({
    ...dependencyActivityOptions,
    taskQueue: `${workflowInfo().taskQueue}${DEPENDENCIES_QUEUE_SUFFIX}`,
  });
  const isPatched = patchCheck(input.bornWith);
  const { processLinkEvents: processLinkEventsLive } = proxyActivities<LinkActivities>({
    ...activityOptions,
    taskQueue: `${workflowInfo().taskQueue}${LIVE_QUEUE_SUFFIX}`,
  });
  let state: LinkState = input.state ?? initialLinkState(input);
  // Ticket counters of the first version, kept so that histories recorded before LINK_PATCHES.waitByEvent replay.
  let queued = input.processedEvents ?? 0;
  let processed = queued;
  // The batch being processed: an update waits until its own event has left both the queue and this batch.
  let inFlight: LinkEvent[] = [];
  let wakeAt: number | undefined = input.wakeAt;
  let wakeEvent: LinkEvent | undefined = input.wakeEvent;
  const dependencyAnswers = new Map<string, DependencyAnswer>();

  const enqueue = (event: LinkEvent): { event: LinkEvent; ticket: number } => {
    if (event.kind === 'sourceObserved') {
      // Only the newest observation of the source matters; an older one waiting in the queue is dropped.
      const older = state.queue.findIndex((queuedEvent) => queuedEvent.kind === 'sourceObserved');
      const existing = older >= 0 ? state.queue[older] : undefined;
      if (existing?.kind === 'sourceObserved' && existing.snapshot.version >= event.snapshot.version) {
        return { event: existing, ticket: queued };
      }
      if (older >= 0) state.queue.splice(older, 1);
    }
    state.queue.push(event);
    queued += 1;
    return { event, ticket: queued };
  };
  const untilProcessed = async (queuedEvent: { event: LinkEvent; ticket: number }): Promise<void> => {
    if (isPatched(LINK_PATCHES.waitByEvent)) {
      // By identity, not by count: a replaced observation or a held batch can never leave a caller waiting.
      const { event } = queuedEvent;
      await condition(() => !state.queue.includes(event) && !inFlight.includes(event));
    } else {
      await condition(() => processed >= queuedEvent.ticket);
    }
  };

  setHandler(
    sourceObservedSignal,
    (snapshot, delivery) =>
      void enqueue({ kind: 'sourceObserved', snapshot, ...(delivery?.live === true ? { live: true } : {}) }),
  );
  setHandler(sourceUnreadableSignal, (problem) => void enqueue({ kind: 'sourceUnreadable', problem }));
  setHandler(
    targetChangedSignal,
    (changes, delivery) =>
      void enqueue({ kind: 'targetChanged', changes, ...(delivery?.live === true ? { live: true } : {}) }),
  );
  setHandler(targetDeletedSignal, (reason) => void enqueue({ kind: 'targetDeleted', reason }));
  // A handler only queues (no command): histories recorded before it existed replay unchanged.
  setHandler(targetSettledSignal, (snapshot) => void enqueue({ kind: 'targetSettled', snapshot }));
  setHandler(demandSignal, ({ by, key }) => void enqueue({ kind: 'demanded', by, key }));
  setHandler(dependencyAnsweredSignal, (answer) => void dependencyAnswers.set(answer.key, answer));
  setHandler(linkStateQuery, () => state);
  const demandsByUpdateLive = isPatched(LINK_PATCHES.demandedByUpdateLive);
  const demandsWaitedByBacklog = demandsByUpdateLive && isPatched(LINK_PATCHES.demandWaitedByBacklog);
  setHandler(ensureTargetUpdate, async (requestedBy: string, options?: DemandOptions): Promise<TargetRef> => {
    // The caller's activity waits for this answer: handled in the live lane, never behind a backlog; when the
    // caller is the backlog's, its requests still let a fresh change's go first.
    const waited = demandsWaitedByBacklog && options?.waited === true ? { waited: true as const } : {};
    const live = demandsByUpdateLive ? { live: true as const, ...waited } : {};
    if (!state.target) await untilProcessed(enqueue({ kind: 'demanded', by: requestedBy, ...live }));
    if (state.target) return state.target;
    throw ApplicationFailure.nonRetryable(
      `${state.source.resource} ${state.source.id} ${problemOf(state)}`,
      'DependencyNotReady',
    );
  });
  for (const [update, kind] of [
    [resyncUpdate, 'resync'],
    [retryUpdate, 'retry'],
    [relinkUpdate, 'relink'],
  ] as const) {
    setHandler(update, async () => {
      await untilProcessed(enqueue({ kind }));
      return state;
    });
  }

  // A new record's link is started with its first observation instead of being signalled it (one action less).
  if (input.firstEvent !== undefined && isPatched(LINK_PATCHES.startsWithEvent)) enqueue(input.firstEvent);

  // A link started by current code carries its first search attributes and memo from the start (no action).
  let publishedMemo = isPatched(LINK_PATCHES.memoApart) ? memoAtStart() : undefined;
  if (publishedMemo !== undefined && state.displayName === undefined) {
    // The starter put the record's display name in the memo; the state shows the same until the activity reads.
    const startedAs = workflowInfo().memo?.['displayName'];
    if (typeof startedAs === 'string') state = { ...state, displayName: startedAs };
  }
  let published = isPatched(LINK_PATCHES.startsSearchable) ? publishedAtStart(publishedMemo !== undefined) : '';
  const publish = (): void => {
    // Search attributes carry statuses and ids only; the display name (personal data) goes to the memo.
    const fullKey = isPatched(LINK_PATCHES.retryableFailuresWait);
    const shownStatus = state.retrying ? 'retrying' : state.status;
    const memo = {
      displayName: state.displayName ?? null,
      parkedReason: state.parkedReason ?? null,
      ...(fullKey ? { retryingReason: state.retrying?.reason ?? null } : {}),
    };
    // Histories recorded before the retrying status published on a change of status or target only, and
    // before the memo went apart, both together when any of them changed.
    const key =
      publishedMemo !== undefined
        ? JSON.stringify([shownStatus, state.target])
        : fullKey
          ? JSON.stringify([shownStatus, state.target, state.parkedReason, state.retrying?.reason])
          : JSON.stringify([state.status, state.target]);
    if (publishedMemo !== undefined) {
      const memoKey = JSON.stringify(memo);
      if (memoKey !== publishedMemo) {
        publishedMemo = memoKey;
        upsertMemo(memo);
      }
    }
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'link' },
      { key: LinkStatusKey, value: shownStatus },
      { key: LinkDataflow, value: state.dataflow },
      { key: LinkSourceSystem, value: state.source.system },
      { key: LinkSourceType, value: state.source.resource },
      { key: LinkSourceId, value: state.source.id },
      ...(state.target
        ? [
            { key: LinkTargetSystem, value: state.target.system },
            { key: LinkTargetType, value: state.target.type },
            { key: LinkTargetId, value: state.target.id },
          ]
        : []),
    ]);
    if (publishedMemo === undefined) upsertMemo(memo);
  };
  publish();

  /** Orders wait for their customer and items here, in workflow code: a worker kill only delays the answer. */
  const waitForDependencies = async (
    dependencies: DependencyRequest[],
  ): Promise<{ refs: Record<string, TargetRef>; problem?: string }> => {
    for (const dependency of dependencies) dependencyAnswers.delete(dependency.key);
    const answered = (): boolean => dependencies.every((dependency) => dependencyAnswers.has(dependency.key));
    while (!answered()) {
      const missing = dependencies.filter((dependency) => !dependencyAnswers.has(dependency.key));
      await requestDependencies({ linkId: state.linkId, dependencies: missing });
      await condition(answered, DEPENDENCY_ASK_AGAIN_MS);
    }
    const refs: Record<string, TargetRef> = {};
    const problems: string[] = [];
    for (const dependency of dependencies) {
      const answer = dependencyAnswers.get(dependency.key);
      if (answer?.target) refs[dependency.key] = answer.target;
      else {
        problems.push(`${describeDependency(dependency)}, which ${answer?.problem ?? 'did not answer'}`);
      }
    }
    return problems.length > 0 ? { refs, problem: problems.join('; ') } : { refs };
  };

  /** Tells the records that demanded this one what it has: its target, or why it has none. */
  const answerDemands = async (events: LinkEvent[]): Promise<void> => {
    for (const event of events) {
      if (event.kind !== 'demanded' || event.key === undefined) continue;
      const answer: DependencyAnswer = state.target
        ? { key: event.key, target: state.target }
        : { key: event.key, problem: problemOf(state) };
      try {
        await getExternalWorkflowHandle(event.by).signal(dependencyAnsweredSignal, answer);
      } catch (error) {
        // The demander no longer runs (ended by hand): nobody is waiting for this answer.
        log.warn('could not answer a demand', { demandedBy: event.by, error: String(error) });
      }
    }
  };

  const step = async (events: LinkEvent[]): Promise<void> => {
    inFlight = events;
    const answersInWorkflow = isPatched(LINK_PATCHES.dependencyWaitInWorkflow);
    try {
      if (answersInWorkflow && state.target && events.every((event) => event.kind === 'demanded')) {
        // Already linked: the answer needs no activity and no API request.
        await answerDemands(events);
        inFlight = [];
        processed += events.length;
        return;
      }
      // A fresh change goes ahead of a first sync's backlog (workflows/activity-options.ts).
      const live = holdsLiveChange(events) && isPatched(LINK_PATCHES.liveLane);
      const process = live ? processLinkEventsLive : processLinkEvents;
      const firstInput: ProcessLinkEventsInput = { state: { ...state, queue: [] }, events, resolvedRefs: {} };
      // A fresh edit made in the target is written back from the link's own workflow task: no activity task
      // waits in a queue first. Whatever fails inline (a budget that would keep it waiting, a timeout) runs
      // again queued; the write is idempotent, and a value the source holds already is no change.
      const inline =
        live && events.every((event) => event.kind === 'targetChanged') && isPatched(LINK_PATCHES.targetChangesInline);
      let result =
        (inline ? await attemptInline(() => processLinkEventsInline(firstInput)) : undefined) ??
        (await process(firstInput));
      if (result.dependencies.length > 0) {
        // An order needs its customer and items in the target first: wait for them, visibly.
        state.status = 'waiting';
        publish();
        const resolved = answersInWorkflow
          ? await waitForDependencies(result.dependencies)
          : await ensureDependencies({ linkId: state.linkId, dependencies: result.dependencies });
        const firstRead = isPatched(LINK_PATCHES.secondPassKeepsRead)
          ? { lastSnapshot: result.state.lastSnapshot, lastSnapshotReadAt: result.state.lastSnapshotReadAt }
          : {};
        result = await process({
          state: { ...state, ...firstRead, queue: [] },
          events,
          resolvedRefs: resolved.refs,
          dependencyProblem: resolved.problem,
        });
      }
      if (isPatched(LINK_PATCHES.stateReplaced)) {
        // Replaced, not merged: a field the activity cleared (a relinked target) must not survive here.
        state = { ...result.state, queue: state.queue, retrying: undefined };
      } else {
        Object.assign(state, result.state, { queue: state.queue });
      }
      wakeAt = result.wakeAfterMs === undefined ? undefined : Date.now() + result.wakeAfterMs;
      wakeEvent = result.wakeEvent;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      if (isPatched(LINK_PATCHES.retryableFailuresWait) && waitsAndRetries(error)) {
        // The vendor (or the worker, or the server) failed: nothing is dropped. The batch goes back to the
        // front of the queue and is tried again after a timer, however long the outage lasts.
        state.queue.unshift(...events);
        state.retrying = nextRetrying(state.retrying, error, Date.now(), Math.random(), input.firstRetryMs);
        inFlight = [];
        publish();
        return;
      }
      // The error cannot be fixed by retrying: park visibly; the others carry on.
      state.status = 'parked' satisfies LinkStatus;
      state.parkedReason = failureMessage(error);
      state.retrying = undefined;
    }
    inFlight = [];
    processed += events.length;
    publish();
    if (answersInWorkflow) await answerDemands(events);
  };

  const outcome = await runEventLoop({
    state: {
      get queue() {
        return state.queue;
      },
    },
    step,
    maxBatch: 20,
    continueAsNewAfterEvents: input.continueAsNewAfterEvents,
    wakeAfterMs: () => (wakeAt === undefined ? undefined : wakeAt - Date.now()),
    onWake: () => {
      const event = wakeEvent;
      wakeAt = undefined;
      wakeEvent = undefined;
      if (event) enqueue(event);
    },
    heldForMs: () => (state.retrying ? state.retrying.until - Date.now() : undefined),
  });
  if (outcome === 'continue-as-new') {
    await continueAsNew<typeof linkWorkflow>({
      ...input,
      firstEvent: undefined,
      state,
      processedEvents: processed,
      wakeAt,
      wakeEvent,
      bornWith: CURRENT_PATCHES,
    });
  }
}

/** The memo the run started with, as `publish` keys it (memo values are kept in this order: see publish). */
function memoAtStart(): string {
  const memo = workflowInfo().memo ?? {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return JSON.stringify({
    displayName: text(memo['displayName']),
    parkedReason: text(memo['parkedReason']),
    retryingReason: text(memo['retryingReason']),
  });
}

/**
 * The publish key of the search attributes (and, before the memo went apart, the memo) the run started with;
 * empty when it started without.
 */
function publishedAtStart(memoApart: boolean): string {
  const info = workflowInfo();
  const attributes = info.typedSearchAttributes;
  const status = attributes.get(LinkStatusKey);
  if (status === undefined || attributes.get(LinkflowKind) !== 'link') return '';
  const system = attributes.get(LinkTargetSystem);
  const type = attributes.get(LinkTargetType);
  const id = attributes.get(LinkTargetId);
  const target = system !== undefined && type !== undefined && id !== undefined ? { system, type, id } : undefined;
  if (memoApart) return JSON.stringify([status, target]);
  const memo = info.memo ?? {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return JSON.stringify([status, target, text(memo['parkedReason']), text(memo['retryingReason'])]);
}
