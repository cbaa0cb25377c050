/**
 * The loop every entity workflow of linkflow runs: handlers only queue events; the main function takes them
 * in order, one batch at a time, so that no two activities of one entity interleave; it continues-as-new
 * with its plain-JSON state before the history grows.
 */
import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';

export interface EventQueueState<E> {
  queue: E[];
}

export interface LoopOptions<E> {
  state: EventQueueState<E>;
  /** Processes a batch taken from the front of the queue. */
  step: (events: E[]) => Promise<void>;
  /** Longest batch per step. */
  maxBatch?: number;
  /** History length at which to continue-as-new even if the server does not suggest it yet (tests). */
  continueAsNewAfterEvents?: number;
  /** A timer the loop honours between batches: when it fires, `onWake` may queue an event. */
  wakeAfterMs?: () => number | undefined;
  onWake?: () => void;
  stop?: () => boolean;
}

export function historyIsLong(limit?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
}

/** Runs until the history should be rolled over (returns 'continue-as-new') or `stop()` (returns 'stopped'). */
export async function runEventLoop<E>(options: LoopOptions<E>): Promise<'continue-as-new' | 'stopped'> {
  const { state } = options;
  for (;;) {
    const wakeAfter = options.wakeAfterMs?.();
    const ready = (): boolean => state.queue.length > 0 || historyIsLong(options.continueAsNewAfterEvents) || (options.stop?.() ?? false);
    // condition() without a timeout resolves to undefined; only a timed wait can time out (false).
    const timedOut = wakeAfter === undefined ? (await condition(ready), false) : !(await condition(ready, Math.max(wakeAfter, 1)));
    if (timedOut) {
      options.onWake?.();
      continue;
    }
    if (state.queue.length > 0) {
      const events = state.queue.splice(0, options.maxBatch ?? 50);
      await options.step(events);
      continue;
    }
    // Queue empty: either stop or roll over. Let running handlers finish first so none is cut off.
    await condition(allHandlersFinished);
    if (state.queue.length > 0) continue;
    return options.stop?.() ? 'stopped' : 'continue-as-new';
  }
}
