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
  /** Read afresh on every turn, so that a workflow may replace its state wholesale between steps. */
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
  /**
   * While a vendor is failing, the queue is held (its events stay, in order) until this many ms from now.
   * A held loop may still roll over when no handler waits, carrying the queue and the hold in its state.
   */
  heldForMs?: () => number | undefined;
  stop?: () => boolean;
}

export function historyIsLong(limit?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
}

const positive = (ms: number | undefined): number | undefined => (ms === undefined || ms <= 0 ? undefined : ms);

/** Runs until the history should be rolled over (returns 'continue-as-new') or `stop()` (returns 'stopped'). */
export async function runEventLoop<E>(options: LoopOptions<E>): Promise<'continue-as-new' | 'stopped'> {
  const held = (): boolean => positive(options.heldForMs?.()) !== undefined;
  const long = (): boolean => historyIsLong(options.continueAsNewAfterEvents);
  for (;;) {
    const wakeAfter = options.wakeAfterMs?.();
    const holdLeft = positive(options.heldForMs?.());
    const timers = [wakeAfter === undefined ? undefined : Math.max(wakeAfter, 1), holdLeft].filter(
      (ms): ms is number => ms !== undefined,
    );
    const ready = (): boolean => (options.state.queue.length > 0 && !held()) || long() || (options.stop?.() ?? false);
    if (timers.length === 0) {
      await condition(ready);
    } else if (!(await condition(ready, Math.min(...timers)))) {
      // A timer fired: the wake-up (orders settling, open orders swept) or the end of a hold.
      const wakeNow = options.wakeAfterMs?.();
      if (wakeNow !== undefined && wakeNow <= 1) options.onWake?.();
      continue;
    }
    if (options.state.queue.length > 0 && !held()) {
      const events = options.state.queue.splice(0, options.maxBatch ?? 50);
      await options.step(events);
      continue;
    }
    if (options.stop?.()) {
      await condition(allHandlersFinished);
      return 'stopped';
    }
    if (options.state.queue.length > 0) {
      // Held with a long history: roll over (the queue travels in the state) once no handler waits on it.
      if (!allHandlersFinished()) {
        await condition(() => allHandlersFinished() || !held());
        continue;
      }
      return 'continue-as-new';
    }
    // Queue empty: roll over. Let running handlers finish first so none is cut off.
    await condition(allHandlersFinished);
    if (options.state.queue.length > 0) continue;
    return 'continue-as-new';
  }
}
