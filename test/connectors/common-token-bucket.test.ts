import { TokenBucket } from '../../connectors/common/token-bucket';

describe('TokenBucket', () => {
  test('lets a burst through at once, then spaces requests at the configured rate', async () => {
    // 20 per 200 ms = one every 10 ms; burst 3.
    const bucket = new TokenBucket({ limit: 20, intervalMs: 200, burst: 3 });
    const started = Date.now();
    await Promise.all([bucket.acquire(), bucket.acquire(), bucket.acquire()]);
    expect(Date.now() - started).toBeLessThan(15);
    const stamps: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await bucket.acquire();
      stamps.push(Date.now() - started);
    }
    // Six more tokens at 10 ms each need about 60 ms.
    expect(stamps[5]).toBeGreaterThanOrEqual(50);
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

  test('pause() holds every caller for the given time (after a 429)', async () => {
    const bucket = new TokenBucket({ limit: 100, intervalMs: 100 });
    expect(bucket.available()).toBe(100);
    bucket.pause(80);
    const started = Date.now();
    await bucket.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  test('perSecond() spaces requests evenly and rejects nonsense options', () => {
    const bucket = TokenBucket.perSecond(10);
    expect(bucket.burst).toBe(1);
    expect(bucket.intervalMs).toBe(1000);
    expect(() => new TokenBucket({ limit: 0, intervalMs: 1000 })).toThrow();
  });
});
