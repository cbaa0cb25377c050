import {
  asFollowUp,
  WaitStoppedError,
  withBudgetWaitLimit,
  withRequestPriority,
  withStopSignal,
  withTurnCheck,
} from '../../connectors/common/request-priority';
import { BudgetBusyError, TokenBucket } from '../../connectors/common/token-bucket';

describe('TokenBucket', () => {
  test('lets a burst through at once, then spaces requests at the configured rate', async () => {
    // 10 per second = one every 100 ms; burst 3. The margins are wide so a busy machine cannot blur them.
    const bucket = new TokenBucket({ limit: 10, intervalMs: 1_000, burst: 3 });
    const started = Date.now();
    await Promise.all([bucket.acquire(), bucket.acquire(), bucket.acquire()]);
    expect(Date.now() - started).toBeLessThan(80);
    const stamps: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      await bucket.acquire();
      stamps.push(Date.now() - started);
    }
    // Two more tokens at 100 ms each need about 200 ms.
    expect(stamps[1]).toBeGreaterThanOrEqual(180);
  });

  test('serves concurrent callers in order and never exceeds the budget within a window', async () => {
    const bucket = new TokenBucket({ limit: 10, intervalMs: 100, burst: 1 });
    const order: number[] = [];
    const times: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        bucket.acquire().then(() => {
          order.push(index);
          times.push(Date.now() - started);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // 8 requests at one per 10 ms: the last cannot come before ~70 ms.
    expect(times[7]).toBeGreaterThanOrEqual(65);
  });

  test('under a wait limit, a request that would queue behind a backlog fails at once; with room it goes', async () => {
    // 150 a minute (one every 400 ms), burst 2: the third request in a row would wait about 400 ms.
    const bucket = new TokenBucket({ limit: 150, intervalMs: 60_000, burst: 2 });
    await withBudgetWaitLimit(1_000, () => bucket.acquire());
    const backlog = Array.from({ length: 5 }, () => bucket.acquire());
    await expect(withBudgetWaitLimit(1_000, () => bucket.acquire())).rejects.toBeInstanceOf(BudgetBusyError);
    await Promise.all(backlog);
    // The backlog served, the bucket refills: a limited request within its limit is served.
    await expect(withBudgetWaitLimit(1_000, () => bucket.acquire())).resolves.toBeUndefined();
  });

  test('a live request goes ahead of every waiting backlog request', async () => {
    const bucket = new TokenBucket({ limit: 10, intervalMs: 100, burst: 1 });
    const order: string[] = [];
    const backlog = Array.from({ length: 6 }, (_, index) =>
      bucket.acquire().then(() => void order.push(`backlog-${index}`)),
    );
    const live = withRequestPriority('live', () => bucket.acquire()).then(() => void order.push('live'));
    await Promise.all([...backlog, live]);
    // The first backlog request held the only token; the live one is served next, before the other five.
    expect(order.slice(0, 2)).toEqual(['backlog-0', 'live']);
    expect(order.slice(2)).toEqual(['backlog-1', 'backlog-2', 'backlog-3', 'backlog-4', 'backlog-5']);
  });

  test("a live request goes ahead of the waited-for work's, which goes ahead of follow-ups and the backlog", async () => {
    // Customers created on demand for a first sync's orders (waited) must not hold up a fresh change (live).
    const bucket = new TokenBucket({ limit: 10, intervalMs: 100, burst: 1 });
    const order: string[] = [];
    const backlog = Array.from({ length: 2 }, (_, index) =>
      bucket.acquire().then(() => void order.push(`backlog-${index}`)),
    );
    const followUp = asFollowUp(() => bucket.acquire()).then(() => void order.push('follow-up'));
    const waited = Array.from({ length: 3 }, (_, index) =>
      withRequestPriority('waited', () => bucket.acquire()).then(() => void order.push(`waited-${index}`)),
    );
    const live = withRequestPriority('live', () => bucket.acquire()).then(() => void order.push('live'));
    expect(bucket.waiters()).toEqual({ live: 1, waited: 3, backlog: 1 });
    await Promise.all([...backlog, followUp, ...waited, live]);
    expect(order).toEqual(['backlog-0', 'live', 'waited-0', 'waited-1', 'waited-2', 'follow-up', 'backlog-1']);
  });

  test('pause() holds every caller for the given time (after a 429)', async () => {
    const bucket = new TokenBucket({ limit: 100, intervalMs: 100 });
    expect(bucket.available()).toBe(100);
    bucket.pause(80);
    const started = Date.now();
    await bucket.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  test('a stopped waiter leaves the queue unsent, and the others are served in their order', async () => {
    const bucket = new TokenBucket({ limit: 10, intervalMs: 100, burst: 1 });
    const order: string[] = [];
    const stop = new AbortController();
    const first = bucket.acquire().then(() => void order.push('first'));
    const stopped = withStopSignal(stop.signal, () => bucket.acquire()).then(() => void order.push('stopped'));
    const last = bucket.acquire().then(() => void order.push('last'));
    stop.abort();
    await expect(stopped).rejects.toBeInstanceOf(WaitStoppedError);
    await Promise.all([first, last]);
    expect(order).toEqual(['first', 'last']);
    // A work stopped already sends nothing.
    await expect(withStopSignal(stop.signal, () => bucket.acquire())).rejects.toBeInstanceOf(WaitStoppedError);
  });

  test('a stop ends the wait of the caller holding the turn through a pause, and the turn passes on', async () => {
    const bucket = new TokenBucket({ limit: 100, intervalMs: 100 });
    bucket.pause(1_500);
    const stop = new AbortController();
    const settled: string[] = [];
    const stopped = withStopSignal(stop.signal, () => bucket.acquire()).catch((error: unknown) => {
      settled.push(error instanceof WaitStoppedError ? 'stopped' : 'failed');
    });
    const next = bucket.acquire().then(() => void settled.push('next'));
    setTimeout(() => stop.abort(), 50);
    await Promise.all([stopped, next]);
    // The stopped caller left during the pause, not after it; the next one then waited the pause out.
    expect(settled).toEqual(['stopped', 'next']);
  });

  test('a follow-up goes after live requests and ahead of the backlog; a turn check can keep it unsent', async () => {
    const bucket = new TokenBucket({ limit: 10, intervalMs: 100, burst: 1 });
    const order: string[] = [];
    const backlog = Array.from({ length: 3 }, (_, index) =>
      bucket.acquire().then(() => void order.push(`backlog-${index}`)),
    );
    const followUp = asFollowUp(() => bucket.acquire()).then(() => void order.push('follow-up'));
    const live = withRequestPriority('live', () => bucket.acquire()).then(() => void order.push('live'));
    const refused = asFollowUp(() =>
      withTurnCheck(
        () => {
          throw new Error('old read');
        },
        () => bucket.acquire(),
      ),
    ).catch(() => void order.push('refused'));
    await Promise.all([...backlog, followUp, live, refused]);
    expect(order).toEqual(['backlog-0', 'live', 'follow-up', 'refused', 'backlog-1', 'backlog-2']);
  });

  test('pausedSince() tells whether a 429 pause began after a given time', () => {
    const bucket = new TokenBucket({ limit: 100, intervalMs: 100 });
    const before = Date.now() - 1;
    expect(bucket.pausedSince(before)).toBe(false);
    bucket.pause(0);
    expect(bucket.pausedSince(before)).toBe(true);
    expect(bucket.pausedSince(Date.now() + 1)).toBe(false);
  });

  test('perSecond() spaces requests evenly and rejects nonsense options', () => {
    const bucket = TokenBucket.perSecond(10);
    expect(bucket.burst).toBe(1);
    expect(bucket.intervalMs).toBe(1000);
    expect(() => new TokenBucket({ limit: 0, intervalMs: 1000 })).toThrow();
  });

  test("a fresh change's expected wait counts only the fresh changes ahead of it, not the backlog", async () => {
    const clock = { now: () => 0, sleep: () => new Promise<void>(() => undefined) };
    // 10 per second, burst 1: the first request takes the token and holds the turn; the rest queue.
    const bucket = new TokenBucket({ limit: 10, intervalMs: 1_000, burst: 1 }, clock);
    for (let i = 0; i < 30; i += 1) void bucket.acquire();
    void withRequestPriority('live', () => bucket.acquire());
    // The backlog's: 30 queued (the fresh change's one too) and the turn's holder ahead, 100 ms a token.
    expect(bucket.expectedWaitMs(1, 'backlog')).toBe(3_200);
    expect(bucket.expectedWaitMs(1, 'waited')).toBe(3_200);
    // A fresh change: the one fresh change queued and the turn's holder ahead.
    expect(bucket.expectedWaitMs(1, 'live')).toBe(300);
    expect(withRequestPriority('live', () => bucket.expectedWaitMs(3))).toBe(500);
    // So a fresh change that may wait 2 s for its token queues, where the backlog's work is refused.
    await expect(withBudgetWaitLimit(2_000, () => bucket.acquire())).rejects.toBeInstanceOf(BudgetBusyError);
    const live = withBudgetWaitLimit(2_000, () => withRequestPriority('live', () => bucket.acquire()));
    const outcome = await Promise.race([
      live.then(
        () => 'served',
        () => 'refused',
      ),
      new Promise((resolve) => setTimeout(() => resolve('queued'), 50)),
    ]);
    expect(outcome).toBe('queued');
  });

  test('tells how long the last of several requests asked now would wait', async () => {
    const clock = { now: () => 0, sleep: () => new Promise<void>(() => undefined) };
    // 10 per second, burst 3: three go at once, each one more waits another 100 ms.
    const bucket = new TokenBucket({ limit: 10, intervalMs: 1_000, burst: 3 }, clock);
    expect(bucket.expectedWaitMs(3)).toBe(0);
    expect(bucket.expectedWaitMs(5)).toBe(200);
    await bucket.acquire();
    await bucket.acquire();
    expect(bucket.expectedWaitMs()).toBe(0);
    expect(bucket.expectedWaitMs(2)).toBe(100);
  });
});
