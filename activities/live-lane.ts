/**
 * The live lane's activities: the same functions, run with live request priority, so that every request they
 * make (and every record event or merge request they send on) goes ahead of a first sync's backlog.
 */
import type { Connector } from '../connectors/connector';
import { withBudgetWaitLimit, withRequestPriority, type RequestPriority } from '../connectors/common/request-priority';
import type { LinkEvent } from '../model/sync-state';
import type { ResolveRequest } from '../model/workflow-inputs';

/**
 * Runs an activity of the live lane's queues with the request priority its input says: `live` unless the input
 * is work only the backlog waits for (`waited`, docs/DECISIONS.md 142).
 */
export function inLiveLane<I, O>(
  activity: (input: I) => Promise<O>,
  priorityOf: (input: I) => RequestPriority = () => 'live',
): (input: I) => Promise<O> {
  return (input) => withRequestPriority(priorityOf(input), () => activity(input));
}

/** A link's batch is the backlog's waited-for work when every live event in it is; else it holds a fresh change. */
export function priorityOfLinkEvents(input: { events: readonly LinkEvent[] }): RequestPriority {
  const live = input.events.filter((event) => 'live' in event && event.live === true);
  const waited = live.length > 0 && live.every((event) => 'waited' in event && event.waited === true);
  return waited ? 'waited' : 'live';
}

/**
 * A merge's inline find-or-create runs at the priority its request was made at: a fresh change's goes ahead of a
 * first sync's backlog, and is admitted while only that backlog waits for the budget (docs/DECISIONS.md 165).
 */
export function priorityOfInlineResolveRequest(request: ResolveRequest): RequestPriority {
  return request.live === true ? priorityOfResolveRequest(request) : 'backlog';
}

/** A merge request made by work the backlog waits for keeps that priority. */
export function priorityOfResolveRequest(request: ResolveRequest): RequestPriority {
  return request.waited === true ? 'waited' : 'live';
}

/**
 * The longest a merge's inline find-or-create may wait for a token. A local activity that waits for the budget
 * holds its workflow task open; past this it is handed to the targets queue instead (docs/DECISIONS.md 76).
 */
export const INLINE_BUDGET_WAIT_MS = 2_000;

/**
 * Requests an inline find-or-create makes at most at a quiet target: a look-up by the merge key, a read of what
 * it found, and a create.
 */
export const REQUESTS_PER_INLINE_MERGE = 3;

/**
 * How soon the target's budget must serve an inline merge, and every inline merge admitted before it that is still
 * under way, for it to be admitted. A merge that would wait longer takes the targets queue instead.
 */
export const INLINE_ADMISSION_WAIT_MS = 1_000;

/**
 * Admits merges to run find-or-create inline (a local activity in the merge's workflow task) while the target's
 * budget would serve them at once: at a quiet target, and with the limits raised. Inline saves a merge an activity
 * task and a workflow task. A first sync's backlog queues requests for the budget, and then no merge is admitted:
 * a local activity that waits for the budget holds its workflow task open, and the first version let hundreds of
 * them do so, so the workflow cache evicted some mid-activity and their results were thrown away
 * (docs/DECISIONS.md 82, 136). The admissions in flight are counted per target system, so a burst at a budget that
 * serves a few requests a second admits only what that budget serves within `INLINE_ADMISSION_WAIT_MS`.
 */
export class InlineAdmissions {
  private readonly inFlight = new Map<string, number>();

  /**
   * Admits a merge for `system` if its budget would serve it and every admitted merge still under way within
   * `INLINE_ADMISSION_WAIT_MS`; `budgetWaitMs` is the target connector's. Returns the release to call once the merge
   * has answered, or undefined when the merge takes the queue.
   */
  admit(system: string, budgetWaitMs: (requests: number) => number): (() => void) | undefined {
    const running = this.inFlight.get(system) ?? 0;
    if (budgetWaitMs(REQUESTS_PER_INLINE_MERGE * (running + 1)) > INLINE_ADMISSION_WAIT_MS) return undefined;
    this.inFlight.set(system, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(system, Math.max(0, (this.inFlight.get(system) ?? 1) - 1));
    };
  }

  /** Inline merges admitted for `system` and not yet released (for tests and diagnostics). */
  underWay(system: string): number {
    return this.inFlight.get(system) ?? 0;
  }
}

/** A connector's budget wait; for one that has none, no wait while nothing waits for its budget, else too long. */
export function budgetWaitOf(
  connector: Pick<Connector, 'budgetWaitMs' | 'waitingRequests'>,
): (requests: number) => number {
  return (requests) =>
    connector.budgetWaitMs?.(requests) ?? (connector.waitingRequests?.() === 0 ? 0 : Number.POSITIVE_INFINITY);
}

/** Run inline (a local activity): a request that would wait long for the budget fails at once instead. */
export function inlineOnly<I, O>(activity: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return (input) => withBudgetWaitLimit(INLINE_BUDGET_WAIT_MS, () => activity(input));
}
