/**
 * A fixed-window request counter per key, as API gateways count: `limit` requests per `windowMs`, then refuse
 * until the window rolls over. Returns how long the caller must wait when refused.
 */
export class WindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    public limit: number,
    public readonly windowMs: number,
  ) {}

  /** Counts one request; returns 0 when allowed, otherwise the ms until the window resets. */
  take(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    if (window.count < this.limit) {
      window.count += 1;
      return 0;
    }
    return window.start + this.windowMs - now;
  }
}
