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
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LinkEvent, LinkState, LinkStatus, TargetRef } from '../model/sync-state';
import { linkWorkflowInputSchema, type LinkWorkflowInput } from '../model/workflow-inputs';
import type { LinkActivities } from '../activities/link-activities';
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
import {
  ensureTargetUpdate,
  linkStateQuery,
  relinkUpdate,
  resyncUpdate,
  retryUpdate,
  sourceObservedSignal,
  targetChangedSignal,
  targetDeletedSignal,
} from './messages';
import { failureMessage } from './failure-message';
import { activityOptions, DEPENDENCIES_QUEUE_SUFFIX, dependencyActivityOptions } from './activity-options';

const { processLinkEvents } = proxyActivities<LinkActivities>(activityOptions);

function initialLinkState(input: LinkWorkflowInput): LinkState {
  return {
    linkId: workflowInfo().workflowId,
    dataflow: input.dataflow,
    source: input.source,
    status: 'pending',
    demanded: false,
    sourceVersion: 0,
    writtenSourceVersion: 0,
    sourceSeen: {},
    props: {},
    hashes: {},
    queue: [],
  };
}

export async function linkWorkflow(rawInput: LinkWorkflowInput): Promise<void> {
  const { ensureDependencies } = proxyActivities<LinkActivities>({
    ...dependencyActivityOptions,
    taskQueue: `${workflowInfo().taskQueue}${DEPENDENCIES_QUEUE_SUFFIX}`,
  });
  const input = linkWorkflowInputSchema.parse(rawInput);
  const state: LinkState = input.state ?? initialLinkState(input);
  // Counters so that an update can wait until the event it queued has been processed.
  let queued = input.processedEvents ?? 0;
  let processed = queued;
  let wakeAt: number | undefined = input.wakeAt;
  let wakeEvent: LinkEvent | undefined = input.wakeEvent;

  const enqueue = (event: LinkEvent): number => {
    if (event.kind === 'sourceObserved') {
      // Only the newest observation of the source matters; an older one waiting in the queue is dropped.
      const older = state.queue.findIndex((queuedEvent) => queuedEvent.kind === 'sourceObserved');
      const existing = older >= 0 ? state.queue[older] : undefined;
      if (existing?.kind === 'sourceObserved' && existing.snapshot.version >= event.snapshot.version) return queued;
      if (older >= 0) state.queue.splice(older, 1);
    }
    state.queue.push(event);
    queued += 1;
    return queued;
  };
  const untilProcessed = async (ticket: number): Promise<void> => {
    await condition(() => processed >= ticket);
  };

  setHandler(sourceObservedSignal, (snapshot) => void enqueue({ kind: 'sourceObserved', snapshot }));
  setHandler(targetChangedSignal, (changes) => void enqueue({ kind: 'targetChanged', changes }));
  setHandler(targetDeletedSignal, (reason) => void enqueue({ kind: 'targetDeleted', reason }));
  setHandler(linkStateQuery, () => state);
  setHandler(ensureTargetUpdate, async (requestedBy: string): Promise<TargetRef> => {
    if (!state.target) {
      const ticket = enqueue({ kind: 'demanded', by: requestedBy });
      await untilProcessed(ticket);
    }
    if (state.target) return state.target;
    throw ApplicationFailure.nonRetryable(
      `${state.source.resource} ${state.source.id} has no target yet (${state.status}${state.parkedReason ? `: ${state.parkedReason}` : ''})`,
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

  let published = '';
  const publish = (): void => {
    // Search attributes carry statuses and ids only; the display name (personal data) goes to the memo.
    const key = JSON.stringify([state.status, state.target]);
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'link' },
      { key: LinkStatusKey, value: state.status },
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
    upsertMemo({ displayName: state.displayName ?? null, parkedReason: state.parkedReason ?? null });
  };
  publish();

  const step = async (events: LinkEvent[]): Promise<void> => {
    try {
      let result = await processLinkEvents({ state: { ...state, queue: [] }, events, resolvedRefs: {} });
      if (result.dependencies.length > 0) {
        // An order needs its customer and items in the target first: wait for them, visibly.
        state.status = 'waiting';
        publish();
        const resolved = await ensureDependencies({ linkId: state.linkId, dependencies: result.dependencies });
        result = await processLinkEvents({
          state: { ...state, queue: [] },
          events,
          resolvedRefs: resolved.refs,
          dependencyProblem: resolved.problem,
        });
      }
      Object.assign(state, result.state, { queue: state.queue });
      wakeAt = result.wakeAfterMs === undefined ? undefined : Date.now() + result.wakeAfterMs;
      wakeEvent = result.wakeEvent;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // Retries are spent or the error cannot be fixed by retrying: park visibly; the others carry on.
      state.status = 'parked' satisfies LinkStatus;
      state.parkedReason = failureMessage(error);
    }
    processed += events.length;
    publish();
  };

  const outcome = await runEventLoop({
    state,
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
  });
  if (outcome === 'continue-as-new') {
    await continueAsNew<typeof linkWorkflow>({ ...input, state, processedEvents: processed, wakeAt, wakeEvent });
  }
}
