/**
 * The Chargebee connector: the Connector contract on top of the official SDK, for the types `customer`,
 * `item`, `order` (written through an invoice) and `invoice` (read).
 */
import { z } from 'zod';
import { canonicalJson, sameValue } from '../../model/json-values';
import { asFollowUp, withTurnCheck } from '../common/request-priority';
import { type ChangeEntry, entryMarker, readChangeFeed, toChangePage, unreadableMarker } from '../common';
import {
  type ChangeCursor,
  type ChangePage,
  type Connector,
  type CreateOptions,
  type MergeKey,
  type RecordSnapshot,
  type TypeCapabilities,
  type UnreadableRecord,
  type UpdateOptions,
  changeCursorSchema,
} from '../connector';
import { ChangedMeanwhileError, NotFoundError, TransientError, UnsupportedError, ValidationError } from '../errors';
import { BUSINESS_ENTITY_UNSUPPORTED_REASON, ORDER_NOTES, chargebeeCapabilities } from './capabilities';
import { type ChargebeeConfig, type ChargebeeConfigInput, chargebeeConfigSchema } from './config';
import { CHARGEBEE_SYSTEM } from './error-mapping';
import { fittedIdempotencyKey } from './idempotency';
import { ItemFamilyGuard } from './item-family';
import { KnownIds, createOrder, findOrderForInvoice } from './order-flow';
import { type ResourceApi, customerApi, invoiceApi, itemApi, orderApi } from './resources';
import { ORG_NUMBER_FIELD, type SiteCheck, checkSite } from './site-check';
import {
  CHARGEBEE_TYPES,
  type ChargebeeObject,
  type ChargebeeType,
  isDeleted,
  parseChargebeeObject,
  readChargebeeObject,
  toSnapshot,
  versionOf,
} from './snapshot';
import { ChargebeeTransport } from './transport';
import { BatchedReads } from './batched-reads';

/** Chargebee's largest page (reference §2). */
const MAX_PAGE_SIZE = 100;

/** The JSON field each writable type keeps its free-form metadata in. */
const METADATA_FIELD: Partial<Record<ChargebeeType, string>> = { customer: 'meta_data', item: 'metadata' };

const jsonObjectSchema = z.record(z.string(), z.unknown());

export interface ChargebeeConnector extends Connector {
  /** The site as messages name it (see ChargebeeConfig.siteLabel). */
  readonly site: string;
  /** The request budget the connector keeps to (print it: decisions 15). */
  readonly requestsPerMinute: number;
  /** Finds out what the site supports (cached after the first call; `refresh` asks again). */
  checkSite(options?: { refresh?: boolean }): Promise<SiteCheck>;
  /** The live order for an invoice, or null while Chargebee has not created it. */
  findOrderForInvoice(invoiceId: string): Promise<RecordSnapshot | null>;
}

export function createChargebeeConnector(input: ChargebeeConfigInput): ChargebeeConnector {
  return new ChargebeeApiConnector(chargebeeConfigSchema.parse(input));
}

/**
 * A read older than this when its write's turn comes is read again before the write (Chargebee has no
 * conditional update), as is one the site's budget paused after (a 429). Writes follow their reads ahead of the
 * backlog, but a batch of 100 reads answered at once has its last write 100 tokens later (6 s on a Performance
 * site, 40 s on a test site's 150 a minute): that gap is read again only past this, not to double a first sync's
 * requests; a 429 storm, which seconds-long gaps come from otherwise, is read again at once.
 */
const STALE_READ_MS = 60_000;
/** Reads again at most this often for one write; then the stale write fails (retryable) and its caller starts over. */
const MAX_REREADS = 3;

/** The write's turn came after its read had grown old: read again before writing. Never leaves the connector. */
class StaleReadError extends Error {
  constructor() {
    super('the read this write was decided on is old: read again first');
    this.name = 'StaleReadError';
  }
}

class ChargebeeApiConnector implements ChargebeeConnector {
  readonly system = CHARGEBEE_SYSTEM;
  readonly site: string;
  readonly requestsPerMinute: number;
  private readonly transport: ChargebeeTransport;
  private readonly apis: Record<ChargebeeType, ResourceApi>;
  private readonly itemFamily: ItemFamilyGuard;
  private siteCheck: Promise<SiteCheck> | undefined;
  private readonly knownItemPrices = new KnownIds();
  /** Single-record reads, sent together while the budget has a queue. */
  private readonly reads: Record<ChargebeeType, BatchedReads>;

  constructor(private readonly config: ChargebeeConfig) {
    this.transport = new ChargebeeTransport(config);
    this.site = this.transport.site;
    this.requestsPerMinute = config.requestsPerMinute;
    this.apis = {
      customer: customerApi(this.transport),
      item: itemApi(this.transport),
      order: orderApi(this.transport),
      invoice: invoiceApi(this.transport),
    };
    const waiting = (): number => this.transport.waitingRequests();
    this.reads = {
      customer: new BatchedReads(this.apis.customer, waiting),
      item: new BatchedReads(this.apis.item, waiting),
      order: new BatchedReads(this.apis.order, waiting),
      invoice: new BatchedReads(this.apis.invoice, waiting),
    };
    this.itemFamily = new ItemFamilyGuard(this.transport, config.itemFamilyId);
  }

  capabilities(): Record<string, TypeCapabilities> {
    return chargebeeCapabilities();
  }

  waitingRequests(): number {
    return this.transport.waitingRequests();
  }

  budgetWaitMs(requests: number): number {
    return this.transport.budgetWaitMs(requests);
  }

  /**
   * Orders only, and only where the site cannot create them at once (no legacy `POST /orders`), from the site
   * check: two probe requests once per worker. Answering "it may" until an order write made the check cost far
   * more: a worker restarted on an idle sync read every order ever written, each a search for its invoice's link.
   */
  async makesRecordsItself(type: string): Promise<boolean> {
    if (type !== 'order') return false;
    try {
      return !(await this.checkSite()).legacyOrders;
    } catch {
      return true;
    }
  }

  checkSite(options?: { refresh?: boolean }): Promise<SiteCheck> {
    if (this.siteCheck === undefined || options?.refresh === true) {
      this.siteCheck = checkSite(this.transport).catch((error: unknown) => {
        this.siteCheck = undefined;
        throw error;
      });
    }
    return this.siteCheck;
  }

  findOrderForInvoice(invoiceId: string): Promise<RecordSnapshot | null> {
    return findOrderForInvoice({ orders: this.apis.order }, invoiceId);
  }

  async *readChanges(type: string, cursor: ChangeCursor, options?: { pageSize?: number }): AsyncIterable<ChangePage> {
    const chargebeeType = this.typeFor(type, ['customer', 'item', 'order'], 'read changes of');
    const api = this.apis[chargebeeType];
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, options?.pageSize ?? MAX_PAGE_SIZE));
    const marker = entryMarker<ChargebeeObject>((object) => {
      const version = versionOf(object);
      return { id: object.id, version, changedAt: version };
    });
    // An unreadable object without a version of its own cannot be placed: it is kept (reported again at worst).
    const changedAfter =
      (filterFrom: number) =>
      (entry: ChangeEntry<ChargebeeObject>): boolean =>
        (entry.kind === 'unreadable' && entry.mark.version === 0) || marker(entry).changedAt > filterFrom;
    const feed = readChangeFeed<ChangeEntry<ChargebeeObject>>({
      cursor: changeCursorSchema.parse(cursor),
      overlapMs: this.config.changeOverlapSeconds * 1000,
      fetchPage: async (filterFrom, continuation) => {
        // updated_at is in whole seconds and exclusive: ask from the second before the one holding filterFrom,
        // then keep exactly what changed after filterFrom, as the feed expects.
        const page = await api.list({
          limit,
          oldestChangeFirst: true,
          includeDeleted: true,
          ...(filterFrom !== null ? { updatedAfterSeconds: Math.max(0, Math.floor(filterFrom / 1000) - 1) } : {}),
          ...(continuation !== undefined ? { offset: continuation } : {}),
        });
        const entries = changeEntries(chargebeeType, page.items, filterFrom);
        return {
          items: filterFrom === null ? entries : entries.filter(changedAfter(filterFrom)),
          ...(page.next !== undefined ? { next: page.next } : {}),
        };
      },
      marker,
    });
    for await (const page of feed) {
      const entries = page.items.map((entry): ChangeEntry<RecordSnapshot> =>
        entry.kind === 'record' ? { kind: 'record', record: toSnapshot(chargebeeType, entry.record) } : entry,
      );
      yield toChangePage(entries, page.cursor, page.more, page.reread);
    }
  }

  async get(type: string, id: string): Promise<RecordSnapshot | null> {
    const chargebeeType = this.typeFor(type, CHARGEBEE_TYPES, 'read');
    const snapshot = await this.retrieve(chargebeeType, id);
    return snapshot === null || snapshot.deleted ? null : snapshot;
  }

  async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
    const chargebeeType = this.typeFor(type, ['customer', 'item', 'order'], 'create');
    const key = fittedIdempotencyKey(options.idempotencyKey);
    if (chargebeeType === 'order') {
      return createOrder(
        {
          transport: this.transport,
          orders: this.apis.order,
          invoices: this.apis.invoice,
          legacyOrders: async () => (await this.checkSite()).legacyOrders,
          knownItemPrices: this.knownItemPrices,
        },
        data,
        options,
      );
    }
    const id = options.preferredId ?? (typeof data['id'] === 'string' ? data['id'] : undefined);
    const params = await this.writableFields(chargebeeType, withoutEmptyValues(data));
    if (id !== undefined) params['id'] = id;
    if (chargebeeType === 'item') {
      if (id === undefined) {
        throw new ValidationError('Chargebee items need an id chosen by the client: pass preferredId (pogo-p-<Id>)', {
          system: CHARGEBEE_SYSTEM,
          record: `item ${String(data['name'])}`,
          field: 'id',
        });
      }
      await this.itemFamily.ensure();
      params['type'] = 'charge';
      params['item_family_id'] = this.itemFamily.familyId;
    }
    const create = this.apis[chargebeeType].create;
    if (create === undefined) throw this.unsupported(chargebeeType, 'create');
    return toSnapshot(chargebeeType, await create(params, key));
  }

  async update(
    type: string,
    id: string,
    changes: Record<string, unknown>,
    options?: UpdateOptions,
  ): Promise<RecordSnapshot> {
    const chargebeeType = this.typeFor(type, ['customer', 'item'], 'update');
    const api = this.apis[chargebeeType];
    if ('id' in changes && changes['id'] !== id) {
      throw new ValidationError(`Chargebee ${chargebeeType} ${id}: the id cannot be changed`, {
        system: CHARGEBEE_SYSTEM,
        record: `${chargebeeType} ${id}`,
        field: 'id',
      });
    }
    let params = await this.writableFields(chargebeeType, withClearedValues(changes));
    delete params['id'];
    const metadataField = METADATA_FIELD[chargebeeType];
    let current: RecordSnapshot | undefined;
    // The current record is needed to merge metadata (never dropped) and when there may be nothing to write.
    if (Object.keys(params).length === 0 || (metadataField !== undefined && metadataField in params)) {
      current = await this.retrieveExisting(chargebeeType, id);
      if (metadataField !== undefined && metadataField in params) {
        params[metadataField] = mergeMetadata(
          current.data[metadataField],
          params[metadataField],
          `${chargebeeType} ${id}`,
          metadataField,
        );
      }
      params = withoutUnchanged(params, current.data);
    }
    if (Object.keys(params).length === 0 && current !== undefined) return current;
    const update = api.update;
    if (update === undefined) throw this.unsupported(chargebeeType, 'update');
    const key = options?.idempotencyKey !== undefined ? fittedIdempotencyKey(options.idempotencyKey) : undefined;
    const previous = options?.previous;
    const readAt = options?.readAt;
    if (previous === undefined || readAt === undefined) return toSnapshot(chargebeeType, await update(id, params, key));
    return this.updateAfterRead(chargebeeType, id, params, key, { previous, readAt });
  }

  /**
   * Chargebee has no conditional update, so a write decided on a read goes right behind it (a follow-up, ahead
   * of the backlog's requests), and when its turn still comes late (the site's budget paused by a 429, or a
   * minute gone) the record is read again first: a value the write would replace that changed meanwhile refuses the write, unsent, with
   * `ChangedMeanwhileError`, and the caller's retry weighs the edit. What is left is the time of one request.
   */
  private async updateAfterRead(
    type: ChargebeeType,
    id: string,
    params: Record<string, unknown>,
    key: string | undefined,
    read: { previous: Record<string, unknown>; readAt: number },
  ): Promise<RecordSnapshot> {
    const api = this.apis[type];
    const update = api.update;
    if (update === undefined) throw this.unsupported(type, 'update');
    let { previous, readAt } = read;
    for (let rereads = 0; ; rereads += 1) {
      const readThisRound = readAt;
      const unlessStale = (): void => {
        if (this.transport.pausedSince(readThisRound) || Date.now() - readThisRound > STALE_READ_MS)
          throw new StaleReadError();
      };
      try {
        return toSnapshot(type, await asFollowUp(() => withTurnCheck(unlessStale, () => update(id, params, key))));
      } catch (error) {
        if (!(error instanceof StaleReadError)) throw error;
        if (rereads >= MAX_REREADS) {
          throw new TransientError(`Chargebee ${type} ${id}: its write kept waiting past its read; it starts over`, {
            system: CHARGEBEE_SYSTEM,
            record: `${type} ${id}`,
          });
        }
      }
      const current = parseChargebeeObject(type, await asFollowUp(() => api.retrieve(id)));
      readAt = Date.now();
      const changed = Object.keys(params).find((field) => !sameValue(current[field], previous[field]));
      if (changed !== undefined) {
        throw new ChangedMeanwhileError(
          `Chargebee ${type} ${id}: ${changed} changed after linkflow read it; nothing was written, and it is read again`,
          { system: CHARGEBEE_SYSTEM, record: `${type} ${id}`, field: changed },
        );
      }
      previous = current;
    }
  }

  async findByKey(type: string, key: MergeKey): Promise<RecordSnapshot[]> {
    const chargebeeType = this.typeFor(type, CHARGEBEE_TYPES, 'find');
    if (key.field === ORG_NUMBER_FIELD && !(await this.checkSite()).orgNumberField) return [];
    const api = this.apis[chargebeeType];
    const found: RecordSnapshot[] = [];
    let offset: string | undefined;
    do {
      const page = await api.list({
        limit: MAX_PAGE_SIZE,
        equals: { [key.field]: key.value },
        ...(offset !== undefined ? { offset } : {}),
      });
      for (const raw of page.items) {
        const object = parseChargebeeObject(chargebeeType, raw);
        if (!isDeleted(chargebeeType, object) && keyMatches(object, key)) found.push(toSnapshot(chargebeeType, object));
      }
      offset = page.next;
    } while (offset !== undefined);
    return found;
  }

  private async retrieve(type: ChargebeeType, id: string): Promise<RecordSnapshot | null> {
    if (id.trim() === '') return null;
    try {
      const object = await this.reads[type].read(id);
      return object === null ? null : toSnapshot(type, object);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private async retrieveExisting(type: ChargebeeType, id: string): Promise<RecordSnapshot> {
    const snapshot = await this.retrieve(type, id);
    if (snapshot === null || snapshot.deleted) {
      throw new NotFoundError(`Chargebee ${type} ${id} does not exist (deleted or never created)`, {
        system: CHARGEBEE_SYSTEM,
        status: 404,
        record: `${type} ${id}`,
      });
    }
    return snapshot;
  }

  /** Drops the org number where the site has no field for it (the site check said so at start-up). */
  private async writableFields(type: ChargebeeType, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (type !== 'customer' || !(ORG_NUMBER_FIELD in fields)) return fields;
    if ((await this.checkSite()).orgNumberField) return fields;
    const { [ORG_NUMBER_FIELD]: _dropped, ...rest } = fields;
    return rest;
  }

  private typeFor<T extends ChargebeeType>(type: string, allowed: readonly T[], operation: string): T {
    const match = allowed.find((candidate) => candidate === type);
    if (match !== undefined) return match;
    if (type === 'business_entity') {
      throw new UnsupportedError(
        `Chargebee cannot ${operation} business entities: ${BUSINESS_ENTITY_UNSUPPORTED_REASON}`,
        {
          system: CHARGEBEE_SYSTEM,
        },
      );
    }
    if (type === 'order' && operation === 'update') {
      throw new UnsupportedError(`Chargebee orders cannot be updated by linkflow: ${ORDER_NOTES}`, {
        system: CHARGEBEE_SYSTEM,
      });
    }
    throw new UnsupportedError(
      `The Chargebee connector cannot ${operation} type "${type}"; it can for: ${allowed.join(', ')}`,
      {
        system: CHARGEBEE_SYSTEM,
      },
    );
  }

  private unsupported(type: ChargebeeType, operation: string): UnsupportedError {
    return new UnsupportedError(`The Chargebee connector cannot ${operation} ${type}`, { system: CHARGEBEE_SYSTEM });
  }
}

/**
 * One listed page of changes, object by object: an object that fails the schema becomes an unreadable entry
 * (with its id when it has one) instead of failing the page.
 */
function changeEntries(
  type: ChargebeeType,
  items: unknown[],
  filterFrom: number | null,
): ChangeEntry<ChargebeeObject>[] {
  let previousChangedAt = filterFrom ?? 0;
  const after = filterFrom === null ? 'from the start' : `after ${new Date(filterFrom).toISOString()}`;
  return items.map((raw, index): ChangeEntry<ChargebeeObject> => {
    const read = readChargebeeObject(type, raw);
    if (read.ok) {
      previousChangedAt = versionOf(read.object);
      return { kind: 'record', record: read.object };
    }
    const unreadable: UnreadableRecord = {
      ...(read.id !== undefined ? { id: read.id } : {}),
      position: `${type} changes ${after}, item ${index + 1}`,
      reason: read.reason,
      ...(read.field !== undefined ? { field: read.field } : {}),
    };
    const changed = read.version === undefined ? undefined : { changedAt: read.version, version: read.version };
    const mark = unreadableMarker(unreadable, changed, previousChangedAt);
    previousChangedAt = mark.changedAt;
    return { kind: 'unreadable', unreadable, mark };
  });
}

/** On create, an absent value is simply not sent. */
function withoutEmptyValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null && value !== undefined));
}

/** On update, null means "clear": Chargebee clears a text field sent empty (the SDK drops nulls silently). */
function withClearedValues(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [field, value === null && !Object.values(METADATA_FIELD).includes(field) ? '' : value]),
  );
}

/** The current metadata with the changed keys applied; a key set to null is removed, the others stay. */
function mergeMetadata(current: unknown, changes: unknown, record: string, field: string): Record<string, unknown> {
  const base = parseMetadata(current, record, field) ?? {};
  const patch = parseMetadata(changes, record, field) ?? {};
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function parseMetadata(value: unknown, record: string, field: string): Record<string, unknown> | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = jsonObjectSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
  if (!parsed.success) {
    throw new ValidationError(`Chargebee ${record}: ${field} must be a JSON object`, {
      system: CHARGEBEE_SYSTEM,
      record,
      field,
    });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Leaves out what already has the wanted value, so that an unchanged record is not written at all. */
function withoutUnchanged(params: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).filter(([field, value]) => {
      const existing = current[field];
      const cleared = value === '' && (existing === undefined || existing === null || existing === '');
      return !cleared && !sameJson(existing, value);
    }),
  );
}

/**
 * Equality of JSON values, key order aside. Not util.isDeepStrictEqual: it also compares prototypes, and the
 * SDK's parsed answers may come from another realm than the caller's objects.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The API's filter decides; e-mail addresses compare without case, as mail does. */
function keyMatches(object: ChargebeeObject, key: MergeKey): boolean {
  const value = object[key.field];
  if (typeof value !== 'string') return false;
  return key.field === 'email' ? value.toLowerCase() === key.value.toLowerCase() : value === key.value;
}
