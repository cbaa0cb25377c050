/**
 * The Uni Economy connector: the `Connector` contract over the transport (transport.ts) and the resource table
 * (resources.ts), for `Customers` and `Departments`, and the plug-in that lets linkflow run it without naming it.
 */
import { capabilitiesOf } from '../common/capabilities';
import { isJsonObject } from '../../model/json-values';
import { isDeepStrictEqual } from 'node:util';
import { createHash } from 'node:crypto';
import { unreadableMarker, type ChangeEntry } from '../common/change-cursor';
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
import { ConnectorError, DuplicateError, NotFoundError, UnsupportedError, ValidationError } from '../errors';
import { defineConnectorPlugin } from '../plugin';
import { readChangePasses } from './change-feed';
import { createAssertionSigner } from './client-assertion';
import {
  MAX_PAGE_SIZE,
  signingMaterial,
  UNIECONOMY_ENVIRONMENT_VARIABLES,
  uniEconomyConfigFromEnv,
  uniEconomyConfigFromService,
  uniEconomyConfigSchema,
  type UniEconomyConfig,
  type UniEconomyConfigInput,
} from './config';
import { UNIECONOMY_SYSTEM } from './errors';
import {
  isUniEconomyType,
  quote,
  readPath,
  referenceKey,
  RESOURCES,
  UNIECONOMY_TYPES,
  type ResourceDefinition,
} from './resources';
import { changeTimeOf, exactId, snapshotOf, toUniTimestamp } from './snapshot';
import { UniEconomyTransport, type QueryValue, type TransportStats } from './transport';

export {
  DEFAULT_REQUESTS_PER_MINUTE,
  UNIECONOMY_ENVIRONMENT_VARIABLES,
  uniEconomyConfigFromEnv,
  uniEconomyConfigFromService,
  uniEconomyConfigSchema,
  type UniEconomyConfig,
  type UniEconomyConfigInput,
} from './config';
export { UNIECONOMY_SYSTEM } from './errors';
export { UNIECONOMY_TYPES, type UniEconomyType } from './resources';

export interface UniEconomyConnector extends Connector {
  /** Requests sent so far (API budget spent, polling and token requests included). */
  stats(): Readonly<TransportStats>;
}

/** Set by the API, never written by linkflow: left out of creates and updates. */
const READ_ONLY_FIELDS = new Set([
  'ID',
  'StatusCode',
  'Deleted',
  'CreatedAt',
  'CreatedBy',
  'UpdatedAt',
  'UpdatedBy',
  'BusinessRelationID',
  '_createguid',
  '_links',
]);

const INTEGER_ID = /^\d{1,15}$/;

/**
 * A GUID derived from the caller's idempotency key: the `_createguid` of a create. A retried create sends the
 * same one, and the API refuses a guid it has already created an entity for (a DuplicateError here).
 */
export function createGuidFor(idempotencyKey: string, part = ''): string {
  const hex = createHash('sha256').update(`linkflow/unieconomy/${idempotencyKey}${part}`).digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The writable part of a record's data: read-only fields left out, nested Info likewise. */
function writable(data: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (READ_ONLY_FIELDS.has(name)) continue;
    result[name] = name === 'Info' && isJsonObject(value) ? writable(value) : value;
  }
  return result;
}

export function createUniEconomyConnector(configInput: UniEconomyConfigInput): UniEconomyConnector {
  const config: UniEconomyConfig = uniEconomyConfigSchema.parse(configInput);
  const material = signingMaterial(config);
  const signer = createAssertionSigner({
    clientId: config.clientId,
    tokenUrl: config.tokenUrl,
    privateKeyPem: material.privateKeyPem,
    certificatePem: material.certificatePem,
    lifetimeSeconds: config.assertionLifetimeSeconds,
  });
  const transport = new UniEconomyTransport(config, signer);

  const resolve = (type: string): ResourceDefinition => {
    if (!isUniEconomyType(type)) {
      throw new UnsupportedError(
        `Uni Economy has no resource type "${type}" in linkflow (known: ${UNIECONOMY_TYPES.join(', ')})`,
        {
          system: UNIECONOMY_SYSTEM,
          record: type,
        },
      );
    }
    return RESOURCES[type];
  };

  const checkId = (resource: ResourceDefinition, id: string): void => {
    if (!INTEGER_ID.test(id))
      throw new ValidationError(`Uni Economy ${resource.type}/${id}: ID must be an integer`, {
        system: UNIECONOMY_SYSTEM,
        record: `${resource.type}/${id}`,
        field: 'ID',
      });
  };

  /** Validates what linkflow is about to write (the same schema the API's documentation gives). */
  const checkWrite = (resource: ResourceDefinition, body: Record<string, unknown>, record: string): void => {
    const parsed = resource.writeSchema.safeParse(body);
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new ValidationError(
      `Uni Economy ${record}: ${field || '(body)'}: ${issue?.message ?? 'invalid'} (checked before sending)`,
      {
        system: UNIECONOMY_SYSTEM,
        record,
        ...(field ? { field } : {}),
      },
    );
  };

  const withExpand = (
    resource: ResourceDefinition,
    query: Record<string, QueryValue> = {},
  ): Record<string, QueryValue> => (resource.expand ? { ...query, expand: resource.expand } : query);

  const list = async (resource: ResourceDefinition, query: Record<string, QueryValue>): Promise<RecordSnapshot[]> => {
    const found: RecordSnapshot[] = [];
    for (let skip = 0; ; skip += config.pageSize) {
      const { body } = await transport.request({
        method: 'GET',
        path: resource.path,
        query: withExpand(resource, { ...query, orderby: 'ID', top: config.pageSize, skip }),
      });
      const items = asArray(body, resource);
      items.forEach((raw, index) =>
        found.push(snapshotOf(resource, raw, `${resource.type} listing item ${skip + index + 1}`)),
      );
      if (items.length < config.pageSize) return found;
    }
  };

  const readOne = async (resource: ResourceDefinition, id: string): Promise<RecordSnapshot | null> => {
    const record = `${resource.type}/${id}`;
    try {
      const { body } = await transport.request({
        method: 'GET',
        path: `${resource.path}/${id}`,
        query: withExpand(resource),
        record,
      });
      return snapshotOf(resource, body, record);
    } catch (error: unknown) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };

  /** A write's answer as a snapshot; when it lacks the expanded Info (the API may not expand on writes), read it. */
  const writeAnswer = async (resource: ResourceDefinition, body: unknown, record: string): Promise<RecordSnapshot> => {
    const snapshot = snapshotOf(resource, body, record);
    if (resource.expand === undefined || isJsonObject(snapshot.data[resource.expand])) return snapshot;
    return (await readOne(resource, snapshot.id)) ?? snapshot;
  };

  const changeEntry = (
    resource: ResourceDefinition,
    raw: unknown,
    position: string,
    fallbackChangedAt: number,
  ): ChangeEntry<RecordSnapshot> => {
    const fields = isJsonObject(raw) ? raw : {};
    const id = exactId(fields['ID']);
    const name = id === undefined ? `${resource.type} ${position}` : `${resource.type}/${id}`;
    try {
      return { kind: 'record', record: snapshotOf(resource, raw, name) };
    } catch (error: unknown) {
      if (!(error instanceof ConnectorError)) throw error;
      const unreadable: UnreadableRecord = {
        ...(id !== undefined ? { id } : {}),
        position: `${resource.type} ${position}`,
        reason: error.message,
        ...(error.field !== undefined ? { field: error.field } : {}),
      };
      const changedAt = changeTimeOf(fields);
      const changed = changedAt === undefined ? undefined : { changedAt, version: changedAt };
      return { kind: 'unreadable', unreadable, mark: unreadableMarker(unreadable, changed, fallbackChangedAt) };
    }
  };

  const changeFilter = (resource: ResourceDefinition, from: number | null, afterId: number): string => {
    const paging = `ID gt ${afterId}`;
    if (from === null) return paging;
    const stamp = quote(toUniTimestamp(from));
    return `(${resource.changeFields.map((field) => `${field} ge ${stamp}`).join(' or ')}) and ${paging}`;
  };

  const findByKey = async (type: string, key: MergeKey): Promise<RecordSnapshot[]> => {
    const resource = resolve(type);
    const field = resource.keyFields[key.field.toLowerCase()];
    if (!field) {
      // A filter on a field the entity lacks returns the whole list unfiltered (documented): never send one.
      throw new UnsupportedError(
        `Uni Economy ${type} cannot be looked up by ${key.field} (known: ${Object.values(resource.keyFields)
          .map((known) => known.path)
          .join(', ')})`,
        { system: UNIECONOMY_SYSTEM, record: type, field: key.field },
      );
    }
    const wanted = field.normalise(key.value.trim());
    if (wanted === '') return [];
    if (field.kind === 'number' && !/^\d+$/.test(wanted)) return [];
    const literal = field.kind === 'number' ? wanted : quote(wanted);
    const found = await list(resource, { filter: `${field.path} eq ${literal}` });
    // The server compares without regard to case; linkflow's keys compare exactly (org numbers without spaces).
    return found.filter((snapshot) => {
      if (snapshot.deleted) return false;
      const value = readPath(snapshot.data, field.path);
      return (typeof value === 'string' || typeof value === 'number') && field.normalise(String(value)) === wanted;
    });
  };

  const connector: UniEconomyConnector = {
    system: UNIECONOMY_SYSTEM,

    waitingRequests: () => transport.limiter.waitingCount(),
    budgetWaitMs: (requests) => transport.limiter.expectedWaitMs(requests),

    capabilities: () => capabilitiesOf(UNIECONOMY_TYPES, RESOURCES),

    async *readChanges(type: string, cursor: ChangeCursor, options?: { pageSize?: number }): AsyncIterable<ChangePage> {
      const resource = resolve(type);
      const pageSize = Math.min(options?.pageSize ?? config.pageSize, MAX_PAGE_SIZE);
      yield* readChangePasses({
        cursor,
        overlapMs: config.changeOverlapMs,
        pageSize,
        fetchPage: async (from, afterId, top) => {
          const { body, serverTime } = await transport.request({
            method: 'GET',
            path: resource.path,
            query: withExpand(resource, { filter: changeFilter(resource, from, afterId), orderby: 'ID', top }),
          });
          return { items: asArray(body, resource), serverTime };
        },
        entry: (raw, position, fallbackChangedAt) => changeEntry(resource, raw, position, fallbackChangedAt),
        idOf: (raw) => {
          const id = isJsonObject(raw) ? exactId(raw['ID']) : undefined;
          return id === undefined ? undefined : Number(id);
        },
      });
    },

    async get(type: string, id: string): Promise<RecordSnapshot | null> {
      const resource = resolve(type);
      checkId(resource, id);
      const snapshot = await readOne(resource, id);
      return snapshot === null || snapshot.deleted ? null : snapshot;
    },

    async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
      const resource = resolve(type);
      const record = `${resource.type}/(new)`;
      const body = writable(data);
      checkWrite(resource, body, record);
      // Find before create: the API has no external-reference field, so a retried create is recognised by the
      // record's own key (a customer's OrgNumber, a department's Name). On a first attempt (mayExist false)
      // nothing can exist yet and the lookup is skipped.
      const reference = referenceKey(resource, body);
      if (options.mayExist !== false && reference) {
        const existing = await findByKey(type, reference);
        if (existing.length === 1 && existing[0]) return existing[0];
        if (existing.length > 1) {
          throw new DuplicateError(
            `Uni Economy ${record}: ${existing.length} ${resource.type} records already have this ${reference.field} (IDs ${existing
              .map((snapshot) => snapshot.id)
              .join(', ')}); linkflow will not pick one`,
            { system: UNIECONOMY_SYSTEM, record, field: reference.field },
          );
        }
      }
      // `_createguid` from the idempotency key: should the create have happened already, the API refuses the
      // repeated guid (DuplicateError) instead of creating a second record.
      body['_createguid'] = createGuidFor(options.idempotencyKey);
      if (isJsonObject(body['Info']))
        body['Info'] = { ...body['Info'], _createguid: createGuidFor(options.idempotencyKey, '/Info') };
      const { status, body: answer } = await transport.request({
        method: 'POST',
        path: resource.path,
        query: withExpand(resource),
        body,
        record,
      });
      if (status !== 201 && status !== 200) {
        throw new ConnectorError(`Uni Economy POST ${resource.path} (${record}) answered ${status}, expected 201`, {
          system: UNIECONOMY_SYSTEM,
          status,
          record,
        });
      }
      return writeAnswer(resource, answer, record);
    },

    async update(
      type: string,
      id: string,
      changes: Record<string, unknown>,
      options?: UpdateOptions,
    ): Promise<RecordSnapshot> {
      const resource = resolve(type);
      checkId(resource, id);
      const record = `${resource.type}/${id}`;
      const previous = options?.previous;
      // Only what differs from what the caller last saw: a smaller PUT overwrites fewer edits made meanwhile.
      const wanted = writable(changes);
      const body: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(wanted)) {
        const before = previous?.[name];
        if (name === 'Info' && isJsonObject(value)) {
          const beforeInfo = isJsonObject(before) ? before : {};
          const infoChanges = Object.fromEntries(
            Object.entries(value).filter(
              ([field, inner]) => !isDeepStrictEqual(beforeInfo[field] ?? null, inner ?? null),
            ),
          );
          if (Object.keys(infoChanges).length > 0) body['Info'] = infoChanges;
        } else if (previous === undefined || !isDeepStrictEqual(before ?? null, value ?? null)) {
          body[name] = value;
        }
      }
      checkWrite(resource, body, record);
      if (Object.keys(body).length === 0) {
        // Nothing changed: no write. The caller's previous values are the record as it stands, when complete.
        if (previous && exactId(previous['ID']) === id && changeTimeOf(previous) !== undefined)
          return snapshotOf(resource, previous, record);
        const current = await readOne(resource, id);
        if (!current)
          throw new NotFoundError(`Uni Economy ${record} does not exist`, {
            system: UNIECONOMY_SYSTEM,
            status: 404,
            record,
          });
        return current;
      }
      // PUT takes a partial body (the guides: fields left out stay as they are; a child is updated by its ID and
      // left alone when absent), so no read-merge-write is needed. Info must carry its own ID, or the API would
      // take it for a new child: the BusinessRelationID comes from `previous`, else from one GET.
      if (isJsonObject(body['Info'])) {
        let relationId = readPath(previous ?? {}, 'BusinessRelationID') ?? readPath(previous ?? {}, 'Info.ID');
        if (typeof relationId !== 'number') {
          const current = await readOne(resource, id);
          if (!current)
            throw new NotFoundError(`Uni Economy ${record} does not exist`, {
              system: UNIECONOMY_SYSTEM,
              status: 404,
              record,
            });
          relationId = current.data['BusinessRelationID'];
        }
        if (typeof relationId !== 'number')
          throw new ConnectorError(`Uni Economy ${record}: the customer has no BusinessRelationID to write Info to`, {
            system: UNIECONOMY_SYSTEM,
            record,
            field: 'BusinessRelationID',
          });
        body['Info'] = { ...body['Info'], ID: relationId };
      }
      const { body: answer } = await transport.request({
        method: 'PUT',
        path: `${resource.path}/${id}`,
        query: withExpand(resource),
        body: { ID: Number(id), ...body },
        record,
      });
      return writeAnswer(resource, answer, record);
    },

    findByKey,

    stats: () => ({ ...transport.stats }),
  };
  return connector;
}

function asArray(body: unknown, resource: ResourceDefinition): unknown[] {
  if (Array.isArray(body)) return body;
  throw new ConnectorError(`Uni Economy GET ${resource.path}: expected a JSON array, got ${typeof body}`, {
    system: UNIECONOMY_SYSTEM,
  });
}

/** A host's origin for messages (never the credentials). */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Pollers read every 10 s by default: an idle pass costs one request per resource, so the two resources spend
 * 12 requests a minute, 2 % of the 600 a minute linkflow allows itself (Uni documents no limit, so the client
 * stays gentle), and a change still arrives within seconds.
 */
export const UNIECONOMY_POLL_INTERVAL_MS = 10_000;

export const uniEconomyConnectorPlugin = defineConnectorPlugin<UniEconomyConfig>({
  system: UNIECONOMY_SYSTEM,
  title: 'Uni Economy',
  configSchema: uniEconomyConfigSchema,
  environmentVariables: UNIECONOMY_ENVIRONMENT_VARIABLES,
  configFromEnv: (env) => uniEconomyConfigFromEnv(env),
  configFromSandbox: (service) => uniEconomyConfigFromService(service),
  create: (config) => createUniEconomyConnector(config),
  requestsPerMinute: (config) => config.requestsPerMinute,
  defaultPollIntervalMs: UNIECONOMY_POLL_INTERVAL_MS,
  describe: (config) =>
    `Uni Economy at ${hostOf(config.baseUrl)} (identity ${hostOf(config.tokenUrl)}), client ${config.clientId}, company ${config.companyKey.slice(0, 8)}…, ${config.requestsPerMinute} requests/min`,
});
