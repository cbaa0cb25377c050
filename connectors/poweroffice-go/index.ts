/**
 * The PowerOffice GO v2 connector: the `Connector` contract over the transport (transport.ts) and the resource
 * table (resources.ts). Type names are the API's resources: Customers, ContactPersons, Employees, Departments,
 * Products, Suppliers, SalesOrders.
 */
import { capabilitiesOf } from '../common/capabilities';
import { isJsonObject } from '../../model/json-values';
import { SalesOrderLineDto } from '../../generated/poweroffice-go';
import { entryMarker, readChangeFeed, toChangePage, unreadableMarker, type ChangeEntry } from '../common/change-cursor';
import type {
  ChangeCursor,
  ChangePage,
  Connector,
  CreateOptions,
  MergeKey,
  RecordSnapshot,
  UnreadableRecord,
  UpdateOptions,
} from '../connector';
import { ChangedMeanwhileError, ConnectorError, NotFoundError, UnsupportedError, ValidationError } from '../errors';
import { powerOfficeConfigSchema, type PowerOfficeConfigInput } from './config';
import { POWEROFFICE_SYSTEM } from './errors';
import { buildJsonPatch, guardedJsonPatch, sameAtPointer } from './json-patch';
import { isPowerOfficeType, POWEROFFICE_TYPES, RESOURCES, type ResourceDefinition } from './resources';
import { parseDto, toSnapshot } from './snapshot';
import { parsePowerOfficeTimestamp, toPowerOfficeTimestamp } from './timestamps';
import { PowerOfficeTransport, type QueryValue, type TransportStats } from './transport';

export {
  powerOfficeConfigFromEnv,
  powerOfficeConfigSchema,
  type PowerOfficeConfig,
  type PowerOfficeConfigInput,
} from './config';
export { POWEROFFICE_SYSTEM } from './errors';
export { POWEROFFICE_TYPES, type PowerOfficeType } from './resources';
export { buildJsonPatch, type JsonPatchOperation } from './json-patch';

export interface PowerOfficeConnector extends Connector {
  /** Lines of one sales order (they have no timestamps: re-read them for orders whose header changed). */
  getSalesOrderLines(salesOrderId: string): Promise<Record<string, unknown>[]>;
  /** All sales order headers, optionally by status: for the slower sweep of open orders. */
  listSalesOrders(filter?: { orderStatus?: 'Draft' | 'Confirmed' }): AsyncIterable<RecordSnapshot[]>;
  /** Requests sent so far (API budget spent, polling included). */
  stats(): Readonly<TransportStats>;
}

const INT64_ID = /^-?\d{1,19}$/;

/**
 * linkflow carries every id as text (exact for int64); PowerOffice's JSON takes its integer ids (`CustomerId`,
 * a line's `ProductId`) as numbers. Fields named `…Id` holding an integer in text go out as numbers, in lines
 * too; one beyond 2^53 stays text, and PowerOffice's answer names it.
 */
export function integerIdsAsNumbers(value: Record<string, unknown>): Record<string, unknown> {
  const convert = (key: string, item: unknown): unknown => {
    if (Array.isArray(item)) return item.map((entry) => (isJsonObject(entry) ? integerIdsAsNumbers(entry) : entry));
    if (isJsonObject(item)) return integerIdsAsNumbers(item);
    if (typeof item === 'string' && /Id$/.test(key) && INT64_ID.test(item) && Number.isSafeInteger(Number(item)))
      return Number(item);
    return item;
  };
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(key, item)]));
}
const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createPowerOfficeConnector(configInput: PowerOfficeConfigInput): PowerOfficeConnector {
  const config = powerOfficeConfigSchema.parse(configInput);
  const transport = new PowerOfficeTransport(config);

  const resolve = (type: string): ResourceDefinition => {
    if (!isPowerOfficeType(type)) {
      throw new UnsupportedError(
        `PowerOffice GO has no resource type "${type}" in linkflow (known: ${POWEROFFICE_TYPES.join(', ')})`,
        {
          system: POWEROFFICE_SYSTEM,
          record: type,
        },
      );
    }
    return RESOURCES[type];
  };

  /** Refuses malformed ids before they reach a URL path. */
  const checkId = (resource: ResourceDefinition, id: string, field = 'Id'): void => {
    const pattern = resource.idKind === 'uuid' ? UUID_ID : INT64_ID;
    if (!pattern.test(id)) {
      throw new ValidationError(
        `PowerOffice GO ${resource.type}/${id}: ${field} must be ${resource.idKind === 'uuid' ? 'a uuid' : 'an integer'}`,
        {
          system: POWEROFFICE_SYSTEM,
          record: `${resource.type}/${id}`,
          field,
        },
      );
    }
  };

  const requireParent = (
    resource: ResourceDefinition,
    id: string,
    parentId: string | undefined,
  ): string | undefined => {
    if (!resource.parented) return undefined;
    if (parentId === undefined || parentId === '') {
      throw new ValidationError(
        `PowerOffice GO ${resource.type}/${id}: parentId (the ContactId of the customer or supplier) is required`,
        {
          system: POWEROFFICE_SYSTEM,
          record: `${resource.type}/${id}`,
          field: 'ContactId',
        },
      );
    }
    if (!INT64_ID.test(parentId)) {
      throw new ValidationError(
        `PowerOffice GO ${resource.type}/${id}: parentId ${parentId} must be an integer ContactId`,
        {
          system: POWEROFFICE_SYSTEM,
          record: `${resource.type}/${id}`,
          field: 'ContactId',
        },
      );
    }
    return parentId;
  };

  const recordName = (resource: ResourceDefinition, id: string, parentId: string | undefined): string =>
    resource.parented && parentId ? `${resource.type}/${parentId}/${id}` : `${resource.type}/${id}`;

  const listPage = async (
    resource: ResourceDefinition,
    query: Record<string, QueryValue>,
    pageNumber: number,
    pageSize: number,
  ) => {
    const items = await transport.page(resource.collectionPath, query, pageNumber, pageSize);
    return items.map((raw, index) => {
      const context = `${resource.type} listing page ${pageNumber} item ${index + 1}`;
      return toSnapshot(resource, parseDto(resource, resource.listSchema, raw, context), context);
    });
  };

  /**
   * One listed change, read on its own: a record that fails its schema (or whose id is not exact) becomes an
   * unreadable entry instead of failing the page, with its id when the raw JSON gives one exactly.
   */
  const changeEntry = (
    resource: ResourceDefinition,
    raw: unknown,
    position: string,
    previousChangedAt: number,
  ): ChangeEntry<RecordSnapshot> => {
    const fields: Record<string, unknown> = isJsonObject(raw) ? raw : {};
    const id = exactId(fields['Id'], resource.idKind);
    const parentId = resource.parented ? exactId(fields['ContactId'], 'int64') : undefined;
    const name = id === undefined ? position : recordName(resource, id, parentId);
    try {
      return { kind: 'record', record: toSnapshot(resource, parseDto(resource, resource.listSchema, raw, name), name) };
    } catch (error: unknown) {
      if (!(error instanceof ConnectorError)) throw error;
      const unreadable: UnreadableRecord = {
        ...(id !== undefined ? { id } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        position,
        reason: error.message,
        ...(error.field !== undefined ? { field: error.field } : {}),
      };
      const stamp = fields['LastChangedDateTimeOffset'] ?? fields['CreatedDateTimeOffset'];
      const instant = typeof stamp === 'string' ? parsePowerOfficeTimestamp(stamp) : undefined;
      const changed = instant === undefined ? undefined : { changedAt: instant.ms, version: instant.precise };
      return { kind: 'unreadable', unreadable, mark: unreadableMarker(unreadable, changed, previousChangedAt) };
    }
  };

  const changeEntries = (
    resource: ResourceDefinition,
    items: unknown[],
    pageNumber: number,
    filterFrom: number | null,
  ): ChangeEntry<RecordSnapshot>[] => {
    let previousChangedAt = filterFrom ?? 0;
    return items.map((raw, index) => {
      const position = `${resource.type} listing page ${pageNumber} item ${index + 1}`;
      const entry = changeEntry(resource, raw, position, previousChangedAt);
      previousChangedAt = entry.kind === 'record' ? entry.record.changedAt : entry.mark.changedAt;
      return entry;
    });
  };

  async function* listAll(
    resource: ResourceDefinition,
    query: Record<string, QueryValue>,
  ): AsyncGenerator<RecordSnapshot[]> {
    for (let pageNumber = 1; ; pageNumber += 1) {
      const page = await listPage(resource, query, pageNumber, config.pageSize);
      if (page.length > 0) yield page;
      if (page.length < config.pageSize) return;
    }
  }

  const get = async (type: string, id: string, options?: { parentId?: string }): Promise<RecordSnapshot | null> => {
    const resource = resolve(type);
    checkId(resource, id);
    const parentId = requireParent(resource, id, options?.parentId);
    const record = recordName(resource, id, parentId);
    try {
      const { body } = await transport.request({ method: 'GET', path: resource.readPath(id, parentId), record });
      return toSnapshot(resource, parseDto(resource, resource.readSchema, body, record), record);
    } catch (error: unknown) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };

  /** The record an earlier create made with linkflow's reference, if any (see ResourceDefinition.reference). */
  const findCreated = async (
    resource: ResourceDefinition,
    preferredId: string,
    data: Record<string, unknown>,
    parentId: string | undefined,
  ): Promise<RecordSnapshot | null> => {
    const reference = resource.reference;
    const carries = (snapshot: RecordSnapshot): boolean => snapshot.data[reference?.field ?? ''] === preferredId;
    if (reference?.find === 'filter' && reference.filter !== undefined) {
      const query: Record<string, QueryValue> = { [reference.filter]: preferredId };
      if (resource.parented && parentId !== undefined) query['contactIds'] = parentId;
      for await (const page of listAll(resource, query)) {
        const found = page.find(carries);
        if (found) return resource.readSchema === resource.listSchema ? found : get(resource.type, found.id);
      }
      return null;
    }
    if (reference?.find === 'customer-orders') {
      const customerId = data['CustomerId'];
      if (typeof customerId !== 'number' && typeof customerId !== 'string') return null;
      const customer = await get('Customers', String(customerId));
      const customerNo = customer?.data['Number'];
      if (typeof customerNo !== 'number') return null;
      const query = { customerNos: String(customerNo), onlyCreatedByCurrentIntegration: true };
      for await (const page of listAll(resource, query)) {
        const found = page.find(carries);
        if (found) return get(resource.type, found.id);
      }
      return null;
    }
    // No reference field (Products): an earlier create is found by the product's unique Code.
    const code = data['Code'];
    if (resource.type === 'Products' && typeof code === 'string' && code.trim() !== '') {
      const sameCode = await connector.findByKey('Products', { field: 'Code', value: code });
      return sameCode.length === 1 ? (sameCode[0] ?? null) : null;
    }
    return null;
  };

  const connector: PowerOfficeConnector = {
    system: POWEROFFICE_SYSTEM,

    waitingRequests: () => transport.limiter.waitingCount(),
    budgetWaitMs: (requests) => transport.limiter.expectedWaitMs(requests),

    capabilities: () => capabilitiesOf(POWEROFFICE_TYPES, RESOURCES),

    async *readChanges(type: string, cursor: ChangeCursor, options?: { pageSize?: number }): AsyncIterable<ChangePage> {
      const resource = resolve(type);
      const pageSize = options?.pageSize ?? config.pageSize;
      const feed = readChangeFeed<ChangeEntry<RecordSnapshot>>({
        cursor,
        overlapMs: config.changeOverlapMs,
        marker: entryMarker<RecordSnapshot>((snapshot) => snapshot),
        fetchPage: async (filterFrom, continuation) => {
          const pageNumber = continuation === undefined ? 1 : Number(continuation);
          const query: Record<string, QueryValue> = {
            // Exclusive filter; the feed starts a small overlap before the cursor and drops what it has seen.
            // The first read filters from the epoch too: a list without a change filter need not come in change order.
            lastChangedDateTimeOffsetGreaterThan: toPowerOfficeTimestamp(filterFrom ?? 0),
            // The feed needs oldest-first order to advance its cursor page by page.
            OrderBy: 'LastChangedDateTimeOffset',
          };
          const raw = await transport.page(resource.collectionPath, query, pageNumber, pageSize);
          const items = changeEntries(resource, raw, pageNumber, filterFrom);
          return raw.length < pageSize ? { items } : { items, next: String(pageNumber + 1) };
        },
      });
      for await (const page of feed) yield toChangePage(page.items, page.cursor, page.more, page.reread);
    },

    get,

    async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
      // PowerOffice has no idempotency key. linkflow's reference (preferredId) goes into the record's reference
      // field, and a create that may have happened before looks for it first: a retry links, not duplicates.
      const resource = resolve(type);
      const parentId = requireParent(resource, '(new)', options.parentId);
      const record = resource.parented ? `${resource.type}/${parentId ?? ''}/(new)` : `${resource.type}/(new)`;
      const reference = resource.reference;
      const preferredId = options.preferredId;
      if (preferredId !== undefined && options.mayExist !== false) {
        const existing = await findCreated(resource, preferredId, data, parentId);
        if (existing) return existing;
      }
      if (reference && preferredId !== undefined && preferredId.length > reference.maxLength) {
        throw new ValidationError(
          `PowerOffice GO ${record}: linkflow's reference ${preferredId} is longer than ${reference.field}'s ${reference.maxLength} characters`,
          { system: POWEROFFICE_SYSTEM, record, field: reference.field },
        );
      }
      const withIds = integerIdsAsNumbers(data);
      const body = reference && preferredId !== undefined ? { ...withIds, [reference.field]: preferredId } : withIds;
      const { status, body: answer } = await transport.request({
        method: 'POST',
        path: resource.createPath(parentId),
        body,
        record,
      });
      if (status !== resource.createStatus && status !== 200 && status !== 201) {
        throw new ConnectorError(
          `PowerOffice GO POST ${resource.createPath(parentId)} (${record}) answered ${status}, expected ${resource.createStatus}`,
          {
            system: POWEROFFICE_SYSTEM,
            status,
            record,
          },
        );
      }
      return toSnapshot(resource, parseDto(resource, resource.readSchema, answer, record), record);
    },

    async update(
      type: string,
      id: string,
      changes: Record<string, unknown>,
      options?: UpdateOptions,
    ): Promise<RecordSnapshot> {
      const resource = resolve(type);
      checkId(resource, id);
      const previous = options?.previous;
      const parentId = requireParent(resource, id, options?.parentId ?? parentFromPrevious(previous));
      const record = recordName(resource, id, parentId);
      if (
        resource.type === 'SalesOrders' &&
        Object.keys(changes).some((key) => key.toLowerCase() === 'salesorderlines')
      ) {
        throw new UnsupportedError(
          `PowerOffice GO ${record}: SalesOrderLines cannot be changed through the header; patch lines under /SalesOrders/${id}/Lines`,
          {
            system: POWEROFFICE_SYSTEM,
            record,
            field: 'SalesOrderLines',
          },
        );
      }
      const patch = buildJsonPatch(integerIdsAsNumbers(changes), previous);
      if (patch.length === 0) {
        // Nothing changed: no request. The caller's previous values are the record as it stands.
        if (previous && previous['Id'] !== undefined && previous['LastChangedDateTimeOffset'] !== undefined) {
          return toSnapshot(resource, previous, record);
        }
        const current = await get(type, id, parentId ? { parentId } : undefined);
        if (!current)
          throw new NotFoundError(`PowerOffice GO ${record} does not exist`, {
            system: POWEROFFICE_SYSTEM,
            status: 404,
            record,
          });
        return current;
      }
      const guarded = guardedJsonPatch(patch, previous);
      let body: unknown;
      try {
        ({ body } = await transport.request({
          method: 'PATCH',
          path: resource.itemPath(id, parentId),
          body: guarded,
          record,
        }));
      } catch (error) {
        // A failed `test` is a refused patch (400), told from other refusals by reading what the record holds now.
        if (!(error instanceof ValidationError) || guarded.length === patch.length) throw error;
        const now = await get(type, id, parentId ? { parentId } : undefined);
        const changed = guarded.filter(
          (operation) => operation.op === 'test' && !sameAtPointer(now?.data, operation.path, operation.value),
        );
        if (changed.length === 0) throw error;
        throw new ChangedMeanwhileError(
          `PowerOffice GO ${record} changed after linkflow read it (${changed.map((operation) => operation.path).join(', ')}); nothing was written, and it is read again`,
          { system: POWEROFFICE_SYSTEM, record, field: changed[0]?.path.slice(1) },
        );
      }
      const updated = toSnapshot(resource, parseDto(resource, resource.listSchema, body, record), record);
      if (resource.type !== 'SalesOrders') return updated;
      // PATCH answers the header; `get` answers header and lines, and snapshots of one type should look alike.
      const complete = await get(type, id);
      return complete ?? updated;
    },

    async findByKey(type: string, key: MergeKey): Promise<RecordSnapshot[]> {
      const resource = resolve(type);
      const filterEntry = Object.entries(resource.filters).find(
        ([field]) => field.toLowerCase() === key.field.toLowerCase(),
      );
      const matches = matcherFor(key);
      const found: RecordSnapshot[] = [];
      // Multi-value filters are comma-separated, so a value with a comma cannot go through one: scan instead.
      if (filterEntry && !key.value.includes(',')) {
        const [, filter] = filterEntry;
        if (filter.numeric && !/^\d+$/.test(key.value.trim())) return [];
        for await (const page of listAll(resource, { [filter.param]: key.value.trim() })) {
          // The server filter may be looser (case, ranges): compare exactly afterwards.
          found.push(...page.filter(matches));
        }
        return found;
      }
      // No server filter for this field in v2 (e.g. Customers by OrganizationNumber or EmailAddress,
      // ContactPersons and Employees by EmailAddress): a paged scan of the whole list. It costs one request per
      // page of the resource, so keep merge-key lookups rare (one per unlinked record, in the merge workflow).
      for await (const page of listAll(resource, {})) found.push(...page.filter(matches));
      return found;
    },

    async getSalesOrderLines(salesOrderId: string): Promise<Record<string, unknown>[]> {
      const resource = RESOURCES.SalesOrders;
      checkId(resource, salesOrderId);
      const record = `SalesOrders/${salesOrderId}`;
      const lines: Record<string, unknown>[] = [];
      for await (const page of transport.pages(`/SalesOrders/${salesOrderId}/Lines`, {})) {
        page.forEach((raw, index) =>
          lines.push(parseDto(resource, SalesOrderLineDto, raw, `${record} line ${index + 1}`)),
        );
      }
      return lines;
    },

    async *listSalesOrders(filter?: { orderStatus?: 'Draft' | 'Confirmed' }): AsyncIterable<RecordSnapshot[]> {
      yield* listAll(RESOURCES.SalesOrders, { orderStatus: filter?.orderStatus });
    },

    stats: () => ({ ...transport.stats }),
  };
  return connector;
}

/** An id exactly as the raw JSON holds it, or undefined (an integer beyond 2^53 was already rounded by JSON.parse). */
function exactId(value: unknown, kind: ResourceDefinition['idKind']): string | undefined {
  if (kind === 'uuid') return typeof value === 'string' && UUID_ID.test(value) ? value : undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  return typeof value === 'string' && INT64_ID.test(value) ? value : undefined;
}

function parentFromPrevious(previous: Record<string, unknown> | undefined): string | undefined {
  const value = previous?.['ContactId'];
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

/**
 * How a merge key compares: e-mail addresses case-insensitively (mail systems treat them so, and people type
 * them in any case), organisation numbers ignoring spaces ("999 888 777"), everything else exactly.
 */
function matcherFor(key: MergeKey): (snapshot: RecordSnapshot) => boolean {
  const field = key.field.toLowerCase();
  const normalise = field.includes('email')
    ? (value: string) => value.trim().toLowerCase()
    : field === 'organizationnumber'
      ? (value: string) => value.replace(/\s+/g, '')
      : (value: string) => value;
  const wanted = normalise(key.value);
  return (snapshot) => {
    const entry = Object.entries(snapshot.data).find(([name]) => name.toLowerCase() === field);
    const value = entry?.[1];
    if (typeof value === 'string') return normalise(value) === wanted;
    if (typeof value === 'number') return String(value) === wanted;
    return false;
  };
}
