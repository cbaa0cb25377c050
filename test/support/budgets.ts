/** Request budgets for activity tests, on a clock that stands still: a budget refills only when a test says so. */
import { TokenBucket, type Clock } from '../../connectors/common/token-bucket';

export const standingClock: Clock = { now: () => 0, sleep: () => new Promise<void>(() => undefined) };

/** A Chargebee-shaped budget per minute: a burst of a fiftieth of it, refilled at the rest. */
export function perMinuteBudget(requestsPerMinute: number): TokenBucket {
  return TokenBucket.perMinute(requestsPerMinute, 1 / 50, standingClock);
}

/** PowerOffice GO's shape: a budget per second with a burst of one. */
export function perSecondBudget(requestsPerSecond: number): TokenBucket {
  return TokenBucket.perSecond(requestsPerSecond, standingClock);
}
