/**
 * One long-lived change poller per (system, resource): `poller/<system>/<resource>`. It keeps its cursor in
 * its own state (carried through continue-as-new) and hands every changed record to the workflow that owns
 * it, in one activity per page. Between passes it sleeps for its interval, or until `pollNow`.
 *
 * A poller never fails: a page that cannot be read after a few attempts (API down, credentials refused) is
 * tried again after a growing pause, with status `failing` and the error in the memo meanwhile, so that
 * fixing the cause (the credentials, say) needs no restart. Records it cannot read do not fail a page: the
 * activity hands them to their links, which park with the reason.
 */
import {
  ActivityFailure,
  type ActivityOptions,
  condition,
  continueAsNew,
  makeContinueAsNewFunc,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { PollerState } from '../model/sync-state';
import type { PollerWorkflowInput } from '../model/workflow-inputs';
import type { PollActivities, PollChangesResult } from '../activities/poll-activities';
import {
  LinkDataflow,
  LinkflowKind,
  LinkSourceSystem,
  LinkSourceType,
  LinkStatus,
} from '../temporal/search-attributes';
import {
  boundedPollActivityOptions,
  LIVE_QUEUE_SUFFIX,
  mainQueueOf,
  pollActivityOptions,
  pollersQueue,
} from './activity-options';
import { historyIsLong } from './event-loop';
import { failureMessage } from './failure-message';
import { pollerStateQuery, pollNowSignal, stopPollingSignal } from './messages';
import { CURRENT_PATCHES, POLLER_PATCHES, patchCheck } from './patches';
import { nextPollDelayMs, remainingPauseMs } from './poll-interval';

/** Poll activities on a lane of the main queue: the pollers' own queue (docs/DECISIONS.md 157) serves no activity. */
function polls(options: ActivityOptions, lane = ''): PollActivities['pollChanges'] {
  const taskQueue = `${mainQueueOf(workflowInfo().taskQueue)}${lane}`;
  return proxyActivities<PollActivities>({ ...options, taskQueue }).pollChanges;
}
/** Pages read in the live lane: a poller is never stuck behind a first sync's backlog of activities. */
function livePolls(): PollActivities['pollChanges'] {
  return polls(boundedPollActivityOptions, LIVE_QUEUE_SUFFIX);
}

/** Pause after the n-th failed pass in a row: 1 s, 2 s, 4 s, … at most 5 minutes. */
function pollerBackoffMs(failures: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, failures - 1), 5 * 60_000);
}

/** The memo holds the error text for `sync status` without a worker; long API answers are cut. */
const MEMO_ERROR_LENGTH = 1_000;

/** A poller's run continues as new at this many events (80 pages or so; about 0.3 MB at most). */
export const POLLER_HISTORY_EVENTS = 500;

/** Whether a pass that began at `startedAt` has lasted long enough to read its head (connectors with timestamps). */
function startsHead(cursor: PollerState['cursor'], startedAt: number, intervalMs: number): boolean {
  return cursor.opaque === undefined && Date.now() - startedAt >= intervalMs;
}

/**
 * While the poller's pass works off a backlog (state.head set), reads the changes made since the pass began, a
 * page an interval, in the live lane: a record created or edited meanwhile reaches the other side within
 * about two intervals instead of at the end of the pass. Read twice (here and by the pass), a change is
 * dropped the second time by its link, which has seen its version.
 */
async function readHeadDuringBacklog(
  state: PollerState,
  dataflow: string,
  reading: HeadReading,
  isPatched: (patchId: string) => boolean,
): Promise<void> {
  const read = livePolls();
  let lastReadAt: number | undefined;
  for (;;) {
    await condition(() => state.stopRequested || state.head !== undefined);
    if (state.stopRequested) return;
    const pauseMs =
      lastReadAt !== undefined && isPatched(POLLER_PATCHES.intervalFromStart)
        ? remainingPauseMs(state.intervalMs, lastReadAt, Date.now())
        : state.intervalMs;
    if (pauseMs > 0) await condition(() => state.stopRequested || state.head === undefined, pauseMs);
    const head = state.head;
    if (reading.closing) return;
    if (state.stopRequested || head === undefined) continue;
    const pass = state.cursor.since;
    const passAtHead =
      pass !== null &&
      head.since !== null &&
      (pass > head.since || (pass === head.since && isPatched(POLLER_PATCHES.headMeetsPass)));
    if (passAtHead && isPatched(POLLER_PATCHES.headLeavesPass)) {
      // The pass reads the newest changes itself now; reading from its cursor would hand the same records on
      // at the same time as its next call. Looked at again an interval later.
      lastReadAt = Date.now();
      continue;
    }
    // Before that patch: once the pass had read past the head's position, the head read on from its cursor.
    const cursor = passAtHead ? state.cursor : head;
    reading.inFlight = true;
    lastReadAt = Date.now();
    try {
      const page = await read({ dataflow, system: state.system, resource: state.resource, cursor, head: true });
      state.dispatched += page.dispatched;
      if (state.head !== undefined) state.head = page.cursor;
    } catch (error) {
      // The pass reads these changes anyway; the next interval tries again.
      if (!(error instanceof ActivityFailure)) throw error;
    } finally {
      reading.inFlight = false;
    }
  }
}

/** Whether a head read is under way, and whether the run is closing (then none starts). */
interface HeadReading {
  inFlight: boolean;
  closing: boolean;
}

export async function pollerWorkflow(input: PollerWorkflowInput): Promise<PollerState> {
  const isPatched = patchCheck(input.bornWith);
  // Pollers started before this change replay on the old branch: no memo, unlimited retries, and a page that
  // fails for good fails the poller.
  const survivesFailures = isPatched(POLLER_PATCHES.survivesFailures);
  const state: PollerState = input.state ?? {
    system: input.system,
    resource: input.resource,
    cursor: { since: null, seen: [] },
    intervalMs: input.intervalMs,
    idlePasses: 0,
    dispatched: 0,
    stopRequested: false,
  };
  let pollRequested = false;
  setHandler(pollNowSignal, () => {
    pollRequested = true;
  });
  setHandler(stopPollingSignal, () => {
    state.stopRequested = true;
  });
  setHandler(pollerStateQuery, () => state);

  let published = '';
  const publish = (status: string): void => {
    // Since the patch the memo carries the error (and the count handed on), so it is published with the status.
    const key = survivesFailures ? JSON.stringify([status, state.lastError ?? null]) : status;
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'poller' },
      { key: LinkStatus, value: status },
      { key: LinkDataflow, value: input.dataflow },
      { key: LinkSourceSystem, value: input.system },
      { key: LinkSourceType, value: input.resource },
    ]);
    if (survivesFailures) {
      upsertMemo({ lastError: state.lastError?.slice(0, MEMO_ERROR_LENGTH) ?? null, dispatched: state.dispatched });
    }
  };

  let failures = survivesFailures ? (input.consecutiveFailures ?? 0) : 0;
  publish(failures > 0 ? 'failing' : 'polling');

  const readsHead = survivesFailures && isPatched(POLLER_PATCHES.headRead);
  const headReading: HeadReading = { inFlight: false, closing: false };
  if (readsHead) void readHeadDuringBacklog(state, input.dataflow, headReading, isPatched);

  // A short history: a poller wakes every few seconds, and one evicted from the workflow cache (thousands of links
  // pass through it during a first sync) replays its whole history first. At 3,700 events (a megabyte) that
  // replay took 5-8 s, longer than some workflow tasks' timeout (docs/DECISIONS.md 102).
  const historyLimit =
    input.continueAsNewAfterEvents ?? (isPatched(POLLER_PATCHES.shortHistory) ? POLLER_HISTORY_EVENTS : undefined);
  let dispatchedThisPass = 0;
  let passStartedAt: number | undefined;
  while (!state.stopRequested && !historyIsLong(historyLimit)) {
    passStartedAt ??= Date.now();
    const request = { dataflow: input.dataflow, system: state.system, resource: state.resource, cursor: state.cursor };
    let page: PollChangesResult;
    try {
      const read = !survivesFailures
        ? polls(pollActivityOptions)
        : isPatched(POLLER_PATCHES.liveLane)
          ? livePolls()
          : polls(boundedPollActivityOptions);
      page = await read(request);
    } catch (error) {
      if (!survivesFailures || !(error instanceof ActivityFailure)) throw error;
      failures += 1;
      state.lastError = failureMessage(error);
      publish('failing');
      // A timer, not a retry loop inside the activity: the status shows the failure while it lasts, and
      // `pollNow` (after fixing the cause) or a stop cuts the pause short.
      pollRequested = false;
      await condition(() => pollRequested || state.stopRequested, pollerBackoffMs(failures));
      continue;
    }
    if (survivesFailures && failures > 0) {
      failures = 0;
      state.lastError = undefined;
      publish('polling');
    }
    state.cursor = page.cursor;
    state.dispatched += page.dispatched;
    dispatchedThisPass += page.dispatched;
    state.lastError = page.error;
    if (page.more) {
      // A pass longer than an interval is a backlog: from now on its head is read too, from the pass's start.
      if (readsHead && state.head === undefined && startsHead(state.cursor, passStartedAt, state.intervalMs))
        state.head = { since: passStartedAt, seen: [] };
      continue;
    }
    const passBegan = passStartedAt;
    passStartedAt = undefined;
    if (readsHead) state.head = undefined;
    // While requests wait for a vendor's budget a backlog is being worked off: stay at the base interval, so
    // that a fresh change made meanwhile is seen within it (it goes ahead of the backlog in the live lane).
    const busy = page.busy === true && isPatched(POLLER_PATCHES.liveLane);
    state.idlePasses = dispatchedThisPass === 0 && !busy ? state.idlePasses + 1 : 0;
    dispatchedThisPass = 0;
    publish(page.error ? 'failing' : state.idlePasses > 0 ? 'caught-up' : 'polling');
    pollRequested = false;
    const delayMs = isPatched(POLLER_PATCHES.adaptiveInterval)
      ? nextPollDelayMs(state.intervalMs, state.idlePasses, input.idleCeilingMs)
      : state.intervalMs;
    const pauseMs = isPatched(POLLER_PATCHES.intervalFromStart)
      ? remainingPauseMs(delayMs, passBegan, Date.now())
      : delayMs;
    if (pauseMs > 0) await condition(() => pollRequested || state.stopRequested, pauseMs);
  }
  if (readsHead && headReading.inFlight && isPatched(POLLER_PATCHES.headReadLands)) {
    // A run that ended with a head read under way threw its result away (the worker's completion found the
    // run closed) and the next run read that page again from the old cursor, an interval later.
    headReading.closing = true;
    await condition(() => !headReading.inFlight);
  }
  if (state.stopRequested) {
    publish('stopped');
    // The final state (with its cursor) is the result: `sync start` resumes from it.
    return { ...state, stopRequested: false };
  }
  // The count of the run before is replaced, not carried (undefined leaves the JSON input).
  const consecutiveFailures = failures > 0 ? failures : undefined;
  const next = { ...input, state, consecutiveFailures, bornWith: CURRENT_PATCHES };
  // A poller started on the main queue (before the pollers had a queue of their own) moves there now.
  const queue = workflowInfo().taskQueue;
  if (queue === mainQueueOf(queue) && isPatched(POLLER_PATCHES.ownQueue))
    return makeContinueAsNewFunc<typeof pollerWorkflow>({ taskQueue: pollersQueue(queue) })(next);
  return continueAsNew<typeof pollerWorkflow>(next);
}
