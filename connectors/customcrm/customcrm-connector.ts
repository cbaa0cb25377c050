/**
 * The Custom CRM connector: the `Connector` contract over the transport (transport.ts) and the resource table
 * (resources.ts), for any implementation of linkflow's Custom CRM contract. Types are `customers`, `contacts`,
 * `products` and `orders`; an order's lines travel inside it.
 *
 * Change reads follow the contract's keyset cursor to the end of the listing, from a watermark that the
 * contract's 5 s visibility bound lets them settle (change-feed.ts): records sharing an instant or committed
 * late are not missed, what is listed twice is dropped by (id, updatedAt), and an idle read re-reads nothing.
 * connectors/common/change-cursor.ts's readChangeFeed is not used: it restarts the query after every page,
 * which offset paging needs (a record changing mid-scan shifts the others) and a keyset cursor does not.
 *
 * Requests per operation (N changed records, P the page size):
 * - a change read: ⌈(N + 1) / P⌉ list requests, N counting the records of the last few seconds before the
 *   previous read once more (one request when nothing changed and the clock has moved on);
 * - `findByKey`: one filtered list request (more only if more than P records share the key);
 * - `create`: 1. With `preferredId` it is the record's `externalId`, and the contract makes the POST idempotent
 *   on it: a retried create answers the record the first attempt made (200), so no look-up comes first;
 * - `update`: 1 PATCH of the changed fields only, 0 when nothing changed; `get`: 1.
 */
import { capabilitiesOf } from '../common/capabilities';
import { isJsonObject, sameValue } from '../../model/json-values';
import { entryMarker, toChangePage, unreadableMarker, type ChangeEntry } from '../common/change-cursor';
import type {
  ChangeCursor,
  ChangePage,
  Connector,
  CreateOptions,
  MergeKey,
  RecordSnapshot,
  UpdateOptions,
} from '../connector';
import { ConflictError, ConnectorError, NotFoundError, UnsupportedError, ValidationError } from '../errors';
import { ChangeFeedState } from './change-feed';
import {
  CLOCK_ALLOWANCE_MS,
  customCrmConfigSchema,
  LOCAL_CLOCK_ALLOWANCE_MS,
  type CustomCrmConfig,
  type CustomCrmConfigInput,
} from './config';
import { CUSTOMCRM_SYSTEM } from './errors';
import { CUSTOMCRM_TYPES, isCustomCrmType, normaliseKey, RESOURCES, type ResourceDefinition } from './resources';
import { parseRecord, rawMarker, requireRecord, toSnapshot } from './snapshot';
import { CustomCrmTransport, type TransportStats } from './transport';

export interface CustomCrmConnector extends Connector {
  /** Requests sent so far (API budget spent, polling included). */
  stats(): Readonly<TransportStats>;
}

/** The fields the server keeps; a body never carries them. */
const READ_ONLY_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'deleted']);
const ID_PATTERN = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * The part of `changes` that differs from `previous`. A merge patch replaces arrays whole, so a changed line
 * sends every line of the order; the contract's records have no nested objects to patch field by field.
 */
function changedPart(changes: Record<string, unknown>, previous: Record<string, unknown> | undefined) {
  if (previous === undefined) return { ...changes };
  return Object.fromEntries(Object.entries(changes).filter(([key, value]) => !sameValue(value, previous[key])));
}

export function createCustomCrmConnector(configInput: CustomCrmConfigInput): CustomCrmConnector {
  const config: CustomCrmConfig = customCrmConfigSchema.parse(configInput);
  const transport = new CustomCrmTransport(config);

  const resolve = (type: string): ResourceDefinition => {
    if (!isCustomCrmType(type)) {
      throw new UnsupportedError(`Custom CRM has no resource type "${type}" (known: ${CUSTOMCRM_TYPES.join(', ')})`, {
        system: CUSTOMCRM_SYSTEM,
        record: type,
      });
    }
    return RESOURCES[type];
  };

  const itemPath = (resource: ResourceDefinition, id: string): string => {
    if (!ID_PATTERN.test(id)) {
      throw new ValidationError(`Custom CRM ${resource.type}/${id}: not an id the contract allows`, {
        system: CUSTOMCRM_SYSTEM,
        record: `${resource.type}/${id}`,
        field: 'id',
      });
    }
    return `${resource.type}/${id}`;
  };

  /** Checks a body against the contract before it is sent, so a mapping mistake names the field here. */
  const checkBody = (
    resource: ResourceDefinition,
    schema: ResourceDefinition['createSchema'],
    body: Record<string, unknown>,
    record: string,
  ): void => {
    const readOnly = Object.keys(body).find((field) => READ_ONLY_FIELDS.has(field));
    if (readOnly !== undefined) {
      throw new ValidationError(`Custom CRM ${record}: ${readOnly} is read-only`, {
        system: CUSTOMCRM_SYSTEM,
        record,
        field: readOnly,
      });
    }
    const parsed = schema.safeParse(body);
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
    const field = path.map(String).join('.') || '(body)';
    const why = issue?.code === 'unrecognized_keys' ? `is not a ${resource.type} field` : (issue?.message ?? 'invalid');
    throw new ValidationError(`Custom CRM ${record}: ${field} ${why}`, { system: CUSTOMCRM_SYSTEM, record, field });
  };

  /** One listed change, read on its own: a record the schema refuses is reported, and the feed moves past it. */
  const changeEntry = (
    resource: ResourceDefinition,
    raw: unknown,
    position: string,
    previousChangedAt: number,
  ): ChangeEntry<RecordSnapshot> => {
    const parsed = parseRecord(resource, raw, position);
    if (parsed.ok) return { kind: 'record', record: toSnapshot(resource, parsed) };
    const marker = rawMarker(raw);
    const parent = resource.parentField !== undefined && isJsonObject(raw) ? raw[resource.parentField] : undefined;
    const unreadable = {
      ...(marker.id !== undefined ? { id: marker.id } : {}),
      ...(typeof parent === 'string' ? { parentId: parent } : {}),
      position,
      reason: parsed.reason,
      ...(parsed.field !== undefined ? { field: parsed.field } : {}),
    };
    const changed =
      marker.changedAt === undefined ? undefined : { changedAt: marker.changedAt, version: marker.changedAt };
    return { kind: 'unreadable', unreadable, mark: unreadableMarker(unreadable, changed, previousChangedAt) };
  };

  async function* readChanges(
    type: string,
    cursor: ChangeCursor,
    options?: { pageSize?: number },
  ): AsyncGenerator<ChangePage> {
    const resource = resolve(type);
    const limit = Math.min(options?.pageSize ?? config.pageSize, config.pageSize);
    const state = new ChangeFeedState(cursor, config.visibilityLagMs + CLOCK_ALLOWANCE_MS);
    const start = state.start();
    const query: Record<string, string | number> = { limit };
    if (start !== null) query['updatedSince'] = new Date(Math.max(0, start)).toISOString();
    const marker = entryMarker<RecordSnapshot>((snapshot) => snapshot);
    const handedOn = JSON.stringify(cursor);
    let horizon: number | undefined;
    let previousChangedAt = start ?? 0;
    for (let pageNumber = 1; ; pageNumber += 1) {
      const page = await transport.listPage(resource.type, query);
      // Everything stamped before this was visible when the read began (change-feed.ts).
      horizon ??=
        (page.serverTime ?? page.sentAt - LOCAL_CLOCK_ALLOWANCE_MS) - config.visibilityLagMs - CLOCK_ALLOWANCE_MS;
      const entries = page.items.map((raw, index) => {
        const position = `${resource.type} listing page ${pageNumber} item ${index + 1}`;
        const entry = changeEntry(resource, raw, position, previousChangedAt);
        previousChangedAt = marker(entry).changedAt;
        return entry;
      });
      const fresh = state.accept(entries, marker);
      const last = page.nextCursor === null;
      state.settle(horizon, last ? null : previousChangedAt);
      const next = state.cursor();
      // An empty page too when this read moved the watermark past records it listed again: handing that on
      // spares the next polls from reading them once more.
      if (fresh.length > 0 || (last && state.rereads > 0 && JSON.stringify(next) !== handedOn)) {
        yield toChangePage(fresh, next, !last);
      }
      if (page.nextCursor === null) return;
      query['cursor'] = page.nextCursor;
    }
  }

  const get = async (type: string, id: string): Promise<RecordSnapshot | null> => {
    const resource = resolve(type);
    const record = `${resource.type}/${id}`;
    try {
      const { body } = await transport.request({ method: 'GET', path: itemPath(resource, id), record });
      const snapshot = requireRecord(resource, body, record);
      return snapshot.deleted ? null : snapshot;
    } catch (error: unknown) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };

  const connector: CustomCrmConnector = {
    system: CUSTOMCRM_SYSTEM,

    waitingRequests: () => transport.limiter.waitingCount(),
    budgetWaitMs: (requests) => transport.limiter.expectedWaitMs(requests),

    capabilities: () => capabilitiesOf(CUSTOMCRM_TYPES, RESOURCES),

    readChanges,

    get: (type, id) => get(type, id),

    async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
      const resource = resolve(type);
      const record = `${resource.type}/(new)`;
      const body: Record<string, unknown> = { ...data };
      if (options.parentId !== undefined) {
        if (resource.parentField === undefined) {
          throw new ValidationError(`Custom CRM ${record}: ${resource.type} have no parent`, {
            system: CUSTOMCRM_SYSTEM,
            record,
            field: 'parentId',
          });
        }
        body[resource.parentField] = options.parentId;
      }
      if (options.preferredId !== undefined) {
        // linkflow's reference for the record: the contract makes the create idempotent on it.
        const given = body['externalId'];
        if (given !== undefined && given !== null && given !== options.preferredId) {
          throw new ValidationError(
            `Custom CRM ${record}: externalId is linkflow's reference (${options.preferredId}); the data must not set another`,
            { system: CUSTOMCRM_SYSTEM, record, field: 'externalId' },
          );
        }
        body['externalId'] = options.preferredId;
      }
      checkBody(resource, resource.createSchema, body, record);
      const { status, body: answer } = await transport.request({ method: 'POST', path: resource.type, body, record });
      if (status !== 201 && status !== 200) {
        throw new ConnectorError(
          `Custom CRM POST /${resource.type} (${record}) answered ${status}, expected 201 or 200`,
          {
            system: CUSTOMCRM_SYSTEM,
            status,
            record,
          },
        );
      }
      const snapshot = requireRecord(resource, answer, record);
      if (snapshot.deleted) {
        // 200 with a tombstone: an earlier attempt created the record, and someone deleted it since.
        throw new ConflictError(
          `Custom CRM ${resource.type}/${snapshot.id} with externalId ${String(body['externalId'])} was created before and is deleted`,
          { system: CUSTOMCRM_SYSTEM, status, record: `${resource.type}/${snapshot.id}`, field: 'externalId' },
        );
      }
      return snapshot;
    },

    async update(
      type: string,
      id: string,
      changes: Record<string, unknown>,
      options?: UpdateOptions,
    ): Promise<RecordSnapshot> {
      const resource = resolve(type);
      const record = `${resource.type}/${id}`;
      const path = itemPath(resource, id);
      const patch = changedPart(changes, options?.previous);
      if (Object.keys(patch).length === 0) {
        // Nothing changed: no write. The caller's previous values are the record as it stands, when complete.
        const previous = options?.previous;
        const known = previous === undefined ? undefined : parseRecord(resource, previous, record);
        if (known?.ok && known.id === id) return toSnapshot(resource, known);
        const current = await get(type, id);
        if (current === null) {
          throw new NotFoundError(`Custom CRM ${record} does not exist`, {
            system: CUSTOMCRM_SYSTEM,
            status: 404,
            record,
          });
        }
        return current;
      }
      checkBody(resource, resource.patchSchema, patch, record);
      const { body } = await transport.request({
        method: 'PATCH',
        path,
        body: patch,
        contentType: 'application/merge-patch+json',
        record,
      });
      return requireRecord(resource, body, record);
    },

    async findByKey(type: string, key: MergeKey): Promise<RecordSnapshot[]> {
      const resource = resolve(type);
      const entry = Object.entries(resource.keys).find(([field]) => field.toLowerCase() === key.field.toLowerCase());
      if (!entry) {
        throw new UnsupportedError(
          `Custom CRM ${resource.type} cannot be looked up by ${key.field} (known: ${Object.keys(resource.keys).join(', ')})`,
          { system: CUSTOMCRM_SYSTEM, record: resource.type, field: key.field },
        );
      }
      const [field, comparison] = entry;
      const wanted = normaliseKey(comparison, key.value);
      if (wanted === undefined) return [];
      const found: RecordSnapshot[] = [];
      const query: Record<string, string | number> = { [field]: wanted, limit: config.pageSize };
      for (let pageNumber = 1; ; pageNumber += 1) {
        const page = await transport.listPage(resource.type, query);
        page.items.forEach((raw, index) => {
          const parsed = parseRecord(resource, raw, `${resource.type} look-up page ${pageNumber} item ${index + 1}`);
          if (!parsed.ok) return;
          // Live records only, and compared here too: an implementation's filter may be looser than the contract's.
          if (parsed.data['deleted'] === true || normaliseKey(comparison, parsed.data[field]) !== wanted) return;
          found.push(toSnapshot(resource, parsed));
        });
        if (page.nextCursor === null) return found;
        query['cursor'] = page.nextCursor;
      }
    },

    stats: () => ({ ...transport.stats }),
  };
  return connector;
}
