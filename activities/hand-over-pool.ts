/**
 * The hand-overs of one poll call, a few at a time across its pages: the next page is read while the last
 * records of the one before are still being handed on, so a crowd of new records keeps its first passes in
 * flight instead of letting them run down at the end of every page (docs/DECISIONS.md 168).
 *
 * Two hand-overs of one record (a version re-read on a later page) run one after the other, in the order they
 * were added; records otherwise go in any order, as they did within a page.
 */
export class HandOverPool {
  private readonly running = new Set<Promise<void>>();
  private readonly lastOf = new Map<string, Promise<void>>();
  private failure: { error: unknown } | undefined;

  /** `limit`: how many hand-overs run at a time; may be changed between pages. */
  constructor(public limit: number) {}

  /**
   * Starts `work` once fewer than `limit` run (after the hand-over of the same `key` added before it, if one
   * runs), and returns when it has started. Throws the first failure of any hand-over added before.
   */
  async add(key: string, work: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.running.size >= Math.max(1, this.limit)) {
      await Promise.race(this.running);
      this.throwIfFailed();
    }
    const before = this.lastOf.get(key);
    const run = (before ? before.then(work) : work()).catch((error: unknown) => {
      this.failure ??= { error };
    });
    const tracked = run.finally(() => {
      this.running.delete(tracked);
      if (this.lastOf.get(key) === tracked) this.lastOf.delete(key);
    });
    this.running.add(tracked);
    this.lastOf.set(key, tracked);
  }

  /** Waits for every hand-over added; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
    this.throwIfFailed();
  }

  /** Waits for every hand-over added, whatever became of them (before the call gives up on another error). */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
