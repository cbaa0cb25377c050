/**
 * Every change to code that running workflows execute goes behind `patched(id)`, so that a workflow started
 * before the change replays its history on the old branch and takes the new one from then on. The ids are
 * listed here, one per change, with what changed; a branch is removed (`deprecatePatch`) only once no
 * workflow that ran the old code can still be running or replayed (see docs/DECISIONS.md).
 *
 * Every `patched()` call records a marker and upserts the TemporalChangeVersion search attribute: two history
 * events, one of them a billable action, per patch per run. A run started by current code (a starter, or
 * continue-as-new) is born with every patch listed here (`bornWith` in its input), so it takes the new
 * branches without those markers; a run started before a patch still asks `patched()`.
 */
import { patched } from '@temporalio/workflow';

export const LINK_PATCHES = {
  /** Retryable failures hold the batch and retry after a timer instead of parking (nothing is dropped). */
  retryableFailuresWait: 'link-retryable-failures-wait',
  /** An update waits for its own event by identity, not by a count a replaced observation could skew. */
  waitByEvent: 'link-wait-by-event',
  /** The activity's state replaces the workflow's, so cleared fields stay cleared. */
  stateReplaced: 'link-state-replaced',
  /** Orders wait for their dependencies in workflow code (demand and answer signals), not in an activity. */
  dependencyWaitInWorkflow: 'link-dependency-wait-in-workflow',
  /** An order's pass after its dependencies answered gets the first pass's read, so it need not read again. */
  secondPassKeepsRead: 'link-second-pass-keeps-read',
  /** A batch holding a fresh change runs its activity in the live lane, ahead of a first sync's backlog. */
  liveLane: 'link-live-lane',
  /** Started with its search attributes and memo: the first publish is skipped when nothing differs. */
  startsSearchable: 'link-starts-searchable',
  /**
   * Search attributes and memo are upserted apart, each only when its own content changed: a link started with
   * its display name in the memo changes only its search attributes when it links (one action, not two).
   */
  memoApart: 'link-memo-apart',
  /** A link started for a new record's first observation gets it in its input (`firstEvent`), not by signal. */
  startsWithEvent: 'link-starts-with-event',
  /**
   * A demand made by update (an order's activity waits for the answer) is handled in the live lane, so that
   * the waiting activity is never stuck behind a first sync's backlog (docs/DECISIONS.md 95).
   */
  demandedByUpdateLive: 'link-demanded-by-update-live',
  /**
   * A demand by update from the backlog's work is handled on the live lane's queues with the `waited` request
   * priority, behind a fresh change's requests at the vendor's budget (docs/DECISIONS.md 142).
   */
  demandWaitedByBacklog: 'link-demand-waited-by-backlog',
  /**
   * A fresh batch of target changes only (an edit made in the target, fanned out by its record writer) runs inline,
   * as a local activity, and the queued live activity only if that fails (docs/DECISIONS.md 164).
   */
  targetChangesInline: 'link-target-changes-inline',
} as const;

export const RECORD_PATCHES = {
  retryableFailuresWait: 'record-retryable-failures-wait',
  stateReplaced: 'record-state-replaced',
  /** A batch holding a fresh change runs in the live lane, and its fan-out says the change is fresh. */
  liveLane: 'record-live-lane',
  startsSearchable: 'record-starts-searchable',
  /**
   * A fresh change stops the writer's backlog work that still waits for the vendor's budget, and the stopped
   * batch runs again with it in the live lane (docs/DECISIONS.md 131).
   */
  liveStopsBacklog: 'record-live-stops-backlog',
  /**
   * An observation between the last write's read and that write is kept for the activity, which weighs an edit
   * the write replaced, instead of being dropped as older than the write (docs/DECISIONS.md 138).
   */
  weighsReplacedEdits: 'record-weighs-replaced-edits',
  /**
   * A fresh batch of observations only (edits made in the target) runs inline, as a local activity, and the
   * queued live activity only if that fails: no task-queue round trip before the links hear of the edit
   * (docs/DECISIONS.md 164).
   */
  observationsInline: 'record-observations-inline',
} as const;

export const MERGE_PATCHES = {
  /** A failed find-or-create answers its caller ('unavailable') instead of failing the merge workflow. */
  neverFails: 'merge-never-fails',
  /** A request made for a fresh change is matched and created in the live lane. */
  liveLane: 'merge-live-lane',
  startsSearchable: 'merge-starts-searchable',
  /**
   * A request whose target had no backlog runs find-or-create as a local activity: one workflow task and no
   * task-queue round trip per new record (the throughput figures in docs/BENCHMARK-LOG.md).
   */
  inlineWhenIdle: 'merge-inline-when-idle',
  /** A request made inline only (a poller's first pass) is answered 'unavailable' when inline fails (DECISIONS 145). */
  inlineOnlyAnswers: 'merge-inline-only-answers',
} as const;

export const POLLER_PATCHES = {
  /**
   * A page that still fails after a few attempts is tried again after a growing timer, with status `failing`
   * and the error in the memo, instead of failing the poller; the memo also carries the count handed on.
   */
  survivesFailures: 'poller-survives-failures',
  /** Idle passes lengthen the pause between passes (doubling to a ceiling); a pass with changes resets it. */
  adaptiveInterval: 'poller-adaptive-interval',
  /**
   * Pages are read in the live lane (never queued behind a first sync's backlog of activities), and the
   * pause does not lengthen while the worker has requests waiting for a vendor's budget (a backlog is being
   * worked off: a fresh change then is seen within the base interval).
   */
  liveLane: 'poller-live-lane',
  /**
   * While a pass works off a backlog, the changes made since it began are read too, a page an interval, in the
   * live lane: a record created during a first sync need not wait for the end of the pass (DECISIONS 98).
   */
  headRead: 'poller-head-read',
  /**
   * A poller continues as new after `POLLER_HISTORY_EVENTS` events, not only when the server suggests it (about
   * 4,000 events and a megabyte): a poller evicted from the workflow cache replays its whole history at its
   * next wake (docs/DECISIONS.md 102).
   */
  shortHistory: 'poller-short-history',
  /** A run that ends (continue-as-new, stop) while a head read is under way waits for its page first. */
  headReadLands: 'poller-head-read-lands',
  /**
   * The pause between passes, and between head reads, is counted from when the pass or read began, so that a
   * poller reads every interval and not every interval plus the read and its tasks (docs/DECISIONS.md 140).
   */
  intervalFromStart: 'poller-interval-from-start',
  /**
   * A poller on the main queue continues as new on the pollers' queue, `<queue>/pollers`, served by a worker of
   * its own (docs/DECISIONS.md 157); its live reads still go to the main queue's live lane.
   */
  ownQueue: 'poller-own-queue',
  /**
   * Once the pass has read past the head's position it is at the head itself, and the head is not read: a read
   * from the pass's cursor handed on the very records the pass's next call handed on, at the same time, so a
   * crowd of new records had each first pass made twice (docs/DECISIONS.md 161).
   */
  headLeavesPass: 'poller-head-leaves-pass',
  /**
   * A pass whose cursor is level with the head's (both read up to the same record) is at the head too: the head
   * read from there handed on the pass's next records a second time, at the same time (docs/DECISIONS.md 162).
   */
  headMeetsPass: 'poller-head-meets-pass',
} as const;

/** Every patch of the current code: what a run started now is born with. */
export const CURRENT_PATCHES: string[] = [
  ...Object.values(LINK_PATCHES),
  ...Object.values(RECORD_PATCHES),
  ...Object.values(MERGE_PATCHES),
  ...Object.values(POLLER_PATCHES),
];

/** `patched(id)`, except for patches the run was born with, which need no marker (see above). */
export function patchCheck(bornWith: readonly string[] | undefined): (id: string) => boolean {
  const born = new Set(bornWith ?? []);
  return (id) => born.has(id) || patched(id);
}
