/**
 * The single writer of one target record (`record/<system>/<type>/<id>`). Several links may feed it (a
 * contact person, an employee and a private customer with one e-mail all feed one Chargebee customer); it
 * keeps, per property, the value and time of the latest edit, writes only what changes, and fans edits made
 * in the target (or arriving from one link) out to every other link. Without one writer, two links writing
 * in parallel would lose the latest edit.
 */
import {
  ActivityFailure,
  CancellationScope,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RecordEvent, RecordState } from '../model/sync-state';
import type { RecordWorkflowInput } from '../model/workflow-inputs';
import { isOlderObservation, isWithinLastWrite, newRecordState } from '../model/record-state';
import type {
  InlineRecordActivities,
  ProcessRecordEventsResult,
  RecordActivities,
} from '../activities/record-activities';
import {
  LinkflowKind,
  LinkStatus,
  LinkTargetId,
  LinkTargetSystem,
  LinkTargetType,
} from '../temporal/search-attributes';
import {
  activityOptions,
  holdsLiveChange,
  inlineActivityOptions,
  LIVE_QUEUE_SUFFIX,
  stoppableActivityOptions,
} from './activity-options';
import { runEventLoop } from './event-loop';
import { attemptInline } from './inline-attempt';
import { recordEventSignal, recordStateQuery, targetChangedSignal, targetDeletedSignal } from './messages';
import { failureMessage } from './failure-message';
import { CURRENT_PATCHES, RECORD_PATCHES, patchCheck } from './patches';
import { nextRetrying, waitsAndRetries } from './retry-backoff';

const { processRecordEvents } = proxyActivities<RecordActivities>(activityOptions);
const { processRecordEvents: processRecordEventsStoppable } =
  proxyActivities<RecordActivities>(stoppableActivityOptions);
const { processRecordEventsInline } = proxyLocalActivities<InlineRecordActivities>(inlineActivityOptions);

/** A link that no longer runs (terminated by hand) must not stop the record from serving the others. */
async function signalLink(linkId: string, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    log.warn('could not signal link', { linkId, error: String(error) });
  }
}

export async function recordWorkflow(input: RecordWorkflowInput): Promise<void> {
  const isPatched = patchCheck(input.bornWith);
  const { processRecordEvents: processRecordEventsLive } = proxyActivities<RecordActivities>({
    ...activityOptions,
    taskQueue: `${workflowInfo().taskQueue}${LIVE_QUEUE_SUFFIX}`,
  });
  let state: RecordState = input.state ?? newRecordState(input.target);
  // Backlog work under way that a fresh change may stop, and whether the batch after a stop owes one.
  let stoppableBacklog: CancellationScope | undefined;
  let stoppedForLive = false;

  setHandler(recordEventSignal, (event: RecordEvent) => {
    // Our own write coming back from the poller (or an older read) is no change: drop it before any work. A read
    // taken between the last write's read and that write may show an edit the write replaced: the activity
    // weighs it (docs/DECISIONS.md 138).
    if (event.kind === 'observed' && isOlderObservation(state, event.snapshot.version)) {
      const mayHoldReplacedEdit = isWithinLastWrite(state, event.snapshot.version);
      if (!mayHoldReplacedEdit || !isPatched(RECORD_PATCHES.weighsReplacedEdits)) return;
    }
    state.queue.push(event);
    // A fresh change does not wait while backlog work for this record waits for the vendor's budget: that
    // work stops (if it has not written yet) and runs again with the change, in the live lane (131).
    if (stoppableBacklog !== undefined && holdsLiveChange([event])) {
      stoppableBacklog.cancel();
      stoppableBacklog = undefined;
    }
  });
  setHandler(recordStateQuery, () => state);

  // A record writer started by current code carries its first search attributes and memo from the start.
  let published = isPatched(RECORD_PATCHES.startsSearchable) ? recordPublishedAtStart() : '';
  const publish = (): void => {
    const fullKey = isPatched(RECORD_PATCHES.retryableFailuresWait);
    const shownStatus = state.retrying ? 'retrying' : state.status;
    // Histories recorded before the retrying status published on a change of status only, with no memo.
    const key = fullKey ? JSON.stringify([shownStatus, state.parkedReason, state.retrying?.reason]) : state.status;
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'record' },
      { key: LinkStatus, value: shownStatus },
      { key: LinkTargetSystem, value: state.target.system },
      { key: LinkTargetType, value: state.target.type },
      { key: LinkTargetId, value: state.target.id },
    ]);
    // The reasons go to the memo, where `linkflow sync status` reads them without a worker.
    if (fullKey)
      upsertMemo({ parkedReason: state.parkedReason ?? null, retryingReason: state.retrying?.reason ?? null });
  };
  publish();

  /** Runs the batch's activity; undefined when a fresh change stopped it before it wrote. */
  const run = async (events: RecordEvent[], live: boolean): Promise<ProcessRecordEventsResult | undefined> => {
    const input = { state: { ...state, queue: [] }, events };
    if (live && events.every((event) => event.kind === 'observed') && isPatched(RECORD_PATCHES.observationsInline)) {
      // An edit made in the target mostly writes nothing back: the batch reaches the links from this workflow
      // task. Whatever fails inline (a budget that would keep it waiting, a timeout) runs again queued; the work
      // is idempotent, and a link takes a change it holds already as no change.
      const inline = await attemptInline(() => processRecordEventsInline(input));
      if (inline) return inline;
    }
    if (live) return processRecordEventsLive(input);
    if (!isPatched(RECORD_PATCHES.liveStopsBacklog)) return processRecordEvents(input);
    const scope = new CancellationScope();
    stoppableBacklog = scope;
    try {
      return await scope.run(() => processRecordEventsStoppable(input));
    } catch (error) {
      if (!(scope.consideredCancelled && isCancellation(error))) throw error;
      return undefined;
    } finally {
      stoppableBacklog = undefined;
    }
  };

  const step = async (events: RecordEvent[]): Promise<void> => {
    try {
      // A fresh change goes ahead of a first sync's backlog, and its fan-out says so (workflows/activity-options.ts).
      // So does the batch a fresh change stopped: it goes again with the change (or just ahead of it).
      const live = (holdsLiveChange(events) || stoppedForLive) && isPatched(RECORD_PATCHES.liveLane);
      stoppedForLive = false;
      const result = await run(events, live);
      if (result === undefined) {
        // Nothing written, nothing lost: the batch goes back to the front, in order, with the change behind it.
        state.queue.unshift(...events);
        stoppedForLive = true;
        return;
      }
      if (isPatched(RECORD_PATCHES.stateReplaced)) {
        state = { ...result.state, queue: state.queue, retrying: undefined };
      } else {
        Object.assign(state, result.state, { queue: state.queue });
      }
      // Fan out after the write, so that links only ever hear of values the target really holds. Current activities
      // send the fan-out themselves and return none (activities/record-fan-out.ts); older histories carry it here.
      for (const fanOut of result.fanOut) {
        await signalLink(fanOut.linkId, () =>
          live
            ? getExternalWorkflowHandle(fanOut.linkId).signal(targetChangedSignal, fanOut.changes, { live: true })
            : getExternalWorkflowHandle(fanOut.linkId).signal(targetChangedSignal, fanOut.changes),
        );
      }
      const deletedReason = result.deletedReason;
      if (deletedReason) {
        for (const linkId of Object.keys(state.links)) {
          await signalLink(linkId, () => getExternalWorkflowHandle(linkId).signal(targetDeletedSignal, deletedReason));
        }
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      if (isPatched(RECORD_PATCHES.retryableFailuresWait) && waitsAndRetries(error)) {
        // Nothing is dropped: the proposals and observations go back to the front and wait out the outage.
        state.queue.unshift(...events);
        state.retrying = nextRetrying(state.retrying, error, Date.now(), Math.random(), input.firstRetryMs);
        publish();
        return;
      }
      state.status = 'parked';
      state.parkedReason = failureMessage(error);
    }
    publish();
  };

  await runEventLoop({
    state: {
      get queue() {
        return state.queue;
      },
    },
    step,
    maxBatch: 50,
    continueAsNewAfterEvents: input.continueAsNewAfterEvents,
    heldForMs: () => (state.retrying ? state.retrying.until - Date.now() : undefined),
  });
  await continueAsNew<typeof recordWorkflow>({ ...input, state, bornWith: CURRENT_PATCHES });
}

/** The publish key of the search attributes and memo the run started with (empty when it started without). */
function recordPublishedAtStart(): string {
  const info = workflowInfo();
  const status = info.typedSearchAttributes.get(LinkStatus);
  if (status === undefined || info.typedSearchAttributes.get(LinkflowKind) !== 'record') return '';
  const memo = info.memo ?? {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return JSON.stringify([status, text(memo['parkedReason']), text(memo['retryingReason'])]);
}
