/**
 * A client-side rate limiter (token bucket) that keeps a connector inside its API budget, so that 429 answers
 * stay rare instead of being the throttle.
 *
 * The bucket holds up to `burst` tokens and refills `limit` tokens per `intervalMs`, continuously. Every
 * request first awaits `acquire()`, which resolves once a token is available. Waiters are served in FIFO order
 * within their priority: every `live` waiter first, then the `waited` ones, then the `backlog`'s
 * (request-priority.ts). A fresh change does not queue behind the thousands of requests of a first sync, nor
 * behind the hundreds of customers its orders have created on demand.
 *
 * Examples: PowerOffice GO 10 requests/s → `{ limit: 10, intervalMs: 1000, burst: 1 }` (evenly spaced; a
 * burst of 1 also keeps a fixed-window gateway from seeing two bursts straddle a window edge).
 * Chargebee test site 150/min → `{ limit: 150, intervalMs: 60_000, burst: 10 }`.
 *
 * A follow-up (asFollowUp: the write after its read) goes after the live and waited requests and ahead of the
 * backlog's,
 * and a turn check (withTurnCheck) runs once the token is taken, before the request is sent.
 *
 * A caller that gave a stop signal (withStopSignal) and is stopped while it waits leaves the queue with
 * `WaitStoppedError`, its request unsent (a record writer's backlog work, making way for a fresh change).
 *
 * `pause(ms)` empties the bucket and holds every caller for that long: call it when the API answered 429 with
 * a retry delay, so the whole process backs off, not only the request that was refused.
 */
import { z } from 'zod';
import {
  budgetWaitLimitMs,
  currentStopSignal,
  currentTurnCheck,
  isFollowUp,
  requestPriority,
  WaitStoppedError,
  type RequestPriority,
} from './request-priority';

/** A request made under a wait limit (withBudgetWaitLimit) would have waited longer for its token. */
export class BudgetBusyError extends Error {
  constructor(readonly expectedWaitMs: number) {
    super(`the budget is busy: a request would wait about ${Math.ceil(expectedWaitMs)} ms for its turn`);
    this.name = 'BudgetBusyError';
  }
}

/** How often a stoppable waiter holding the turn looks at its stop signal while it sleeps, ms. */
const STOP_CHECK_MS = 250;

export const tokenBucketOptionsSchema = z.object({
  /** Tokens added per interval (the budget: requests per `intervalMs`). */
  limit: z.number().positive(),
  intervalMs: z.number().int().positive(),
  /** The most tokens the bucket holds, i.e. the largest burst; defaults to `limit`. */
  burst: z.number().positive().optional(),
});
export type TokenBucketOptions = z.input<typeof tokenBucketOptionsSchema>;

/** Time source, replaceable in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  readonly limit: number;
  readonly intervalMs: number;
  readonly burst: number;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  /** Waiters by priority, each served in order; one waiter at a time holds the turn to take a token. */
  private readonly waiting: Record<RequestPriority, Array<() => void>> = { live: [], waited: [], backlog: [] };
  /** Follow-ups (asFollowUp): served after live and waited requests, before the backlog's. */
  private readonly followUps: Array<() => void> = [];
  private turnTaken = false;
  private lastPausedAt: number | undefined;

  constructor(
    options: TokenBucketOptions,
    private readonly clock: Clock = systemClock,
  ) {
    const parsed = tokenBucketOptionsSchema.parse(options);
    this.limit = parsed.limit;
    this.intervalMs = parsed.intervalMs;
    this.burst = parsed.burst ?? parsed.limit;
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  /**
   * A budget stated per minute, with a burst of `burstShare` of it. A bucket with burst B and refill R/min lets
   * B + R through in any one minute, so it refills at (budget − B) to stay within the budget even across a fixed
   * window's edge.
   */
  static perMinute(requestsPerMinute: number, burstShare: number, clock?: Clock): TokenBucket {
    const burst = Math.max(1, Math.floor(requestsPerMinute * burstShare));
    const refill = Math.max(1, requestsPerMinute - burst);
    return new TokenBucket({ limit: refill, intervalMs: 60_000, burst: Math.min(burst, refill) }, clock);
  }

  /** Convenience for budgets stated per second. */
  static perSecond(requestsPerSecond: number, clock?: Clock): TokenBucket {
    return new TokenBucket({ limit: requestsPerSecond, intervalMs: 1000, burst: 1 }, clock);
  }

  /** Resolves when the caller may send one request (and takes that token). */
  async acquire(priority: RequestPriority = requestPriority()): Promise<void> {
    const limitMs = budgetWaitLimitMs();
    if (limitMs !== undefined) {
      const expected = this.expectedWaitMs(1, priority);
      if (expected > limitMs) throw new BudgetBusyError(expected);
    }
    const stop = currentStopSignal();
    if (stop?.aborted) throw new WaitStoppedError();
    if (this.turnTaken) await this.waitForTurn(isFollowUp() ? this.followUps : this.waiting[priority], stop);
    this.turnTaken = true;
    try {
      await this.waitForToken(stop);
    } finally {
      this.passTurn();
    }
    currentTurnCheck()?.();
  }

  /** Queues for the turn; a stop leaves the queue, unless the turn was handed over already (then it is kept). */
  private waitForTurn(queue: Array<() => void>, stop: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onStop = (): void => {
        const index = queue.indexOf(waiter);
        if (index < 0) return;
        queue.splice(index, 1);
        reject(new WaitStoppedError());
      };
      const waiter = (): void => {
        stop?.removeEventListener('abort', onStop);
        resolve();
      };
      queue.push(waiter);
      stop?.addEventListener('abort', onStop, { once: true });
    });
  }

  /**
   * About how long the last of `requests` asking now at `priority` would wait: the pause, then a token for each of
   * them and for everyone ahead. A fresh change's requests go ahead of every queued request but other fresh
   * changes', so only those count for them: a first sync's backlog does not make a fresh change wait
   * (docs/DECISIONS.md 165). Work of the other priorities counts every waiter, as it always has.
   */
  expectedWaitMs(requests = 1, priority: RequestPriority = requestPriority()): number {
    this.refill();
    const now = this.clock.now();
    const paused = Math.max(0, this.pausedUntil - now);
    const queued = priority === 'live' ? this.waiting.live.length : this.waitingCount();
    const ahead = queued + (this.turnTaken ? 1 : 0);
    const short = Math.max(0, ahead + requests - this.tokens);
    return paused + (short * this.intervalMs) / this.limit;
  }

  /** Waiters still queued (for tests and diagnostics). */
  waiters(): Record<RequestPriority, number> {
    return { live: this.waiting.live.length, waited: this.waiting.waited.length, backlog: this.waiting.backlog.length };
  }

  /** Requests waiting for the budget, of either priority: a connector's `waitingRequests`. */
  waitingCount(): number {
    return this.followUps.length + this.waiting.live.length + this.waiting.waited.length + this.waiting.backlog.length;
  }

  private passTurn(): void {
    const next =
      this.waiting.live.shift() ??
      this.waiting.waited.shift() ??
      this.followUps.shift() ??
      this.waiting.backlog.shift();
    if (next) next();
    else this.turnTaken = false;
  }

  /** Whether a pause (a 429) began after `time`: what a request read before it may have missed meanwhile. */
  pausedSince(time: number): boolean {
    return this.lastPausedAt !== undefined && this.lastPausedAt > time;
  }

  /** Holds every caller for `ms` from now and empties the bucket (after a 429 with a retry delay). */
  pause(ms: number): void {
    this.lastPausedAt = this.clock.now();
    const until = this.clock.now() + Math.max(0, ms);
    if (until > this.pausedUntil) this.pausedUntil = until;
    this.tokens = 0;
    this.refilledAt = until;
  }

  /** Tokens available right now (for tests and diagnostics). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.refilledAt) return;
    const earned = ((now - this.refilledAt) * this.limit) / this.intervalMs;
    this.tokens = Math.min(this.burst, this.tokens + earned);
    this.refilledAt = now;
  }

  private async waitForToken(stop: AbortSignal | undefined): Promise<void> {
    // A stoppable waiter sleeps in short steps, so that a stop during a long pause (a 429) is heard soon.
    const step = (ms: number): number => (stop === undefined ? ms : Math.min(ms, STOP_CHECK_MS));
    for (;;) {
      if (stop?.aborted) throw new WaitStoppedError();
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(step(this.pausedUntil - now));
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const missing = 1 - this.tokens;
      await this.clock.sleep(step(Math.max(1, Math.ceil((missing * this.intervalMs) / this.limit))));
    }
  }
}
