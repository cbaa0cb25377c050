/**
 * The live lane's activities: the same functions, run with live request priority, so that every request they
 * make (and every record event or merge request they send on) goes ahead of a first sync's backlog.
 */
import { withBudgetWaitLimit, withRequestPriority } from '../connectors/common/request-priority';

export function inLiveLane<I, O>(activity: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return (input) => withRequestPriority('live', () => activity(input));
}

/**
 * The longest a merge's inline find-or-create may wait for a token. A local activity that waits for the budget
 * holds its workflow task open; past this it is handed to the targets queue instead (docs/DECISIONS.md 76).
 */
export const INLINE_BUDGET_WAIT_MS = 2_000;

/**
 * Merges a worker lets run find-or-create inline per target system within `INLINE_BUDGET_WAIT_MS`. Inline is
 * for the odd live change at a quiet target. When a first sync starts, hundreds of links find the target's
 * budget untouched in the same instant; granting them all filled the workflow cache with workflow tasks held
 * open by local activities, the cache evicted some of them mid-activity, and their results were thrown away
 * and their requests made again (docs/DECISIONS.md 82). Past this many, a merge takes the targets queue.
 */
export const INLINE_GRANTS_PER_WINDOW = 4;

/**
 * Link activities in flight in this worker above which it is busy and no merge runs inline. A busy worker
 * keeps far more workflows running than its cache holds; a merge evicted while its local activity runs loses
 * the result and its update, and the link waits 40 s for the answer that never comes (docs/DECISIONS.md 82).
 */
export const QUIET_LINK_ACTIVITIES = 8;

/** Admits merges to run inline: only at a quiet worker and target, and a few per window. */
export class InlineAdmissions {
  private readonly grants = new Map<string, number[]>();

  constructor(
    private readonly grantsPerWindow = INLINE_GRANTS_PER_WINDOW,
    private readonly windowMs = INLINE_BUDGET_WAIT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a merge for `system` may run inline now (and if so, counts it). */
  admit(system: string, targetIdle: boolean, linkActivitiesInFlight = 0): boolean {
    if (!targetIdle || linkActivitiesInFlight > QUIET_LINK_ACTIVITIES) return false;
    const now = this.now();
    const recent = (this.grants.get(system) ?? []).filter((at) => now - at < this.windowMs);
    const admitted = recent.length < this.grantsPerWindow;
    if (admitted) recent.push(now);
    this.grants.set(system, recent);
    return admitted;
  }
}

/** Run inline (a local activity): a request that would wait long for the budget fails at once instead. */
export function inlineOnly<I, O>(activity: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return (input) => withBudgetWaitLimit(INLINE_BUDGET_WAIT_MS, () => activity(input));
}
