/**
 * The overlap-and-seen change cursor, for any connector whose API offers an exclusive
 * "changed after T" filter.
 *
 * Why: the filters are exclusive and timestamps are coarse (Chargebee: whole seconds; PowerOffice: we keep
 * epoch ms while the API has 100 ns), so "changed after the newest time I saw" would skip a record edited in
 * the same second/ms as the cursor. Instead every read starts `overlapMs` before `cursor.since` and drops
 * what was already delivered, recognised by `<id>@<version>` in `cursor.seen`. A new version of a record
 * already seen has a new key, so it is delivered again; the same version never twice.
 *
 * `seen` holds only the keys that can come back through the overlap, so it stays small: keys of records
 * changed at or after `since - overlapMs`. Keys carried in from a stored cursor have no known time, but all of
 * them changed at or before the stored `since`, so they are dropped as soon as the window moves past it.
 *
 * It also holds at most `MAX_SEEN_KEYS`, the newest delivered: a bulk change that gives tens of thousands of
 * records one change time would otherwise make the cursor outgrow what a workflow may carry (Temporal refuses a
 * payload over 2 MB, and the poller would then fail the same way for ever). A key dropped early can only make a
 * record be delivered again, which its link drops as nothing new; never skipped (docs/DECISIONS.md 148).
 *
 * The overlap is only needed while a change with a time inside it can still appear. A read that goes to the end
 * of the listing has delivered every change made before it began, so once `since` is older than the read's start
 * by more than `SETTLE_MS` (room for the vendor's commit delay and for its clock running behind ours), the
 * cursor records `settledThrough` and later reads start there instead. Without it, a bulk change that gave
 * 2,000 records one instant was paged through again, 20 pages, on every idle read until something newer came
 * (docs/DECISIONS.md 152).
 *
 * A read that stops inside a crowd (a poll call hands on a bounded number of records) cannot move the filter past
 * it, so the cursor also keeps the page it stopped at (`resume`), and the next read goes on in that listing from
 * there instead of paging through the crowd from its start. Without it, a crowd of more records than `seen`
 * holds was never got through: each read began again at its start, found the records whose keys `seen` had
 * dropped, handed them on again, and stopped before the crowd's end (docs/DECISIONS.md 154).
 */
import type { ChangeCursor, ChangePage, RecordSnapshot, UnreadableRecord } from '../connector';

/** What the cursor needs to know about one record. */
export interface ChangeMarker {
  id: string;
  version: number;
  /** Change time, epoch ms. */
  changedAt: number;
}

/** The most keys a cursor keeps in `seen`: about 30 bytes each, so well under Temporal's 2 MB per payload. */
export const MAX_SEEN_KEYS = 20_000;

/**
 * How long before a read began a change time must be for the read to settle it: no change can appear with a
 * time that old any more. Minutes, where a vendor's commit delay is seconds and synchronised clocks differ by
 * less than one.
 */
export const SETTLE_MS = 5 * 60_000;

export const seenKey = (marker: Pick<ChangeMarker, 'id' | 'version'>): string => `${marker.id}@${marker.version}`;

export class ChangeCursorTracker {
  private since: number | null;
  private settledThrough: number | undefined;
  /** Key → change time; `undefined` for keys carried in from the stored cursor (changed at or before `since`). */
  private readonly seen = new Map<string, number | undefined>();
  private readonly initialSince: number | null;

  constructor(
    cursor: ChangeCursor,
    readonly overlapMs: number,
  ) {
    if (!(overlapMs >= 0)) throw new RangeError(`overlapMs must be ≥ 0, got ${overlapMs}`);
    this.since = cursor.since;
    this.settledThrough = cursor.settledThrough;
    this.initialSince = cursor.since;
    for (const key of cursor.seen) this.seen.set(key, undefined);
  }

  /** The exclusive lower bound to pass to the API's changed-after filter (epoch ms), or null to read everything. */
  filterFrom(): number | null {
    if (this.since === null) return null;
    const overlapStart = this.since - this.overlapMs;
    return this.settledThrough === undefined ? overlapStart : Math.max(overlapStart, this.settledThrough);
  }

  /**
   * Called when a read that began at `readStartedAt` (epoch ms, our clock) has reached the end of the listing:
   * every change made more than `SETTLE_MS` before that has been delivered. True when the cursor moved.
   */
  settle(readStartedAt: number): boolean {
    const settled = readStartedAt - SETTLE_MS;
    const windowStart = this.filterFrom();
    if (windowStart === null || settled <= windowStart) return false;
    this.settledThrough = settled;
    this.prune();
    return true;
  }

  /**
   * Drops the items already delivered, returns the new ones oldest first, and advances the cursor past them.
   * Call it once per page, in the order the pages came.
   */
  accept<T>(items: readonly T[], marker: (item: T) => ChangeMarker): T[] {
    const fresh: { item: T; mark: ChangeMarker }[] = [];
    const keysThisPage = new Set<string>();
    for (const item of items) {
      const mark = marker(item);
      const key = seenKey(mark);
      if (this.seen.has(key)) {
        // A key carried in from the stored cursor has its time again: it leaves `seen` once the window passes it.
        if (this.seen.get(key) === undefined) this.seen.set(key, mark.changedAt);
        continue;
      }
      if (keysThisPage.has(key)) continue;
      keysThisPage.add(key);
      fresh.push({ item, mark });
    }
    fresh.sort((a, b) => a.mark.changedAt - b.mark.changedAt);
    for (const { mark } of fresh) {
      this.seen.set(seenKey(mark), mark.changedAt);
      if (this.since === null || mark.changedAt > this.since) this.since = mark.changedAt;
    }
    this.prune();
    return fresh.map(({ item }) => item);
  }

  /**
   * How many delivered records a read from `from` would list again (keys carried in from the stored cursor, whose
   * times are not known, count as listed).
   */
  keysAfter(from: number): number {
    let count = 0;
    for (const changedAt of this.seen.values()) if (changedAt === undefined || changedAt > from) count += 1;
    return count;
  }

  /** The cursor to store once the records accepted so far have been handed on. Plain JSON. */
  get cursor(): ChangeCursor {
    const settled = this.settledThrough === undefined ? {} : { settledThrough: this.settledThrough };
    return { since: this.since, seen: [...this.seen.keys()], ...settled };
  }

  private prune(): void {
    const windowStart = this.filterFrom();
    if (windowStart === null) return;
    const carriedKeysExpired = this.initialSince !== null && this.initialSince < windowStart;
    for (const [key, changedAt] of this.seen) {
      const expired = changedAt === undefined ? carriedKeysExpired : changedAt < windowStart;
      if (expired) this.seen.delete(key);
    }
    // The oldest keys go first: carried-in keys, then in the order they were delivered (oldest change first).
    for (const key of this.seen.keys()) {
      if (this.seen.size <= MAX_SEEN_KEYS) break;
      this.seen.delete(key);
    }
  }
}

/** One page of a change listing, as a connector's transport returns it. */
export interface ChangeFeedPage<T> {
  items: T[];
  /** Where the next page starts under the same filter (page number, offset token); undefined on the last page. */
  next?: string;
}

export interface ChangeFeedOptions<T> {
  cursor: ChangeCursor;
  overlapMs: number;
  /**
   * Fetches one page of records changed strictly after `filterFrom` (epoch ms; null = all), ordered by change
   * time ascending (the feed relies on that order), starting at `continuation` (undefined = first page).
   */
  fetchPage: (filterFrom: number | null, continuation: string | undefined) => Promise<ChangeFeedPage<T>>;
  marker: (item: T) => ChangeMarker;
  /** Our clock (epoch ms), read when the read begins; Date.now unless a test models the vendor's time. */
  now?: () => number;
}

/**
 * Reads a change feed page by page and yields only new records with the cursor to store after them.
 *
 * Between pages it restarts the query from the advanced cursor (keyset paging) rather than asking for page
 * N+1 of the first query: with offset paging, a record edited mid-scan moves to the end of the ordering and
 * shifts the others back by one, so one record would silently be skipped. It goes on to the next page of the
 * same query instead when the cursor cannot advance, or when the restarted query would list a page or more of
 * records it has delivered (a crowd denser than a page per overlap), and keeps that place in the cursor for the
 * next read (docs/DECISIONS.md 154).
 */
export async function* readChangeFeed<T>(
  options: ChangeFeedOptions<T>,
): AsyncGenerator<{ items: T[]; cursor: ChangeCursor; more: boolean; reread: number }> {
  const readStartedAt = (options.now ?? Date.now)();
  const tracker = new ChangeCursorTracker(options.cursor, options.overlapMs);
  let filterFrom = tracker.filterFrom();
  let continuation: string | undefined;
  // A read that stopped inside a crowd goes on with the listing it was in, from the last page it read. That listing
  // may have begun before the cursor's window (a wider filter lists everything the window does, and what came
  // before the place was read); one that began after it would skip records, so such a place is not used.
  const stopped = options.cursor.resume;
  if (
    stopped !== undefined &&
    (stopped.filterFrom === null || (filterFrom !== null && stopped.filterFrom <= filterFrom))
  ) {
    filterFrom = stopped.filterFrom;
    continuation = stopped.continuation;
  }
  // Whether the cursor the caller holds keeps a place; at the end it must lose it (below).
  let placeKept = stopped !== undefined;
  let reread = 0;
  for (;;) {
    const page = await options.fetchPage(filterFrom, continuation);
    // A listing that began before the cursor's window (a stored place) lists records the window has passed since:
    // delivered before it moved on, and forgotten then, they are not new. Handed on again, they made every call
    // stop after this page and store the same place, for ever (docs/DECISIONS.md 169).
    const listed = withoutPassed(page.items, options.marker, filterFrom, tracker.filterFrom());
    const fresh = tracker.accept(listed, options.marker);
    const atEnd = page.next === undefined;
    // A page before the end that brought nothing new (records delivered already, or none the connector kept) is
    // read again: the call earns another page for it, and goes on past it (docs/DECISIONS.md 169).
    const readAgain = fresh.length === 0 && (listed.length > 0 || !atEnd);
    // At the end, a moved cursor is yielded even without new records, so that the caller stores it.
    const settled = atEnd && tracker.settle(readStartedAt);
    const advanced = tracker.filterFrom();
    // The listing starts again from the cursor's window when the window has moved, unless the window holds a page or
    // more of records delivered already: a crowd denser than a page per overlap would then be listed again at every
    // page, and one larger than `seen` delivered again, all of it (docs/DECISIONS.md 154).
    const restarts =
      advanced !== null &&
      (filterFrom === null || advanced > filterFrom) &&
      tracker.keysAfter(advanced) < Math.max(1, listed.length);
    // Going on in the same listing, the cursor keeps this page's place: the next read reads it again (its records
    // are in `seen`) before going on, so that records which moved up a place meanwhile (one before them was edited,
    // and went to the end of the listing) are not skipped.
    const resume: ChangeCursor['resume'] =
      atEnd || restarts ? undefined : { filterFrom, ...(continuation === undefined ? {} : { continuation }) };
    // A place is only for the rest of a pass: a read that reached the end yields a cursor without one, so that the
    // next pass reads the overlap from its start (a record committed late with a time inside it is found there).
    if (fresh.length > 0 || settled || resume !== undefined || (atEnd && placeKept)) {
      // `more`: the listing had another page; after a short page the caller need not read again until its next
      // pass. A page inside a crowd without new records is yielded too, so that the place is stored, and is counted
      // as read again.
      const rereadNow = readAgain ? reread + 1 : reread;
      yield {
        items: fresh,
        cursor: { ...tracker.cursor, ...(resume ? { resume } : {}) },
        more: !atEnd,
        reread: rereadNow,
      };
      reread = 0;
      placeKept = resume !== undefined;
    } else if (readAgain) reread += 1;
    if (atEnd) return;
    if (restarts) {
      filterFrom = advanced;
      continuation = undefined;
    } else {
      continuation = page.next;
    }
  }
}

/**
 * The items of a page from a listing that began at `listingFrom`, less those that changed after it but not after
 * `windowStart`, the cursor's window now. An item at or before the listing's start stays: a connector places there
 * an unreadable record that carries no time of its own and comes first on its page (0 in a listing from the start).
 */
function withoutPassed<T>(
  items: readonly T[],
  marker: (item: T) => ChangeMarker,
  listingFrom: number | null,
  windowStart: number | null,
): readonly T[] {
  const start = listingFrom ?? 0;
  if (windowStart === null || start >= windowStart) return items;
  return items.filter((item) => {
    const changedAt = marker(item).changedAt;
    return changedAt > windowStart || changedAt <= start;
  });
}

/**
 * One item of a change listing as a connector reads it: a record, or a record it could not read. An unreadable
 * record still carries a marker, so that the cursor moves past it and the next read does not stop there again.
 */
export type ChangeEntry<T> =
  { kind: 'record'; record: T } | { kind: 'unreadable'; unreadable: UnreadableRecord; mark: ChangeMarker };

/** The feed marker of an entry, given the marker of a readable record. */
export const entryMarker =
  <T>(marker: (record: T) => ChangeMarker) =>
  (entry: ChangeEntry<T>): ChangeMarker =>
    entry.kind === 'record' ? marker(entry.record) : entry.mark;

/**
 * The marker of a record that could not be read. When its change time cannot be read either, it takes that of
 * the entry listed before it (listings come oldest change first, so it changed no earlier), which never moves
 * the cursor past a change it has not seen. Version 0, which no real change has, keys it in `seen` until the
 * record changes again. Records without a readable id share the id `?` (they are only logged): one is told
 * from another by its change time, and a re-read through the overlap does not log it twice.
 */
export function unreadableMarker(
  unreadable: Pick<UnreadableRecord, 'id'>,
  changed: { changedAt: number; version: number } | undefined,
  previousChangedAt: number,
): ChangeMarker {
  const id = unreadable.id ?? '?';
  return changed ? { id, ...changed } : { id, version: 0, changedAt: previousChangedAt };
}

/** A yielded feed page as the connector contract's ChangePage. */
export function toChangePage(
  items: ChangeEntry<RecordSnapshot>[],
  cursor: ChangeCursor,
  more: boolean,
  reread = 0,
): ChangePage {
  const records: RecordSnapshot[] = [];
  const unreadable: UnreadableRecord[] = [];
  for (const entry of items) {
    if (entry.kind === 'record') records.push(entry.record);
    else unreadable.push(entry.unreadable);
  }
  return { records, unreadable, cursor, more, ...(reread > 0 ? { reread } : {}) };
}
