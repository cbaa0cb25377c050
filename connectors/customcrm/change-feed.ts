/**
 * Where a Custom CRM change read starts, and which records it has delivered already.
 *
 * The contract lists changes in (updatedAt, id) order with an exclusive `updatedSince` and a keyset cursor, and
 * promises that a change is visible within 5 s of its `updatedAt`. From that follows a watermark, kept in the
 * cursor's `opaque`: every record whose `updatedAt` is at or before it has been delivered. A read starts at the
 * watermark and follows `nextCursor` to the end; afterwards the watermark moves to
 *
 *     the server's clock when the read began − the visibility bound − the clock allowance
 *
 * (each record stamped before that was visible when the read began, so the read, which went on to the end of
 * the listing, saw it), but never past a record the read has not reached yet when it stops early, nor past the
 * newest change delivered (in case the server's `Date` runs ahead of its `updatedAt` clock). Records after
 * the watermark that the next read lists again (they share an instant with the newest one, or were read within
 * the last few seconds) are dropped by `<id>@<updatedAt>` in `seen`, which holds only records after the
 * watermark. So nothing is missed or delivered twice, and once the server's clock has moved a few seconds past
 * the newest change, an idle read is one request that re-reads nothing.
 *
 * Why not connectors/common/change-cursor.ts's ChangeCursorTracker as it is: without a visibility promise it
 * re-reads a fixed overlap before the newest change until that change is minutes old (its `SETTLE_MS`), so
 * every idle poll of those minutes would re-read the window (a bulk import of a thousand records in five
 * seconds: two extra pages a poll). The contract's 5 s promise lets this watermark move within seconds. Its
 * `seenKey`, change entries and page helpers are used as they are.
 */
import { seenKey, type ChangeEntry, type ChangeMarker } from '../common/change-cursor';
import type { ChangeCursor, RecordSnapshot } from '../connector';

const WATERMARK_PREFIX = 'settled:';

/** The watermark a cursor carries, or null (a first read, or a cursor from elsewhere). */
export function watermarkOf(cursor: ChangeCursor): number | null {
  const match = cursor.opaque === undefined ? null : new RegExp(`^${WATERMARK_PREFIX}(-?\\d+)$`).exec(cursor.opaque);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** The change time a `seen` key carries (`<id>@<updatedAt ms>`); 0 for keys without one. */
const timeOfKey = (key: string): number => Number(/@(\d+)$/.exec(key)?.[1] ?? 0);

export class ChangeFeedState {
  private since: number | null;
  private watermark: number | null;
  /** Delivered records after the watermark: key → change time. */
  private readonly seen = new Map<string, number>();
  /** Records this read listed again and dropped. */
  rereads = 0;

  constructor(cursor: ChangeCursor, overlapMs: number) {
    this.since = cursor.since;
    // A cursor without a watermark (not written by this connector) starts a plain overlap before its newest change.
    this.watermark = watermarkOf(cursor) ?? (cursor.since === null ? null : cursor.since - overlapMs);
    for (const key of cursor.seen) this.seen.set(key, timeOfKey(key));
  }

  /** The exclusive `updatedSince` of the read (epoch ms), or null to read from the beginning. */
  start(): number | null {
    return this.watermark;
  }

  /** The entries of one page not delivered before, in the listing's order. */
  accept(
    entries: ChangeEntry<RecordSnapshot>[],
    marker: (entry: ChangeEntry<RecordSnapshot>) => ChangeMarker,
  ): ChangeEntry<RecordSnapshot>[] {
    const fresh: ChangeEntry<RecordSnapshot>[] = [];
    for (const entry of entries) {
      const mark = marker(entry);
      const key = seenKey(mark);
      if (this.seen.has(key)) {
        this.rereads += 1;
        continue;
      }
      this.seen.set(key, mark.changedAt);
      if (this.since === null || mark.changedAt > this.since) this.since = mark.changedAt;
      fresh.push(entry);
    }
    return fresh;
  }

  /**
   * Moves the watermark to `horizon` (everything stamped at or before it was visible when the read began), but
   * before `reachedAt` when the read has not reached the end of the listing (records sharing that instant may
   * follow on the next page).
   */
  settle(horizon: number, reachedAt: number | null): void {
    // Never past the newest change delivered: a `Date` header running ahead of the clock that stamps updatedAt
    // (a misconfigured server) must not make the next read start after changes it has not seen.
    const ceiling = Math.min(horizon, this.since ?? Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(ceiling)) return;
    const bound = reachedAt === null ? ceiling : Math.min(ceiling, reachedAt - 1);
    if (this.watermark !== null && bound <= this.watermark) return;
    this.watermark = bound;
    for (const [key, changedAt] of this.seen) if (changedAt <= bound) this.seen.delete(key);
  }

  cursor(): ChangeCursor {
    return {
      since: this.since,
      seen: [...this.seen.keys()],
      ...(this.watermark !== null ? { opaque: `${WATERMARK_PREFIX}${this.watermark}` } : {}),
    };
  }
}
