/**
 * The one interface every system connector implements. A connector is a plain API client: it knows the
 * system's transport (auth, paging, rate limits, errors) and its resources, and nothing of Temporal or of
 * the dataflows. Activities call it; workflows never do.
 *
 * Records cross this boundary as `RecordSnapshot`s: the system's own JSON (`data`, field names exactly as
 * the API spells them) plus the few facts sync needs (id, change version, deletion).
 */
import { z } from 'zod';

/** The spec's system keys (seed file `systems:`). */
export type SystemId = string;

export const recordSnapshotSchema = z.object({
  system: z.string(),
  /** The connector's resource name, as the API names it: `Customers`, `ContactPersons`, `customer`, `item`, … */
  type: z.string(),
  /** The record's id, always as a string (PowerOffice int64 ids are kept exact this way). */
  id: z.string(),
  /** For records addressed under a parent (a PowerOffice contact person under its customer or supplier). */
  parentId: z.string().optional(),
  /**
   * A number that grows with every change of the record, used to order observations and to recognise our own
   * writes: PowerOffice `LastChangedDateTimeOffset` in epoch milliseconds, Chargebee `resource_version`.
   */
  version: z.number(),
  /** When the record last changed, epoch milliseconds (the time a per-property "latest wins" compares). */
  changedAt: z.number(),
  /**
   * When the record was created, epoch milliseconds, where the system says so. A hint only: a record created
   * after the newest change a poller has read is new to linkflow, so its link is started rather than signalled.
   */
  createdAt: z.number().optional(),
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});
export type RecordSnapshot = z.infer<typeof recordSnapshotSchema>;

/**
 * A durable change cursor, plain JSON so that a poller workflow can carry it through continue-as-new.
 * `since` is the newest change time read so far (epoch ms, null before the first read). Change filters are
 * exclusive and some timestamps are whole seconds, so a connector re-reads a small overlap before `since` and
 * drops what `seen` says it has already delivered (`<id>@<version>` of the records at the overlap's edge).
 */
export const changeCursorSchema = z.object({
  since: z.number().nullable(),
  seen: z.array(z.string()),
  /**
   * Connector-owned state for a system without a change filter or change timestamp (for example a compact
   * table of content hashes per record id). Nothing outside the connector reads it. It travels in the poller's
   * workflow state, so it must stay well under Temporal's payload limit (2 MB): the connector says how many
   * records it can follow this way.
   */
  opaque: z.string().optional(),
  /**
   * Set by the poll activity on the cursor a pass ended with (its last page had no more after it): the next
   * pass reads a caught-up feed, whose single page is fresh changes. A cursor from the middle of a pass (a first
   * sync's) has none, so the last page of a long pass is not taken for fresh changes (docs/DECISIONS.md 143).
   * Connectors neither read nor write it.
   */
  caughtUp: z.boolean().optional(),
  /**
   * Every change at or before this time (epoch ms) has been delivered, and no change can still appear with such
   * a time: set by a read that went to the end of the listing, to a time well before it began. A read then
   * starts here when that is later than the overlap before `since`, so a crowd of records sharing the newest
   * change time is not paged through again on every idle read (docs/DECISIONS.md 152).
   */
  settledThrough: z.number().optional(),
  /**
   * Where a read stopped inside a crowd of records it could not filter past (more at the cursor's edge than a call
   * hands on): the filter it read under and the continuation of the last page it read (absent: the first page).
   * The next read goes on in that listing from that page, when the listing covers the cursor's window
   * (docs/DECISIONS.md 154). Set by connectors/common's feed.
   */
  resume: z.object({ filterFrom: z.number().nullable(), continuation: z.string().optional() }).optional(),
});
export type ChangeCursor = z.infer<typeof changeCursorSchema>;
export const initialCursor = (): ChangeCursor => ({ since: null, seen: [] });

/**
 * A changed record the connector could not read (it fails the API's schema, or an id is not exact). One bad
 * record must not stop the feed: it is reported here, and the cursor moves past it like past any record.
 */
export interface UnreadableRecord {
  /** The record's id as the raw JSON gives it; absent when even the id cannot be read (then it is only logged). */
  id?: string;
  /** The parent's id for records addressed under one, when it can be read. */
  parentId?: string;
  /** Where the record was in the listing (`page 2 item 7`): names it in a log line when there is no id. */
  position: string;
  /** Why it cannot be read, naming the record and the field; never the record's values (personal data). */
  reason: string;
  /** The first field the schema refused. */
  field?: string;
}

export interface ChangePage {
  records: RecordSnapshot[];
  /** Changed records that could not be read, in the same span of changes as `records`. */
  unreadable: UnreadableRecord[];
  /** The cursor to store once these records (and the unreadable ones) have been handed on. */
  cursor: ChangeCursor;
  /** True when the listing went on past this page: read again at once. False after a short (last) page. */
  more: boolean;
  /**
   * Pages read before this one that held nothing new: a crowd of records at the cursor's edge (a bulk change at one
   * instant), which a read from the stored cursor pages through again each time. A caller that reads a page per
   * call reads as many more in this call, so that such a crowd costs about twice its pages, not their square.
   */
  reread?: number;
}

export interface TypeCapabilities {
  read: boolean;
  create: boolean;
  update: boolean;
  /** Why an operation is missing on the real API (shown by the CLI and the docs). */
  notes?: string;
}

export interface CreateOptions {
  /**
   * The id linkflow derives from the source record (the mapping's `target_id`): the same source always gives
   * the same one. A system that lets the client choose ids gives it to the record (Chargebee customers and
   * items). A system that assigns its own ids writes it into the field the connector keeps for linkflow's
   * reference, and finds a record by it before creating: a retried create then links instead of duplicating.
   */
  preferredId?: string;
  /** Sent as the system's idempotency key where it has one (Chargebee `chargebee-idempotency-key`). */
  idempotencyKey: string;
  /** Parent record for child resources (PowerOffice contact persons: the contactId). */
  parentId?: string;
  /**
   * False when the caller knows it never tried this create before (first attempt, nothing written for the
   * record yet): a connector may then skip its find-before-create, one request saved per record. Default true.
   */
  mayExist?: boolean;
}

export interface UpdateOptions {
  /** The values the caller last saw; lets a connector send only what changed (JSON Patch for PowerOffice). */
  previous?: Record<string, unknown>;
  /**
   * When the caller read `previous` (epoch ms). A connector whose API has no conditional write sends the write
   * right behind that read, and when its turn still comes late (a 429 pause) reads again first and refuses
   * with `ChangedMeanwhileError` if a value it would replace changed meanwhile (docs/DECISIONS.md 132).
   */
  readAt?: number;
  idempotencyKey?: string;
  parentId?: string;
}

export interface MergeKey {
  /** The field as the API filters on it: `email`, `cf_org_number`, `name`, `EmailAddress`, … */
  field: string;
  value: string;
}

export interface Connector {
  readonly system: SystemId;
  /** What this system supports, per resource. */
  capabilities(): Record<string, TypeCapabilities>;
  /** Changed records since the cursor, oldest first, a page at a time. */
  readChanges(type: string, cursor: ChangeCursor, options?: { pageSize?: number }): AsyncIterable<ChangePage>;
  /** One record, or null when it does not exist (or is deleted). */
  get(type: string, id: string, options?: { parentId?: string }): Promise<RecordSnapshot | null>;
  create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot>;
  /** Writes only `changes` (field → new value; nested objects as nested JSON). */
  update(type: string, id: string, changes: Record<string, unknown>, options?: UpdateOptions): Promise<RecordSnapshot>;
  /** Live records whose merge key equals the value (exact match after the API's own filter). */
  findByKey(type: string, key: MergeKey): Promise<RecordSnapshot[]>;
  /** Requests waiting for the system's budget in this process (a backlog is being worked off when > 0). */
  waitingRequests?(): number;
  /** About how long the last of `requests` more requests asked now would wait for the budget, in ms. */
  budgetWaitMs?(requests: number): number;
  /**
   * Whether the system makes records of this type itself from records linkflow wrote (Chargebee: an order from
   * a paid invoice, on sites without legacy order creation). Where it does not, a type watched only for such
   * records needs no polling. Absent: assume it may.
   */
  makesRecordsItself?(type: string): Promise<boolean>;
}
