/**
 * Heartbeats for activities that do not report progress of their own. A worker killed mid-activity is then
 * noticed by the server within the heartbeat timeout (seconds), and the activity retried on another worker,
 * instead of after its start-to-close timeout (minutes): work waiting on a dead worker resumes quickly.
 */
import { heartbeat } from '@temporalio/activity';

export const HEARTBEAT_EVERY_MS = 5_000;

export function keepAlive<Args extends unknown[], Result>(
  activity: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args): Promise<Result> => {
    // The timer runs in the activity's async context, so heartbeat() finds its activity.
    const timer = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await activity(...args);
    } finally {
      clearInterval(timer);
    }
  };
}
