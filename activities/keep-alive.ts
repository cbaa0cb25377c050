/**
 * Heartbeats for activities that do not report progress of their own, and a way out when the attempt is
 * cancelled.
 *
 * - A worker killed mid-activity is noticed by the server within the heartbeat timeout (seconds), and the
 *   activity retried on another worker, instead of after its start-to-close timeout (minutes): work waiting
 *   on a dead worker resumes quickly.
 * - Many activities wait for something else: the merge or record workflow they message, which this very
 *   process may be the one to run, or the vendor's budget. When the worker stops, the SDK cancels them, and an
 *   activity that kept waiting held the worker's drain open for good. The attempt now ends with the
 *   cancellation; the work it left behind is idempotent and is done again by the retry (docs/RELIABILITY.md).
 */
import { Context, heartbeat } from '@temporalio/activity';
import { withStopSignal } from '../connectors/common/request-priority';

export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * A heartbeat from a queued activity. The same code also runs as a local activity (inline, in a workflow task),
 * which has no heartbeat: the SDK would send it for a task the server does not know, and log a warning each time.
 */
export function heartbeatIfQueued(): void {
  const context = Context.current();
  if (!context.info.isLocal) context.heartbeat();
}

export function keepAlive<Args extends unknown[], Result>(
  activity: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args): Promise<Result> => {
    // The timer runs in the activity's async context, so heartbeat() finds its activity.
    const timer = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await Promise.race([activity(...args), Context.current().cancelled]);
    } finally {
      clearInterval(timer);
    }
  };
}

/**
 * Heartbeats for an activity that waits for nothing but the vendor's budget (a record writer's), which a
 * cancellation stops instead of abandoning: its waits for a token end (`withStopSignal`), it sends no request
 * after that, and it reports itself cancelled only once it has stopped. Whatever it had written by then is
 * written again, as the same values, by the attempt that follows. So the workflow may start that attempt at
 * once: no earlier attempt runs on beside it and writes the record with what it read before
 * (docs/DECISIONS.md 131). A cancellation that comes after its last request is too late: it completes.
 */
export function keepAliveStoppable<Args extends unknown[], Result>(
  activity: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args): Promise<Result> => {
    const context = Context.current();
    const timer = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await withStopSignal(context.cancellationSignal, () => activity(...args));
    } catch (error) {
      // Stopped mid-way (any error the stop caused): the server hears a cancellation, not a failure.
      if (context.cancellationSignal.aborted) await context.cancelled;
      throw error;
    } finally {
      clearInterval(timer);
    }
  };
}
