/**
 * Which requests go first when a connector's budget is short: a fresh change a person is waiting for (`live`),
 * work the backlog is waiting for (`waited`: a customer created on demand for an order of a first sync, while the
 * order's activity waits), or the backlog of a first sync itself. The caller runs its work inside
 * `withRequestPriority('live', …)`; every request made within it (however deep in the connector) takes its token
 * from the bucket in that order (docs/DECISIONS.md 142). Plain Node (AsyncLocalStorage): connectors need not know
 * who calls them.
 *
 * The other ways a caller shapes its requests' wait for the budget, the same way: a limit on the wait
 * (`withBudgetWaitLimit`), a stop signal that ends it (`withStopSignal`), a follow-up that goes ahead of the
 * backlog (`asFollowUp`), and a check made once the token is taken (`withTurnCheck`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestPriority = 'live' | 'waited' | 'backlog';

/** The priorities, the first served first. */
export const REQUEST_PRIORITIES: readonly RequestPriority[] = ['live', 'waited', 'backlog'];

const current = new AsyncLocalStorage<RequestPriority>();

/** Runs `work` (async, or a plain call such as a budget's expected wait) at `priority`. */
export function withRequestPriority<T>(priority: RequestPriority, work: () => T): T {
  return current.run(priority, work);
}

/** The priority of the work this request is made for: backlog unless a caller said otherwise. */
export function requestPriority(): RequestPriority {
  return current.getStore() ?? 'backlog';
}

const waitLimit = new AsyncLocalStorage<number>();

/**
 * Work that must not wait long for a budget: a request that would wait more than `ms` for its token throws
 * `BudgetBusyError` instead of queueing (a merge's inline find-or-create hands the work to its queue then).
 */
export function withBudgetWaitLimit<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return waitLimit.run(ms, work);
}

/** The longest this request may wait for its token, if a caller set a limit. */
export function budgetWaitLimitMs(): number | undefined {
  return waitLimit.getStore();
}

const stopSignal = new AsyncLocalStorage<AbortSignal>();

/** Work whose waits for a token (or a shared read) end with `WaitStoppedError` once `signal` aborts. */
export function withStopSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return stopSignal.run(signal, work);
}

/** The signal that stops this request's wait for its turn, if a caller gave one. */
export function currentStopSignal(): AbortSignal | undefined {
  return stopSignal.getStore();
}

/**
 * The caller stopped the work while this request waited for its turn (withStopSignal): the request was never
 * sent. Whoever stopped the work does it again later, so nothing is lost.
 */
export class WaitStoppedError extends Error {
  constructor() {
    super('stopped while waiting for its turn; the request was not sent');
    this.name = 'WaitStoppedError';
  }
}

/** Work done for every caller at once (a shared read): no one caller's stop signal may end it. */
export function withoutStopSignal<T>(work: () => T): T {
  return stopSignal.exit(work);
}

const followUp = new AsyncLocalStorage<true>();

/**
 * A request that completes one already served (the write after the read it was decided on): it goes ahead of
 * the backlog's requests (behind live ones), so that the two go out close together. One token per request.
 */
export function asFollowUp<T>(work: () => Promise<T>): Promise<T> {
  return followUp.run(true, work);
}

export function isFollowUp(): boolean {
  return followUp.getStore() === true;
}

const turnCheck = new AsyncLocalStorage<() => void>();

/**
 * Work whose request is checked again when its token is taken, just before it is sent: `check` may throw to
 * keep it unsent (a write whose read has grown old while it waited). The token is spent either way.
 */
export function withTurnCheck<T>(check: () => void, work: () => Promise<T>): Promise<T> {
  return turnCheck.run(check, work);
}

export function currentTurnCheck(): (() => void) | undefined {
  return turnCheck.getStore();
}
