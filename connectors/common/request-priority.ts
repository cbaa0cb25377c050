/**
 * Which requests go first when a connector's budget is short: a fresh change a person is waiting for, or the
 * backlog of a first sync. The caller runs its work inside `withRequestPriority('live', …)`; every request made
 * within it (however deep in the connector) takes its token from the bucket ahead of backlog requests. Plain
 * Node (AsyncLocalStorage): connectors need not know who calls them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestPriority = 'live' | 'backlog';

const current = new AsyncLocalStorage<RequestPriority>();

export function withRequestPriority<T>(priority: RequestPriority, work: () => Promise<T>): Promise<T> {
  return current.run(priority, work);
}

/** The priority of the work this request is made for: backlog unless a caller said otherwise. */
export function requestPriority(): RequestPriority {
  return current.getStore() ?? 'backlog';
}
