/**
 * The CRMOffice connector: the `Connector` contract over the transport (transport.ts), the resource table
 * (resources.ts) and the change table (change-table.ts). Types are `companies` and `contacts`.
 *
 * Requests per operation (N records in the resource, P the page size; README.md):
 * - a change read: ⌊N/P⌋ + 1 list requests per pass (a short page ends it), plus one GET per record missing
 *   from the pass (to tell a deletion from a record the offset paging skipped);
 * - `findByKey`: the same ⌊N/P⌋ + 1 (no server-side filter is known);
 * - `create`: 1, plus ⌊N/P⌋ + 1 for the find-before-create unless `mayExist` is false;
 * - `update`: 1 with PATCH; 2 with PUT (the current record is read first); 0 when nothing changed;
 * - `get`: 1. Token renewals (about once an hour) go to the OAuth host and are counted apart.
 */
import { capabilitiesOf } from '../common/capabilities';
import { isJsonObject, sameValue } from '../../model/json-values';
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
import { ConflictError, ConnectorError, NotFoundError, UnsupportedError, ValidationError } from '../errors';
import type { ConnectorContext } from '../plugin';
import { CrmOfficeAuth } from './auth';
import { ChangeTable, contentHash, UNREADABLE_KEY_PREFIX } from './change-table';
import {
  CRMOFFICE_MAX_PAGE_SIZE,
  crmOfficeConfigSchema,
  tokenUrlOf,
  type CrmOfficeConfig,
  type CrmOfficeConfigInput,
} from './config';
import { CRMOFFICE_SYSTEM } from './errors';
import {
  CRMOFFICE_TYPES,
  isCrmOfficeType,
  normaliseKey,
  RESOURCES,
  type KeyComparison,
  type ResourceDefinition,
} from './resources';
import { deletedSnapshot, idOf, parentIdOf, parseRecord, requireRecord, toSnapshot } from './snapshot';
import { RefreshTokenStore } from './token-store';
import { CrmOfficeTransport, type ListPage } from './transport';

export interface CrmOfficeStats {
  /** API requests sent (polling included). */
  requests: number;
  /** Refresh-token grants sent to the token URL. */
  tokenRequests: number;
  rateLimited: number;
}

export interface CrmOfficeConnector extends Connector {
  stats(): Readonly<CrmOfficeStats>;
  /** Where the rotating refresh token is kept. */
  readonly tokenFile: string;
}

/** Creates remembered per idempotency key, so that a retry in the same process needs no list scan. */
const REMEMBERED_CREATES = 1000;

/** The part of `changes` that differs from `previous`; nested objects (addresses) down to their changed fields. */
function changedPart(changes: Record<string, unknown>, previous: Record<string, unknown> | undefined) {
  if (previous === undefined) return { ...changes };
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const before = previous[key];
    if (sameValue(value, before)) continue;
    changed[key] =
      isJsonObject(value) && isJsonObject(before) && key !== 'company' ? changedPart(value, before) : value;
  }
  return changed;
}

/** RFC 7396, for PUT: the changes merged into the current record (null removes). */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result[key] = null;
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

export function createCrmOfficeConnector(
  configInput: CrmOfficeConfigInput,
  context: ConnectorContext,
): CrmOfficeConnector {
  const config: CrmOfficeConfig = crmOfficeConfigSchema.parse(configInput);
  const store = RefreshTokenStore.forIntegration(context.stateDir, tokenUrlOf(config), config.clientId);
  const auth = new CrmOfficeAuth(config, store);
  const transport = new CrmOfficeTransport(config, auth);
  const createdByKey = new Map<string, { type: string; id: string }>();
  // A 405 to PATCH means the API has only PUT: from then on this connector uses PUT.
  let updateMethod = config.updateMethod;

  const resolve = (type: string): ResourceDefinition => {
    if (!isCrmOfficeType(type)) {
      throw new UnsupportedError(
        `CRMOffice has no resource type "${type}" in linkflow (known: ${CRMOFFICE_TYPES.join(', ')})`,
        { system: CRMOFFICE_SYSTEM, record: type },
      );
    }
    return RESOURCES[type];
  };

  const itemPath = (resource: ResourceDefinition, id: string): string => {
    if (id === '' || (config.idFormat === 'number' && !/^\d+$/.test(id))) {
      throw new ValidationError(`CRMOffice ${resource.type}/${id}: the id is not a valid ${resource.type} id`, {
        system: CRMOFFICE_SYSTEM,
        record: `${resource.type}/${id}`,
        field: 'id',
      });
    }
    return `${resource.type}/${encodeURIComponent(id)}`;
  };

  /** An id as bodies carry it (GUESS: strings by default; JSON numbers with `idFormat: 'number'`). */
  const wireId = (id: string, record: string, field: string): string | number => {
    if (config.idFormat === 'string') return id;
    if (/^\d+$/.test(id) && Number.isSafeInteger(Number(id))) return Number(id);
    throw new ValidationError(`CRMOffice ${record}: ${field} ${id} is not an integer id`, {
      system: CRMOFFICE_SYSTEM,
      record,
      field,
    });
  };

  /** Checks a body before it is sent: known fields only, each of the type the API takes. */
  const checkBody = (resource: ResourceDefinition, data: Record<string, unknown>, record: string) => {
    const unknown = Object.keys(data).find((field) => !resource.inputFields.includes(field));
    if (unknown !== undefined) {
      throw new ValidationError(
        `CRMOffice ${record}: ${unknown} is not a ${resource.type} field (known: ${resource.inputFields.join(', ')})`,
        { system: CRMOFFICE_SYSTEM, record, field: unknown },
      );
    }
    const body: Record<string, unknown> = { ...data };
    const company = body['company'];
    if (isJsonObject(company) && (typeof company['id'] === 'string' || typeof company['id'] === 'number')) {
      body['company'] = { id: wireId(String(company['id']), record, 'company.id') };
    }
    const parsed = resource.inputSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '(body)';
      throw new ValidationError(`CRMOffice ${record}: ${field}: ${issue?.message ?? 'invalid'}`, {
        system: CRMOFFICE_SYSTEM,
        record,
        field,
      });
    }
    return body;
  };

  /** Whether a listing page is the last: short, or longer than asked (the API ignored the paging). */
  const isLastPage = (resource: ResourceDefinition, page: ListPage, offset: number, pageSize: number): boolean => {
    if (config.paging === 'none' || page.items.length > pageSize) return true;
    if (page.items.length === pageSize) return false;
    if (page.totalCount !== undefined && offset + page.items.length < page.totalCount) {
      // A short page before the end: the API caps its pages below our page size, and treating this as the end
      // would take every record after it for deleted.
      throw new ConnectorError(
        `CRMOffice GET /${resource.type} answered ${page.items.length} records at offset ${offset} of ${page.totalCount} ` +
          `while ${pageSize} were asked for: its pages are smaller; lower CRMOFFICE_PAGE_SIZE`,
        { system: CRMOFFICE_SYSTEM, record: resource.type, code: 'page_size' },
      );
    }
    return true;
  };

  /** Every readable record of the resource, a page at a time (records that fail the schema are left out). */
  async function* listAll(resource: ResourceDefinition): AsyncGenerator<RecordSnapshot[]> {
    for (let offset = 0; ;) {
      const page = await transport.listPage(resource.type, offset, config.pageSize);
      const observedAt = Date.now();
      const snapshots: RecordSnapshot[] = [];
      page.items.forEach((raw, index) => {
        const parsed = parseRecord(resource, raw, `${resource.type} listing item ${offset + index + 1}`);
        if (parsed.ok) snapshots.push(toSnapshot(resource, parsed.data, observedAt));
      });
      if (snapshots.length > 0) yield snapshots;
      if (isLastPage(resource, page, offset, config.pageSize)) return;
      offset += page.items.length;
    }
  }

  const matcher = (comparison: KeyComparison, field: string, wanted: string) => (snapshot: RecordSnapshot) =>
    normaliseKey(comparison, snapshot.data[field]) === wanted;

  const findMatching = async (
    resource: ResourceDefinition,
    matches: (snapshot: RecordSnapshot) => boolean,
  ): Promise<RecordSnapshot[]> => {
    const found: RecordSnapshot[] = [];
    for await (const page of listAll(resource)) found.push(...page.filter(matches));
    return found;
  };

  const get = async (type: string, id: string): Promise<RecordSnapshot | null> => {
    const resource = resolve(type);
    const record = `${resource.type}/${id}`;
    try {
      const { body } = await transport.request({ method: 'GET', path: itemPath(resource, id), record });
      return toSnapshot(resource, requireRecord(resource, body, record), Date.now());
    } catch (error: unknown) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };

  /**
   * What a create is found again by, when an earlier attempt may have made the record: CRMOffice keeps no
   * reference of ours that could be filtered on, so the record's own key serves (README.md). Contacts by
   * e-mail, else by both names and company; companies by org number, else by name.
   */
  const createReference = (
    resource: ResourceDefinition,
    body: Record<string, unknown>,
  ): ((snapshot: RecordSnapshot) => boolean) | undefined => {
    if (resource.type === 'contacts') {
      const email = normaliseKey('email', body['email']);
      if (email !== undefined) return matcher('email', 'email', email);
      const given = normaliseKey('trimmed', body['givenName']);
      const family = normaliseKey('trimmed', body['familyName']);
      if (given === undefined && family === undefined) return undefined;
      const company = isJsonObject(body['company']) ? idOf(body['company']['id']) : undefined;
      return (snapshot) =>
        normaliseKey('trimmed', snapshot.data['givenName']) === given &&
        normaliseKey('trimmed', snapshot.data['familyName']) === family &&
        parentIdOf(resource, snapshot.data) === company;
    }
    const orgNr = normaliseKey('digits', body['orgNr']);
    if (orgNr !== undefined) return matcher('digits', 'orgNr', orgNr);
    const name = normaliseKey('trimmed', body['name']);
    return name === undefined ? undefined : matcher('trimmed', 'name', name);
  };

  const remember = (key: string, type: string, id: string): void => {
    createdByKey.delete(key);
    createdByKey.set(key, { type, id });
    if (createdByKey.size > REMEMBERED_CREATES) {
      const oldest = createdByKey.keys().next();
      if (oldest.done !== true) createdByKey.delete(oldest.value);
    }
  };

  async function* readChanges(
    type: string,
    cursor: ChangeCursor,
    options?: { pageSize?: number },
  ): AsyncGenerator<ChangePage> {
    const resource = resolve(type);
    const pageSize =
      config.paging === 'none'
        ? Number.MAX_SAFE_INTEGER
        : Math.min(options?.pageSize ?? config.pageSize, CRMOFFICE_MAX_PAGE_SIZE);
    const table =
      cursor.opaque === undefined
        ? new ChangeTable(resource.cursorTag, resource.type)
        : ChangeTable.decode(cursor.opaque, resource.cursorTag, resource.type);
    // A pass under way goes on where the stored cursor left it, unless the page size no longer divides its place.
    const resumed = table.passOffset > 0 && (config.paging !== 'pageNumber' || table.passOffset % pageSize === 0);
    if (!resumed) table.startPass();
    let offset = table.passOffset;
    let since = cursor.since;
    // Whether this read has anything the stored cursor lacks: handed-on records, progress, a changed table.
    let unsaved = resumed;
    let lastYieldAt = Date.now();
    for (;;) {
      const page = await transport.listPage(resource.type, offset, pageSize);
      const observedAt = table.observationTime();
      const records: RecordSnapshot[] = [];
      const unreadable: UnreadableRecord[] = [];
      page.items.forEach((raw, index) => {
        const position = `${resource.type} listing item ${offset + index + 1}`;
        const hash = contentHash(raw);
        const rawId = idOf(isJsonObject(raw) ? raw['id'] : undefined);
        // A record without a readable id is kept under its content hash: reported once, never "deleted".
        const key = rawId ?? `${UNREADABLE_KEY_PREFIX}${hash.toString(16)}`;
        if (table.observe(key, hash) === 'same') return;
        unsaved = true;
        const parsed = parseRecord(resource, raw, position);
        if (parsed.ok) {
          records.push(toSnapshot(resource, parsed.data, observedAt));
          return;
        }
        const parentId = isJsonObject(raw) && resource.parented ? parentIdOf(resource, raw) : undefined;
        unreadable.push({
          ...(rawId !== undefined ? { id: rawId } : {}),
          ...(parentId !== undefined ? { parentId } : {}),
          position,
          reason: parsed.reason,
          ...(parsed.field !== undefined ? { field: parsed.field } : {}),
        });
      });
      const last = isLastPage(resource, page, offset, pageSize);
      if (!last) {
        offset += page.items.length;
        table.passOffset = offset;
      } else {
        for (const id of table.unseen()) {
          unsaved = true;
          if (id.startsWith(UNREADABLE_KEY_PREFIX)) {
            table.remove(id);
            continue;
          }
          // Offset paging skips a record when one before it is deleted mid-pass: only a 404 proves a deletion.
          const existing = await get(resource.type, id);
          if (existing === null) {
            table.remove(id);
            records.push(deletedSnapshot(resource, id, observedAt));
          } else {
            table.markSeen(id);
          }
        }
        table.startPass();
        if (since === null) unsaved = true;
        since = observedAt;
      }
      const quietTooLong = Date.now() - lastYieldAt >= config.maxQuietReadMs;
      const handOn = records.length > 0 || unreadable.length > 0 || (last && unsaved) || (!last && quietTooLong);
      if (handOn) {
        yield { records, unreadable, cursor: { since, seen: [], opaque: table.encode() }, more: !last };
        // A cursor handed on mid-pass is not the pass's end: the end must still be handed on.
        unsaved = !last;
        lastYieldAt = Date.now();
      }
      if (last) return;
    }
  }

  const connector: CrmOfficeConnector = {
    system: CRMOFFICE_SYSTEM,
    tokenFile: store.file,

    waitingRequests: () => transport.limiter.waitingCount(),
    budgetWaitMs: (requests) => transport.limiter.expectedWaitMs(requests),

    capabilities: () => capabilitiesOf(CRMOFFICE_TYPES, RESOURCES),

    readChanges,

    get: (type, id) => get(type, id),

    async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
      const resource = resolve(type);
      const record = `${resource.type}/(new)`;
      if (options.parentId !== undefined && !resource.parented) {
        throw new ValidationError(`CRMOffice ${record}: ${resource.type} have no parent`, {
          system: CRMOFFICE_SYSTEM,
          record,
          field: 'parentId',
        });
      }
      // The parent given by the caller is the contact's company.
      const withParent = options.parentId !== undefined ? { ...data, company: { id: options.parentId } } : data;
      const body = checkBody(resource, withParent, record);

      // `options.preferredId` has nowhere to go: no field is known that CRMOffice keeps for a client's reference.
      const rememberedKey = `${resource.type}\u0000${options.idempotencyKey}`;
      const remembered = createdByKey.get(rememberedKey);
      if (remembered !== undefined) {
        const earlier = await get(remembered.type, remembered.id);
        if (earlier !== null) return earlier;
      }
      if (options.mayExist !== false) {
        const reference = createReference(resource, body);
        if (reference !== undefined) {
          const existing = await findMatching(resource, reference);
          const [only] = existing;
          if (existing.length === 1 && only) {
            remember(rememberedKey, resource.type, only.id);
            return only;
          }
          if (existing.length > 1) {
            throw new ConflictError(
              `CRMOffice ${record}: ${existing.length} ${resource.type} already have this record's key, so an earlier attempt cannot be told apart`,
              { system: CRMOFFICE_SYSTEM, record },
            );
          }
        }
      }
      const { status, body: answer } = await transport.request({ method: 'POST', path: resource.type, body, record });
      if (status !== 201 && status !== 200) {
        throw new ConnectorError(`CRMOffice POST /${resource.type} (${record}) answered ${status}, expected 201`, {
          system: CRMOFFICE_SYSTEM,
          status,
          record,
        });
      }
      const created = toSnapshot(resource, requireRecord(resource, answer, record), Date.now());
      remember(rememberedKey, resource.type, created.id);
      return created;
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
      const patch = checkBody(resource, changedPart(changes, options?.previous), record);
      if (Object.keys(patch).length === 0) {
        // Nothing changed: no write. The caller's previous values are the record as it stands.
        const previous = options?.previous;
        if (previous !== undefined && idOf(previous['id']) === id) return toSnapshot(resource, previous, Date.now());
        const current = await get(type, id);
        if (current === null) {
          throw new NotFoundError(`CRMOffice ${record} does not exist`, {
            system: CRMOFFICE_SYSTEM,
            status: 404,
            record,
          });
        }
        return current;
      }
      if (updateMethod === 'patch') {
        try {
          const { body } = await transport.request({
            method: 'PATCH',
            path,
            body: patch,
            contentType: 'application/merge-patch+json',
            record,
          });
          return toSnapshot(resource, requireRecord(resource, body, record), Date.now());
        } catch (error: unknown) {
          if (!(error instanceof ConnectorError) || error.status !== 405) throw error;
          updateMethod = 'put';
        }
      }
      // PUT replaces the whole record: read it, merge the changes in, send it all. An edit made in CRMOffice
      // between the read and the write is lost; PATCH has no such window.
      const { body: current } = await transport.request({ method: 'GET', path, record });
      const { id: _id, ...fields } = requireRecord(resource, current, record);
      const merged = mergePatch(fields, patch);
      const { body } = await transport.request({ method: 'PUT', path, body: merged, record });
      return toSnapshot(resource, requireRecord(resource, body, record), Date.now());
    },

    async findByKey(type: string, key: MergeKey): Promise<RecordSnapshot[]> {
      const resource = resolve(type);
      const entry = Object.entries(resource.keys).find(([field]) => field.toLowerCase() === key.field.toLowerCase());
      if (!entry) {
        throw new UnsupportedError(
          `CRMOffice ${resource.type} cannot be looked up by ${key.field} (known: ${Object.keys(resource.keys).join(', ')})`,
          { system: CRMOFFICE_SYSTEM, record: resource.type, field: key.field },
        );
      }
      const [field, comparison] = entry;
      const wanted = normaliseKey(comparison, key.value);
      if (wanted === undefined) return [];
      // No server-side filter is known: the whole list is read and compared here.
      return findMatching(resource, matcher(comparison, field, wanted));
    },

    stats: () => ({
      requests: transport.stats.requests,
      rateLimited: transport.stats.rateLimited,
      tokenRequests: auth.stats.tokenRequests,
    }),
  };
  return connector;
}
