/**
 * Link-first matching from listed pages instead of one look-up per record. During a first sync thousands of
 * records ask "does the target already have one with this e-mail (org number, name)?"; asking the target once
 * per record spent a request per record on the binding budget. Instead, once look-ups come often, the worker
 * reads the target's records a page at a time (100 per request on Chargebee) through the connector's change
 * feed, indexes them by a hash of the normalised key, and catches up from its cursor before answering when the
 * index is older than `freshMs`. The records linkflow creates itself are added as they are created.
 *
 * It is a cache, not state: a restarted worker builds it again, and a match is always read live before it is
 * linked. While look-ups are rare (a live change in a quiet system), the merge asks the target directly,
 * which costs one request and sees the target as it is this instant. docs/DECISIONS.md states what the
 * freshness window means for records created by hand in the target at the same moment.
 */
import { initialCursor, type ChangeCursor, type Connector, type RecordSnapshot } from '../connectors/connector';
import { normaliseMergeKey, type MergeKeyKind } from '../dataflows/engine/merge-key';
import { getPath } from '../dataflows/engine/paths';
import type { Dataflow } from '../dataflows/engine';
import {
  REQUEST_PRIORITIES,
  requestPriority,
  withRequestPriority,
  type RequestPriority,
} from '../connectors/common/request-priority';

export interface TargetKeyIndexOptions {
  /** A look-up is answered without catching up while the index is younger than this. */
  freshMs: number;
  /**
   * The same while requests wait for the target's budget (a first sync): a create found missing then goes out
   * only after that wait anyway, so catching up every `freshMs` spends the budget for little (DECISIONS 91).
   */
  backlogFreshMs: number;
  /** Look-ups within `windowMs` before the index is worth building (one listing of the whole target). */
  minLookups: number;
  windowMs: number;
  /** Past this many records the target is too large to list: look-ups go to the target one by one. */
  maxRecords: number;
  now?: () => number;
}

export const DEFAULT_TARGET_KEY_INDEX: TargetKeyIndexOptions = {
  freshMs: 10_000,
  backlogFreshMs: 30_000,
  minLookups: 20,
  windowMs: 60_000,
  maxRecords: 500_000,
};

/**
 * One key's map over a type's records: a hash of each normalised key → the ids carrying it, and each id's hash.
 * Hashes, not the keys: at 100,000 records the key strings and a set of ids per key took about 40 MB of the
 * worker's heap, a hash and an id about 10 (docs/DECISIONS.md 160). Two keys with one hash (about one look-up
 * in 10,000 at that size) only add a candidate, and candidates are checked before anything is linked.
 */
class KeyMap {
  private readonly idsByHash = new Map<number, string | string[]>();
  private readonly hashById = new Map<string, number>();
  /** Whether a read from the start of the feed has filled this map (a key asked for later needs one). */
  complete = false;

  constructor(
    private readonly field: string,
    private readonly kind: MergeKeyKind,
  ) {}

  get size(): number {
    return this.hashById.size;
  }

  ids(values: string[]): Set<string> {
    const ids = new Set<string>();
    for (const value of values) {
      const found = this.idsByHash.get(keyHash(value));
      for (const id of found === undefined ? [] : typeof found === 'string' ? [found] : found) ids.add(id);
    }
    return ids;
  }

  note(record: RecordSnapshot): void {
    if (record.deleted) this.remove(record.id);
    else this.put(record.id, normaliseMergeKey(this.kind, getPath(record.data, this.field)));
  }

  clear(): void {
    this.idsByHash.clear();
    this.hashById.clear();
  }

  private put(id: string, key: string | undefined): void {
    this.remove(id);
    if (key === undefined) return;
    const hash = keyHash(key);
    this.hashById.set(id, hash);
    const found = this.idsByHash.get(hash);
    this.idsByHash.set(hash, found === undefined ? id : typeof found === 'string' ? [found, id] : [...found, id]);
  }

  private remove(id: string): void {
    const hash = this.hashById.get(id);
    if (hash === undefined) return;
    this.hashById.delete(id);
    const found = this.idsByHash.get(hash);
    const others = (typeof found === 'string' ? [found] : (found ?? [])).filter((other) => other !== id);
    const [only] = others;
    if (only === undefined) this.idsByHash.delete(hash);
    else this.idsByHash.set(hash, others.length === 1 ? only : others);
  }
}

/** FNV-1a over the key's UTF-16 units, kept to 30 bits: a small integer, which a Map holds without an object. */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/**
 * The listed pages of one target type, read through one cursor for every key it is matched on (a Chargebee
 * customer by e-mail and by org number): one catch-up read serves them all.
 */
class TypeListing {
  private readonly keys = new Map<string, KeyMap>();
  private cursor: ChangeCursor = initialCursor();
  private caughtUpAt = Number.NEGATIVE_INFINITY;
  /**
   * The catch-up read in flight in each lane. A read made for a fresh change never waits behind the backlog's:
   * while one waits for the budget at the backlog's priority, a live look-up reads from the same cursor in the
   * live lane (docs/DECISIONS.md 124).
   */
  private readonly catchingUp: Partial<Record<RequestPriority, Promise<void>>> = {};
  private recentLookups: number[] = [];
  /** Set once the target proved too large to list; the index then stays off for this process. */
  tooLarge = false;

  constructor(
    private readonly connector: Connector,
    private readonly type: string,
    private readonly options: TargetKeyIndexOptions,
  ) {}

  /** The map of one key; a key first asked for after the type was listed has the type listed again, once. */
  keyMap(field: string, kind: MergeKeyKind): KeyMap {
    const name = `${field}\u0000${kind}`;
    let map = this.keys.get(name);
    if (map === undefined) {
      map = new KeyMap(field, kind);
      this.keys.set(name, map);
    }
    return map;
  }

  /** Starts a catch-up read at the backlog's priority, unless one is in flight; nobody waits for it. */
  fillInBackground(): void {
    if (this.isCatchingUp()) return;
    withRequestPriority('backlog', () => this.catchUp()).catch(() => undefined);
  }

  /** Whether a catch-up read is in flight, in any lane. */
  isCatchingUp(): boolean {
    return REQUEST_PRIORITIES.some((lane) => this.catchingUp[lane] !== undefined);
  }

  /** Whether the listing was caught up within the last `ms`. */
  caughtUpWithin(now: number, ms: number): boolean {
    return !this.tooLarge && now - this.caughtUpAt < ms;
  }

  /** Whether a look-up now would be answered without a catch-up read. */
  isFresh(now: number): boolean {
    return !this.tooLarge && now - this.caughtUpAt < this.options.freshMs;
  }

  /**
   * Whether look-ups come often enough that listing the target pays (always, once it is built). While requests
   * wait for the target's budget a backlog is being worked off (a first sync): its look-ups will come by the
   * hundred, so the listing pays from the first one, instead of after `minLookups` single queries.
   */
  worthUsing(now: number, targetHasBacklog: boolean): boolean {
    if (this.tooLarge) return false;
    if (this.caughtUpAt > Number.NEGATIVE_INFINITY || targetHasBacklog) return true;
    this.recentLookups = this.recentLookups.filter((at) => now - at < this.options.windowMs);
    this.recentLookups.push(now);
    return this.recentLookups.length >= this.options.minLookups;
  }

  /** The ids of target records whose key equals one of `values` (already normalised), as of a fresh read. */
  async lookup(map: KeyMap, values: string[], now: number, targetHasBacklog: boolean): Promise<string[] | undefined> {
    const freshMs = targetHasBacklog
      ? Math.max(this.options.freshMs, this.options.backlogFreshMs)
      : this.options.freshMs;
    if (!map.complete || now - this.caughtUpAt >= freshMs) await this.catchUp();
    // A read already in flight when this key was first asked for did not fill its map: the next one does.
    if (!map.complete && !this.tooLarge) await this.catchUp();
    if (this.tooLarge) return undefined;
    return [...map.ids(values)];
  }

  /** A record linkflow just created or read: indexed at once, without waiting for the next catch-up. */
  note(record: RecordSnapshot): void {
    for (const map of this.keys.values()) map.note(record);
  }

  /** Catches up in the caller's lane; a read in flight in that lane, or in one served before it, serves it too. */
  private catchUp(): Promise<void> {
    const lane = requestPriority();
    const shared = REQUEST_PRIORITIES.slice(0, REQUEST_PRIORITIES.indexOf(lane) + 1)
      .map((ahead) => this.catchingUp[ahead])
      .find((read) => read !== undefined);
    if (shared !== undefined) return shared;
    const read = this.readChanges().finally(() => {
      if (this.catchingUp[lane] === read) delete this.catchingUp[lane];
    });
    this.catchingUp[lane] = read;
    return read;
  }

  private async readChanges(): Promise<void> {
    const startedAt = (this.options.now ?? Date.now)();
    const maps = [...this.keys.values()];
    // A key asked for since the last read has an empty map: read from the start, which refills every map.
    let cursor = maps.some((map) => !map.complete) ? initialCursor() : this.cursor;
    for await (const page of this.connector.readChanges(this.type, cursor)) {
      for (const record of page.records) this.note(record);
      cursor = page.cursor;
      // Everything up to any read's page is noted, so either read's progress is a cursor to go on from; one that
      // began before a read that has finished since no longer moves it.
      if (startedAt >= this.caughtUpAt) this.cursor = cursor;
      if (Math.max(0, ...[...this.keys.values()].map((map) => map.size)) > this.options.maxRecords) {
        this.tooLarge = true;
        for (const map of this.keys.values()) map.clear();
        return;
      }
    }
    for (const map of maps) map.complete = true;
    if (startedAt >= this.caughtUpAt) {
      this.cursor = cursor;
      this.caughtUpAt = startedAt;
    }
  }
}

/** A key the dataflows match a target type on: its map is filled by the type's first listing. */
export interface DeclaredKey {
  system: string;
  type: string;
  field: string;
  normalise: MergeKeyKind;
}

/** The keys the dataflows' mappings match their targets on (`merge_key` with a normalisation). */
export function declaredMergeKeys(flows: readonly Dataflow[]): DeclaredKey[] {
  return flows.flatMap((flow) =>
    flow.mappings.flatMap((mapping) =>
      mapping.mergeKey === undefined
        ? []
        : [
            {
              system: mapping.target.system,
              type: mapping.target.resource,
              field: mapping.mergeKey.target,
              normalise: mapping.mergeKey.normalise,
            },
          ],
    ),
  );
}

/** The indexes of one worker process: a listing per (system, type), a map per key it is matched on. */
export class TargetKeyIndexes {
  private readonly listings = new Map<string, TypeListing>();

  /**
   * `declaredKeys`: every key of a type gets its map when the type is first listed, so that one read fills them
   * all. A key first asked for later (an organisation's org number, asked for once orders need organisations)
   * would otherwise have the whole type listed again, or, in the live lane, a query per look-up meanwhile.
   */
  constructor(
    private readonly options: TargetKeyIndexOptions = DEFAULT_TARGET_KEY_INDEX,
    private readonly declaredKeys: readonly DeclaredKey[] = [],
  ) {}

  /**
   * Candidate ids for the key values, or undefined when the index is not worth using yet (the caller asks the
   * target directly). Candidates still have to be read live and checked.
   */
  async candidates(
    connector: Connector,
    type: string,
    key: { field: string; normalise: MergeKeyKind },
    values: string[],
  ): Promise<string[] | undefined> {
    const now = (this.options.now ?? Date.now)();
    const listing = this.listingFor(connector, type);
    const map = listing.keyMap(key.field, key.normalise);
    const targetHasBacklog = (connector.waitingRequests?.() ?? 0) > 0;
    // Work the backlog waits for in the live lane (docs/DECISIONS.md 142) looks up as a fresh change does.
    const live = requestPriority() !== 'backlog';
    // During a backlog live look-ups come by the hundred too (the organisations a first sync's orders create on
    // demand are asked for in the live lane): a catch-up read of their own, in that lane, answers all of them
    // for the next 10 s instead of a query each (docs/DECISIONS.md 109). It never waits for a read made at the
    // backlog's priority, and one already made in the live lane answers as soon as a query would (121, 124).
    if (live && !listing.isFresh(now)) {
      // Without a backlog, a listing caught up within the last minute is caught up again (a page, as a query is
      // a request) rather than asked past: look-ups are coming often then (docs/DECISIONS.md 122).
      if (!targetHasBacklog && !listing.caughtUpWithin(now, this.options.windowMs)) return undefined;
      if (!map.complete) {
        // A key first asked for in the live lane: its map is filled by a read of the whole listing at the
        // backlog's priority, and this look-up asks the target meanwhile.
        listing.fillInBackground();
        return undefined;
      }
    }
    if (!listing.worthUsing(now, targetHasBacklog)) return undefined;
    if (!targetHasBacklog && !map.complete) {
      // The listing is not built yet (a worker just started) and the target's budget serves a query at once: the
      // look-up asks the target while the whole listing is read in the background. Waiting for it held every merge
      // of a burst for as long as a 100,000-customer listing takes (45 s with the limits raised, docs/DECISIONS.md
      // 146); during a backlog the look-ups wait for it, since their requests would wait for the budget anyway.
      listing.fillInBackground();
      return undefined;
    }
    const normalised = values
      .map((value) => normaliseMergeKey(key.normalise, value))
      .filter((value): value is string => value !== undefined);
    // A live look-up holds the index to the 10 s of a fresh change, backlog or not.
    return listing.lookup(map, normalised, now, targetHasBacklog && !live);
  }

  /** Tells the listing of the target type about a record linkflow created or read. */
  note(system: string, record: RecordSnapshot): void {
    this.listings.get(`${system}\u0000${record.type}`)?.note(record);
  }

  private listingFor(connector: Connector, type: string): TypeListing {
    const name = `${connector.system}\u0000${type}`;
    let listing = this.listings.get(name);
    if (listing === undefined) {
      listing = new TypeListing(connector, type, this.options);
      for (const declared of this.declaredKeys) {
        if (declared.system === connector.system && declared.type === type)
          listing.keyMap(declared.field, declared.normalise);
      }
      this.listings.set(name, listing);
    }
    return listing;
  }
}
