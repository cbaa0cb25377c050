/**
 * The sandbox's records, read and written directly on the store. The HTTP routes call these, and so can the
 * seeder and tests (to insert or edit records without HTTP, or at a chosen time). Every write validates like the
 * API, keeps ids, ledger numbers, timestamps, unique fields and reference counts right, and runs in one
 * transaction.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { SalesOrderLinePostDto } from '../../generated/poweroffice-go';
import type { JsonCondition, SandboxStore } from '../common/store';
import { bindInput, buildRecord, buildSalesOrderLine, withTotals, type BuildContext } from './build';
import { formatTimestamp, microsToStoreTime, nextChangeMicros, parseTimestamp } from './clock';
import { applyJsonPatch, JsonPatchError } from './json-patch';
import { badRequest, ErrorCollector, inUse, notFound, validationProblem } from './problems';
import {
  NUMBER_START,
  RESOURCES,
  referencesOf,
  salesOrderHeaderPatchSchema,
  type Dto,
  type PowerOfficeResource,
} from './resources';
import { canonicalizeInput, isPlainObject, projectOnto } from './schema-walk';

export interface WriteOptions {
  /** When the change happens, epoch milliseconds (default: now). Seeders and tests use it to set history. */
  at?: number;
  /** The owning customer or supplier of a contact person. */
  contactId?: number | string;
  /** Set by the HTTP routes: marks sales orders as created by the calling integration. */
  viaApi?: boolean;
}

const changeTime = (options: WriteOptions): number =>
  options.at !== undefined ? Math.round(options.at * 1000) : nextChangeMicros();

/** Id/code pairs where the id wins on POST; on PATCH whichever of the two changed wins. */
const ID_CODE_PAIRS: [string, string][] = [
  ['DepartmentId', 'DepartmentCode'],
  ['SalesPersonEmployeeId', 'SalesPersonEmployeeNumber'],
  ['CustomerId', 'CustomerNo'],
  ['ManagerEmployeeId', 'ManagerEmployeeNo'],
  ['ProductId', 'ProductCode'],
  ['ProductGroupId', 'ProductGroupCode'],
];

// ---- unique fields and reference counts, kept as keys in the store's kv table ----

const uniqueKey = (resource: PowerOfficeResource, field: string, value: unknown): string =>
  `unique/${resource}/${field}/${String(value).trim().toLowerCase()}`;
const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function checkUnique(store: SandboxStore, resource: PowerOfficeResource, dto: Dto): void {
  const errors = new ErrorCollector();
  for (const field of RESOURCES[resource].uniqueFields) {
    const value = dto[field];
    if (!present(value)) continue;
    const holder = store.getValue<string>(uniqueKey(resource, field, value));
    if (holder !== undefined && holder !== String(dto.Id)) {
      errors.add(
        field,
        `${field} is already in use. '${String(value)}' is used on (${RESOURCES[resource].entity.toLowerCase()}) Id = ${holder}.`,
      );
    }
  }
  errors.throwIfAny(RESOURCES[resource].entity);
}

function indexUnique(
  store: SandboxStore,
  resource: PowerOfficeResource,
  dto: Dto | undefined,
  previous: Dto | undefined,
): void {
  for (const field of RESOURCES[resource].uniqueFields) {
    if (previous && present(previous[field])) store.setValue(uniqueKey(resource, field, previous[field]), null, 0);
    if (dto && present(dto[field])) store.setValue(uniqueKey(resource, field, dto[field]), String(dto.Id));
  }
}

const refKey = (resource: PowerOfficeResource, id: string): string => `refs/${resource}/${id}`;
export const referenceCount = (store: SandboxStore, resource: PowerOfficeResource, id: string): number =>
  store.getValue<number>(refKey(resource, id)) ?? 0;

function adjustReferences(
  store: SandboxStore,
  resource: PowerOfficeResource,
  previous: Dto | undefined,
  next: Dto | undefined,
): void {
  for (const reference of previous ? referencesOf(resource, previous) : []) {
    store.setValue(
      refKey(reference.resource, reference.id),
      referenceCount(store, reference.resource, reference.id) - 1,
    );
  }
  for (const reference of next ? referencesOf(resource, next) : []) {
    store.setValue(
      refKey(reference.resource, reference.id),
      referenceCount(store, reference.resource, reference.id) + 1,
    );
  }
}

/** Go hands out the next free ledger number when a contact is created without one. */
function assignNumber(store: SandboxStore, resource: PowerOfficeResource, dto: Dto): void {
  const start = NUMBER_START[resource];
  if (start === undefined || present(dto.Number)) return;
  let number = store.nextId(`number/${resource}`, start);
  while (store.getValue<string>(uniqueKey(resource, 'Number', number)) !== undefined)
    number = store.nextId(`number/${resource}`, start);
  dto.Number = number;
}

// ---- reading ----

const storedTime = (dto: Dto): number => {
  const micros =
    typeof dto.LastChangedDateTimeOffset === 'string' ? parseTimestamp(dto.LastChangedDateTimeOffset) : null;
  return microsToStoreTime(micros ?? 0);
};

/** The record as the API shows it: national id numbers are never read back. */
export function presentRecord(dto: Dto): Dto {
  return present(dto.NationalIdNumber) ? { ...dto, NationalIdNumber: 'hidden' } : dto;
}

export function getRecord(store: SandboxStore, resource: PowerOfficeResource, id: string | number): Dto | undefined {
  return store.get<Dto>(resource, String(id));
}

export function requireRecord(
  store: SandboxStore,
  resource: PowerOfficeResource,
  id: string | number,
  contactId?: string | number,
): Dto {
  const record = getRecord(store, resource, id);
  if (!record || (contactId !== undefined && String(record.ContactId) !== String(contactId)))
    throw notFound(RESOURCES[resource].entity, id);
  return record;
}

export interface ListQuery {
  /** Exclusive change filter, epoch microseconds. */
  changedAfterMicros?: number;
  where?: JsonCondition[];
  /** 1-based. */
  pageNumber?: number;
  pageSize?: number;
}

/**
 * One page of records. With a change filter they come oldest change first (ties by creation order), so that a
 * poller can page forward through changes; without one, in creation order (ascending Id for int64 ids).
 */
export function listRecords(store: SandboxStore, resource: PowerOfficeResource, query: ListQuery = {}): Dto[] {
  const pageSize = query.pageSize ?? 5000;
  const pageNumber = query.pageNumber ?? 1;
  return store
    .list<Dto>(resource, {
      ...(query.changedAfterMicros !== undefined
        ? { changedAfter: microsToStoreTime(query.changedAfterMicros), orderBy: 'changedAt' as const }
        : {}),
      where: query.where ?? [],
      limit: pageSize,
      offset: (pageNumber - 1) * pageSize,
    })
    .map(presentRecord);
}

// ---- writing ----

function save(store: SandboxStore, resource: PowerOfficeResource, dto: Dto, previous: Dto | undefined): void {
  checkUnique(store, resource, dto);
  indexUnique(store, resource, dto, previous);
  adjustReferences(store, resource, previous, dto);
  store.put(resource, String(dto.Id), dto, storedTime(dto));
}

function ownerOf(store: SandboxStore, contactId: number | string | undefined): number {
  const owner =
    contactId === undefined
      ? undefined
      : (getRecord(store, 'Customers', contactId) ?? getRecord(store, 'Suppliers', contactId));
  if (!owner || typeof owner.Id !== 'number') throw notFound('Contact', contactId ?? '(none)');
  return owner.Id;
}

/** Creates a record from a …PostDto (any key casing); returns it as the API would. */
export function createRecord(
  store: SandboxStore,
  resource: PowerOfficeResource,
  input: unknown,
  options: WriteOptions = {},
): Dto {
  return store.transaction(() => {
    const now = changeTime(options);
    const context: BuildContext = { store, now, viaApi: options.viaApi ?? false };
    if (resource === 'ContactPersons') context.contactId = ownerOf(store, options.contactId);
    const dto = buildRecord(resource, input, context);
    assignNumber(store, resource, dto);
    dto.LastChangedDateTimeOffset = formatTimestamp(now);
    save(store, resource, dto, undefined);
    return presentRecord(dto);
  });
}

/** The schema PATCH paths and updates are resolved against. */
const patchSchemaOf = (resource: PowerOfficeResource): z.ZodType =>
  resource === 'SalesOrders' ? salesOrderHeaderPatchSchema : RESOURCES[resource].post;

/** When only a code of an id/code pair changed, the code must win over the unchanged id. */
function letChangedCodesWin(before: Dto, after: Dto): void {
  for (const [idField, codeField] of ID_CODE_PAIRS) {
    if (!(codeField in after)) continue;
    if (!isDeepStrictEqual(before[codeField], after[codeField]) && isDeepStrictEqual(before[idField], after[idField]))
      after[idField] = null;
  }
}

const withoutTimestamps = (dto: Dto): Dto => {
  const copy: Dto = { ...dto };
  delete copy.LastChangedDateTimeOffset;
  if (isPlainObject(copy.MailAddress)) copy.MailAddress = { ...copy.MailAddress, LastChangedDateTimeOffset: null };
  return copy;
};

function writeUpdate(
  store: SandboxStore,
  resource: PowerOfficeResource,
  existing: Dto,
  input: Dto,
  options: WriteOptions,
): Dto {
  const now = changeTime(options);
  const dto = buildRecord(resource, input, { store, now, existing }, patchSchemaOf(resource));
  assignNumber(store, resource, dto);
  const before = withoutTimestamps(existing);
  const after = withoutTimestamps(dto);
  const { MailAddress: addressBefore, ...restBefore } = before;
  const { MailAddress: addressAfter, ...restAfter } = after;
  // A contact's own timestamp moves only when the contact changed, not its address (a sub-entity): the
  // reference documents this for PowerOffice GO. An unchanged record keeps its timestamp.
  const recordChanged = !isDeepStrictEqual(restBefore, restAfter);
  dto.LastChangedDateTimeOffset = recordChanged ? formatTimestamp(now) : existing.LastChangedDateTimeOffset;
  if (!recordChanged && isDeepStrictEqual(addressBefore, addressAfter)) return presentRecord(existing);
  save(store, resource, dto, existing);
  return presentRecord(dto);
}

/** Applies an RFC 6902 JSON Patch (paths in any casing) and validates the result as a POST would be. */
export function patchRecord(
  store: SandboxStore,
  resource: PowerOfficeResource,
  id: string | number,
  patch: unknown,
  options: WriteOptions = {},
): Dto {
  return store.transaction(() => {
    const existing = requireRecord(store, resource, id, resource === 'ContactPersons' ? options.contactId : undefined);
    const schema = patchSchemaOf(resource);
    const before = projectOnto(existing, schema);
    let after: unknown;
    try {
      after = applyJsonPatch(before, patch, schema);
    } catch (error) {
      if (error instanceof JsonPatchError) throw badRequest(`${RESOURCES[resource].entity} patch error`, error.message);
      throw error;
    }
    if (!isPlainObject(before) || !isPlainObject(after))
      throw badRequest(`${RESOURCES[resource].entity} patch error`, 'The patched document is not an object.');
    letChangedCodesWin(before, after);
    return writeUpdate(store, resource, existing, after, options);
  });
}

function mergeChanges(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes;
  const merged: Dto = { ...base };
  for (const [key, value] of Object.entries(changes)) merged[key] = mergeChanges(base[key], value);
  return merged;
}

/** Writes `changes` (field → value, nested objects merged) onto a record, as a PATCH of those fields would. */
export function updateRecord(
  store: SandboxStore,
  resource: PowerOfficeResource,
  id: string | number,
  changes: Record<string, unknown>,
  options: WriteOptions = {},
): Dto {
  return store.transaction(() => {
    const existing = requireRecord(store, resource, id);
    const schema = patchSchemaOf(resource);
    const before = projectOnto(existing, schema);
    const after = mergeChanges(before, canonicalizeInput(changes, schema));
    if (!isPlainObject(before) || !isPlainObject(after))
      throw badRequest(`${RESOURCES[resource].entity} update error`, 'The changes must be an object.');
    letChangedCodesWin(before, after);
    return writeUpdate(store, resource, existing, after, options);
  });
}

/** Deletes a record; 409 while other records use it. Deleting a customer or supplier removes its contact persons. */
export function deleteRecord(
  store: SandboxStore,
  resource: PowerOfficeResource,
  id: string | number,
  options: WriteOptions = {},
): void {
  store.transaction(() => {
    const existing = requireRecord(store, resource, id, resource === 'ContactPersons' ? options.contactId : undefined);
    const uses = referenceCount(store, resource, String(id));
    if (uses > 0) throw inUse(RESOURCES[resource].entity, id, `used by ${uses} other record(s), e.g. sales orders`);
    if (resource === 'Customers' || resource === 'Suppliers') {
      const persons = store.list<Dto>('ContactPersons', {
        where: [{ path: '$.ContactId', anyOf: [{ equals: Number(id) }] }],
      });
      for (const person of persons) deleteRecord(store, 'ContactPersons', String(person.Id));
    }
    indexUnique(store, resource, undefined, existing);
    adjustReferences(store, resource, existing, undefined);
    store.delete(resource, String(id));
  });
}

// ---- sales order lines (stored inside their order; a line change does not move the header's timestamp) ----

const linesOf = (order: Dto): Dto[] =>
  Array.isArray(order.SalesOrderLines) ? order.SalesOrderLines.filter(isPlainObject) : [];

export function getSalesOrderLines(store: SandboxStore, orderId: string): Dto[] {
  return linesOf(requireRecord(store, 'SalesOrders', orderId));
}

export function getSalesOrderLine(store: SandboxStore, orderId: string, lineId: string): Dto {
  const line = getSalesOrderLines(store, orderId).find(
    (candidate) => String(candidate.Id).toLowerCase() === lineId.toLowerCase(),
  );
  if (!line) throw notFound('SalesOrderLine', lineId);
  return line;
}

function writeLines(store: SandboxStore, order: Dto, lines: Dto[]): void {
  const next = withTotals({ ...order, SalesOrderLines: lines });
  adjustReferences(store, 'SalesOrders', order, next);
  store.put('SalesOrders', String(order.Id), next, storedTime(order));
}

function buildLine(store: SandboxStore, order: Dto, raw: unknown, index: number, existing?: Dto): Dto {
  const errors = new ErrorCollector();
  const input = bindInput(SalesOrderLinePostDto, raw, errors);
  errors.throwIfAny('SalesOrderLine');
  const customer = typeof order.CustomerId === 'number' ? getRecord(store, 'Customers', order.CustomerId) : undefined;
  const context: BuildContext = { store, now: nextChangeMicros() };
  const line = buildSalesOrderLine(
    isPlainObject(input) ? input : {},
    context,
    errors,
    '',
    String(order.Id),
    index,
    customer?.IsVatFree === true,
    existing,
  );
  if (!errors.empty) throw validationProblem('SalesOrderLine', errors.errors);
  return line;
}

export function addSalesOrderLine(store: SandboxStore, orderId: string, input: unknown): Dto {
  return store.transaction(() => {
    const order = requireRecord(store, 'SalesOrders', orderId);
    const lines = linesOf(order);
    const line = buildLine(store, order, input, lines.length);
    writeLines(store, order, [...lines, line]);
    return line;
  });
}

function replaceLine(store: SandboxStore, orderId: string, lineId: string, change: (post: Dto) => unknown): Dto {
  return store.transaction(() => {
    const order = requireRecord(store, 'SalesOrders', orderId);
    const lines = linesOf(order);
    const index = lines.findIndex((candidate) => String(candidate.Id).toLowerCase() === lineId.toLowerCase());
    const existing = lines[index];
    if (!existing) throw notFound('SalesOrderLine', lineId);
    const before = projectOnto(existing, SalesOrderLinePostDto);
    const after = change(isPlainObject(before) ? before : {});
    if (isPlainObject(before) && isPlainObject(after)) letChangedCodesWin(before, after);
    const line = buildLine(store, order, after, index, existing);
    writeLines(
      store,
      order,
      lines.map((candidate, position) => (position === index ? line : candidate)),
    );
    return line;
  });
}

export function patchSalesOrderLine(store: SandboxStore, orderId: string, lineId: string, patch: unknown): Dto {
  return replaceLine(store, orderId, lineId, (post) => {
    try {
      return applyJsonPatch(post, patch, SalesOrderLinePostDto);
    } catch (error) {
      if (error instanceof JsonPatchError) throw badRequest('SalesOrderLine patch error', error.message);
      throw error;
    }
  });
}

export function updateSalesOrderLine(
  store: SandboxStore,
  orderId: string,
  lineId: string,
  changes: Record<string, unknown>,
): Dto {
  return replaceLine(store, orderId, lineId, (post) =>
    mergeChanges(post, canonicalizeInput(changes, SalesOrderLinePostDto)),
  );
}

export function deleteSalesOrderLine(store: SandboxStore, orderId: string, lineId: string): void {
  store.transaction(() => {
    const order = requireRecord(store, 'SalesOrders', orderId);
    const lines = linesOf(order);
    if (!lines.some((line) => String(line.Id).toLowerCase() === lineId.toLowerCase()))
      throw notFound('SalesOrderLine', lineId);
    writeLines(
      store,
      order,
      lines.filter((line) => String(line.Id).toLowerCase() !== lineId.toLowerCase()),
    );
  });
}
