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

/** Run inline (a local activity): a request that would wait long for the budget fails at once instead. */
export function inlineOnly<I, O>(activity: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return (input) => withBudgetWaitLimit(INLINE_BUDGET_WAIT_MS, () => activity(input));
}
