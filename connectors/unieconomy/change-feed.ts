/**
 * Uni Economy's change feed: passes over "records changed since T", one page a call, resumable from the cursor.
 *
 * Why not `readChangeFeed` (connectors/common/change-cursor) as it is: its keyset restart needs the listing in
 * change order, and a record's change time here is the latest of CreatedAt and UpdatedAt (null until the first
 * edit), which `orderby` cannot express: ordered by UpdatedAt, every never-edited record comes first, and the
 * cursor would jump past edited records not yet read. So a pass is read in ID order instead (as other public
 * Uni connectors read it) and keeps the common helper's overlap-and-seen rule and `<id>@<version>` keys:
 *
 * - A pass fixes its lower bound `from` = cursor.since − overlap and pages through
 *   `(<change filter> ge from) and ID gt <last ID read>` ordered by ID, `top` = page size: keyset paging by ID,
 *   so a record created or deleted mid-pass shifts nothing (offset paging with `skip` would skip or repeat one).
 *   Inside a page, records are handed on oldest change first; across pages they come in ID order.
 * - Between pages the pass lives in the cursor's `opaque` part (its `from`, last ID, start and newest change),
 *   while `since` stays where the pass began: a poller that stores the cursor after each page resumes the pass.
 * - A record edited mid-pass behind the last ID read is not seen again in that pass. Its change time is after
 *   the pass began, so the pass ends with `since` no later than its start (the server's `Date` header of its
 *   first page, less a second for that header's resolution) and the next pass reads it.
 * - `since` moves to the newest change read in the pass (records already delivered included), capped as above.
 * - `seen` keeps the keys of records whose change is at or after the next pass's `from`, and during a pass the
 *   keys carried in (records of the last pass's overlap may appear in any page of this one).
 * - A short page ends the pass; no further read is made until the next pass. An idle pass is one request.
 */
import { z } from 'zod';
import { seenKey, toChangePage, type ChangeEntry, type ChangeMarker } from '../common/change-cursor';
import type { ChangeCursor, ChangePage, RecordSnapshot } from '../connector';

/** The `Date` header has whole seconds: a change made in the pass's first second may be stamped before it. */
const DATE_HEADER_RESOLUTION_MS = 1000;

const passStateSchema = z.object({
  /** Layout version of this state. */
  pass: z.literal(1),
  from: z.number().nullable(),
  afterId: z.number().int().min(0),
  startedAt: z.number(),
  newest: z.number().nullable(),
});
type PassState = z.infer<typeof passStateSchema>;

function decodePass(opaque: string | undefined): PassState | undefined {
  if (opaque === undefined) return undefined;
  try {
    const parsed = passStateSchema.safeParse(JSON.parse(opaque));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not ours (or from an older layout): start a fresh pass
  }
}

/** The change time in a key: the version is the change time for this API (`<id>@<epoch ms>`). */
function changedAtOfKey(key: string): number {
  const version = Number(key.slice(key.lastIndexOf('@') + 1));
  return Number.isFinite(version) ? version : 0;
}

export interface ChangeListPage {
  items: unknown[];
  /** The server's clock when it answered, epoch ms. */
  serverTime: number | undefined;
}

export interface ChangePassOptions {
  cursor: ChangeCursor;
  overlapMs: number;
  pageSize: number;
  /** One page: records changed at or after `from` (all when null) with ID greater than `afterId`, by ID. */
  fetchPage: (from: number | null, afterId: number, top: number) => Promise<ChangeListPage>;
  /** Reads one listed item; `position` names it in a log line when its id cannot be read. */
  entry: (raw: unknown, position: string, fallbackChangedAt: number) => ChangeEntry<RecordSnapshot>;
  /** The numeric ID of a raw item, when it has one (to page on). */
  idOf: (raw: unknown) => number | undefined;
  /** The client's clock, used only when the server sends no Date header. */
  now?: () => number;
}

const markerOf = (entry: ChangeEntry<RecordSnapshot>): ChangeMarker =>
  entry.kind === 'record'
    ? { id: entry.record.id, version: entry.record.version, changedAt: entry.record.changedAt }
    : entry.mark;

/** Where the cursor stands after a pass: its newest change, but never past the pass's own start. */
function sinceAfterPass(previous: number | null, pass: PassState): number | null {
  if (pass.newest === null) return previous;
  const candidate = Math.min(pass.newest, pass.startedAt - DATE_HEADER_RESOLUTION_MS);
  return previous === null ? candidate : Math.max(previous, candidate);
}

export async function* readChangePasses(options: ChangePassOptions): AsyncGenerator<ChangePage> {
  const { cursor, overlapMs, pageSize } = options;
  const resumed = decodePass(cursor.opaque);
  const carried = new Set(cursor.seen);
  const seen = new Map<string, number>([...carried].map((key) => [key, changedAtOfKey(key)]));
  const pass: PassState = resumed ?? {
    pass: 1,
    from: cursor.since === null ? null : cursor.since - overlapMs,
    afterId: 0,
    startedAt: Number.NaN,
    newest: null,
  };
  for (let firstPage = resumed === undefined; ; firstPage = false) {
    const page = await options.fetchPage(pass.from, pass.afterId, pageSize);
    if (firstPage) pass.startedAt = page.serverTime ?? (options.now ?? Date.now)();
    const fresh: { entry: ChangeEntry<RecordSnapshot>; mark: ChangeMarker }[] = [];
    page.items.forEach((raw, index) => {
      const entry = options.entry(raw, `page after ID ${pass.afterId}, item ${index + 1}`, pass.from ?? 0);
      const mark = markerOf(entry);
      // Every record read counts towards the pass's newest change, those seen before too: an idle pass over an
      // overlap of already-delivered records still moves `since` up to them, so the window does not stay wide.
      if (entry.kind === 'record' && (pass.newest === null || mark.changedAt > pass.newest))
        pass.newest = mark.changedAt;
      const key = seenKey(mark);
      if (seen.has(key)) return;
      seen.set(key, mark.changedAt);
      fresh.push({ entry, mark });
    });
    fresh.sort((a, b) => a.mark.changedAt - b.mark.changedAt);
    const entries = fresh.map(({ entry }) => entry);
    pass.afterId = Math.max(pass.afterId, ...page.items.map((raw) => options.idOf(raw) ?? 0));

    if (page.items.length < pageSize) {
      const since = sinceAfterPass(cursor.since, pass);
      const windowStart = since === null ? Number.POSITIVE_INFINITY : since - overlapMs;
      const next: ChangeCursor = {
        since,
        seen: [...seen].filter(([, changedAt]) => changedAt >= windowStart).map(([key]) => key),
      };
      // Once the pass state has been handed on (by an earlier call or page), the final cursor must follow, even
      // with no records, or the stored cursor would keep resuming a finished pass.
      const passStateShown = resumed !== undefined || !firstPage;
      if (entries.length > 0 || passStateShown || since !== cursor.since) yield toChangePage(entries, next, false);
      return;
    }
    // The pass can end with `since` no lower than this, so keys older than its overlap will never be needed again.
    const lowestEnd = sinceAfterPass(cursor.since, { ...pass, newest: pass.newest ?? Number.NEGATIVE_INFINITY });
    const keepFrom =
      lowestEnd === null || !Number.isFinite(lowestEnd) ? Number.NEGATIVE_INFINITY : lowestEnd - overlapMs;
    const during: ChangeCursor = {
      since: cursor.since,
      seen: [...seen].filter(([key, changedAt]) => carried.has(key) || changedAt >= keepFrom).map(([key]) => key),
      opaque: JSON.stringify(pass),
    };
    yield toChangePage(entries, during, true);
  }
}
