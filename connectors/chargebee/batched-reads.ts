/**
 * Reads of single records sent together while the site's budget has a queue. During a first sync every matched
 * customer (and item) is read live before it is linked, one request each, and each of those requests waits its
 * turn behind the writes. Instead, the first read that has to wait asks for one list request with `id[in]`;
 * the reads that arrive while it waits join it, and it takes them all (up to a page) when its turn comes. With
 * no queue a read is sent at once as a plain retrieve, as before.
 *
 * Reads that may not wait long (an inline merge's, see request-priority.ts) are never batched: a batch waits as
 * long as its first reader would. Batches are kept per request priority, so a live read never waits in a
 * backlog batch.
 */
import {
  budgetWaitLimitMs,
  currentStopSignal,
  requestPriority,
  WaitStoppedError,
  withoutStopSignal,
  type RequestPriority,
} from '../common/request-priority';
import { MAX_IDS_PER_LIST, type ResourceApi } from './resources';

interface Waiter {
  resolve(object: unknown): void;
  reject(error: unknown): void;
}

class Batch {
  private readonly waiters = new Map<string, Waiter[]>();
  /** A list request has asked for its turn and has not taken its ids yet: new reads join it. */
  private asking = false;

  constructor(private readonly api: ResourceApi) {}

  read(id: string): Promise<unknown> {
    const stop = currentStopSignal();
    if (stop?.aborted) return Promise.reject(new WaitStoppedError());
    return new Promise((resolve, reject) => {
      // A reader stopped before its ids were taken leaves the batch; once taken, the answer is on its way.
      const onStop = (): void => {
        const waiting = this.waiters.get(id) ?? [];
        const index = waiting.indexOf(waiter);
        if (index < 0) return;
        waiting.splice(index, 1);
        if (waiting.length === 0) this.waiters.delete(id);
        reject(new WaitStoppedError());
      };
      const settled = (): void => stop?.removeEventListener('abort', onStop);
      const waiter: Waiter = {
        resolve: (object) => {
          settled();
          resolve(object);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      };
      const waiting = this.waiters.get(id);
      if (waiting) waiting.push(waiter);
      else this.waiters.set(id, [waiter]);
      stop?.addEventListener('abort', onStop, { once: true });
      // The list request serves every reader in it: the first reader's stop must not end it.
      if (!this.asking) withoutStopSignal(() => this.ask());
    });
  }

  private ask(): void {
    this.asking = true;
    let taken: Map<string, Waiter[]> | undefined;
    const takeIds = (): string[] => {
      this.asking = false;
      taken = new Map([...this.waiters].slice(0, MAX_IDS_PER_LIST));
      for (const id of taken.keys()) this.waiters.delete(id);
      // More than a page waited: the rest ask for the next turn.
      if (this.waiters.size > 0) this.ask();
      return [...taken.keys()];
    };
    this.api.retrieveMany(takeIds).then(
      (objects) => {
        const byId = new Map<string, unknown>();
        for (const object of objects) {
          const id = typeof object === 'object' && object !== null ? (object as { id?: unknown }).id : undefined;
          if (typeof id === 'string') byId.set(id, object);
        }
        // An id the answer does not hold has no live record: null, as a retrieve's 404 is.
        for (const [id, waiters] of taken ?? []) for (const waiter of waiters) waiter.resolve(byId.get(id) ?? null);
      },
      (error: unknown) => {
        // Refused before its turn: nobody took the ids, so everyone waiting hears of it.
        const failed = taken ?? new Map(this.waiters);
        if (taken === undefined) {
          this.asking = false;
          this.waiters.clear();
        }
        for (const waiters of failed.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}

export class BatchedReads {
  private readonly batches: Record<RequestPriority, Batch>;

  constructor(
    private readonly api: ResourceApi,
    /** Requests waiting for the site's budget now. */
    private readonly waitingRequests: () => number,
  ) {
    this.batches = { live: new Batch(api), waited: new Batch(api), backlog: new Batch(api) };
  }

  /**
   * The record's raw object, or null when the site has no live record with that id. A read sent alone throws
   * the retrieve's errors as they are (NotFoundError for a 404).
   */
  read(id: string): Promise<unknown> {
    if (this.waitingRequests() === 0 || budgetWaitLimitMs() !== undefined) return this.api.retrieve(id);
    return this.batches[requestPriority()].read(id);
  }
}
