/**
 * The sandbox's customers, their business relations (`Info`) and departments, read and written directly on the
 * store. The routes call these, and so can the seeder and tests (to insert or edit records without HTTP, or at a
 * chosen time). Every write validates like the API and runs in one transaction.
 *
 * Behaviour taken from the vendor's guides and Swagger document: server-assigned integer ids; the customer's
 * name lives on its BusinessRelation (`Info.Name`), kept as an entity of its own with its own id; a create needs
 * `OrgNumber` or `Info.Name`; POST answers the created entity; PUT takes a partial body (fields left out stay as
 * they are, a child object with its real `ID` is updated, a new child needs `_createguid`); StatusCode 30001
 * Active, 50001 InActive, 90001 Deleted. Guesses, each on the strict side:
 * - `UpdatedAt` is null until the first edit (what the change-polling practice implies), and editing only the
 *   `Info` of a customer moves `Info.UpdatedAt`, not the customer's `UpdatedAt` (the guides leave this open);
 * - a PUT that changes nothing moves no timestamp; read-only fields in a body (`CreatedAt`, `StatusCode`, …) are
 *   ignored, and so are fields the entity does not have;
 * - DELETE is a soft delete: StatusCode 90001 and `Deleted: true`, `UpdatedAt` moves, and the record still shows
 *   in lists and by id (so a change poll sees it);
 * - a repeated `_createguid` on a create is refused with a 400 naming `_createguid` (the guides say a repeated
 *   guid errors, for children in a PUT);
 * - `CustomerNumber` is handed out from 100000 when a create leaves it out; `DepartmentNumber` from 1; a
 *   department needs a `Name`, and its `DepartmentNumber` is unique among departments not deleted.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import {
  BusinessRelation,
  Customer,
  CustomerWrite,
  Department,
  DepartmentWrite,
  UniStatusCode,
} from '../../generated/unieconomy';
import type { SandboxStore } from '../common/store';
import { badRequest, notFound, ValidationCollector } from './api-error';
import { formatTimestamp, nextChangeTime, parseTimestamp } from './clock';
import type { FieldCatalogue, FieldKind } from './query';

export type Json = Record<string, unknown>;
export type EntityName = 'Customer' | 'Department';

export interface WriteOptions {
  /** When the change happens, epoch milliseconds (default: now). Seeders and tests use it to set history. */
  at?: number;
  /** Who writes: `CreatedBy` / `UpdatedBy` (the API records the user or client). */
  actor?: string;
}

const BUSINESS_RELATION = 'BusinessRelation';
const CUSTOMER_NUMBER_START = 100_000;
/** Set by the API, never by a client. */
const READ_ONLY = new Set([
  'ID',
  'StatusCode',
  'Deleted',
  'CreatedAt',
  'CreatedBy',
  'UpdatedAt',
  'UpdatedBy',
  '_createguid',
]);

// ---- field catalogues for filter, select and orderby ----

function kindOf(schema: z.ZodType): FieldKind {
  let current: z.ZodType = schema;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType };
    if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
      continue;
    }
    if (def.type === 'string') return 'string';
    if (def.type === 'number') return 'number';
    if (def.type === 'boolean') return 'boolean';
    return 'object';
  }
}

function catalogue(shape: Record<string, z.ZodType>, prefix = ''): FieldCatalogue {
  const fields: FieldCatalogue = new Map();
  for (const [name, schema] of Object.entries(shape)) {
    const path = `${prefix}${name}`;
    const kind: FieldKind = name === 'CreatedAt' || name === 'UpdatedAt' ? 'date' : kindOf(schema);
    fields.set(path.toLowerCase(), { path, kind });
  }
  return fields;
}

export const CATALOGUES: Record<EntityName, FieldCatalogue> = {
  Customer: new Map([...catalogue(Customer.shape), ...catalogue(BusinessRelation.shape, 'Info.')]),
  Department: catalogue(Department.shape),
};

// ---- helpers ----

const now = (options: WriteOptions): number => (options.at !== undefined ? Math.floor(options.at) : nextChangeTime());

const changeTimeOf = (...records: (Json | undefined)[]): number =>
  Math.max(
    0,
    ...records.flatMap((record) =>
      [record?.['CreatedAt'], record?.['UpdatedAt']].map((value) =>
        typeof value === 'string' ? (parseTimestamp(value) ?? 0) : 0,
      ),
    ),
  );

function bookkeeping(at: number, actor: string | undefined): Json {
  return {
    StatusCode: UniStatusCode.Active,
    Deleted: false,
    CreatedAt: formatTimestamp(at),
    CreatedBy: actor ?? null,
    UpdatedAt: null,
    UpdatedBy: null,
    CustomValues: {},
  };
}

const present = (value: unknown): boolean => value !== undefined && value !== null && String(value).trim() !== '';

function parseWrite<T extends Json>(schema: z.ZodType<T>, input: unknown, entity: string): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest(`The request body must be a ${entity} object.`);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = new ValidationCollector();
  for (const issue of parsed.error.issues) {
    const property = issue.path.join('.') || entity;
    errors.add(property, `${property}: ${issue.message}`);
  }
  throw errors.toError(entity);
}

/** The writable fields of a body the entity has (others, and read-only ones, are ignored). */
function writableFields(body: Json, shape: Record<string, unknown>, skip: string[] = []): Json {
  return Object.fromEntries(
    Object.entries(body).filter(([name]) => name in shape && !READ_ONLY.has(name) && !skip.includes(name)),
  );
}

function claimCreateGuid(store: SandboxStore, entity: string, guid: unknown, id: number): void {
  if (typeof guid !== 'string' || guid === '') return;
  const key = `createguid/${entity}/${guid.toLowerCase()}`;
  if (store.getValue<number>(key) !== undefined) {
    const errors = new ValidationCollector();
    errors.add('_createguid', `An entity with _createguid '${guid}' has already been created.`);
    errors.throwIfAny(entity);
  }
  store.setValue(key, id);
}

function put(store: SandboxStore, collection: string, record: Json): void {
  store.put(collection, String(record['ID']), record, changeTimeOf(record));
}

// ---- customers ----

function stored(store: SandboxStore, collection: string, id: number | string): Json | undefined {
  return /^\d+$/.test(String(id)) ? store.get<Json>(collection, String(Number(id))) : undefined;
}

/** The customer with its `Info` attached (as `expand=Info` shows it). */
function withInfo(store: SandboxStore, customer: Json): Json {
  const info = stored(store, BUSINESS_RELATION, String(customer['BusinessRelationID']));
  return { ...customer, Info: info ?? null };
}

export function getCustomer(store: SandboxStore, id: number | string): Json | undefined {
  const customer = stored(store, 'Customer', id);
  return customer ? withInfo(store, customer) : undefined;
}

export function requireCustomer(store: SandboxStore, id: number | string): Json {
  const customer = getCustomer(store, id);
  if (!customer) throw notFound('Customer', id);
  return customer;
}

/** Every customer, `Info` attached, in id order. */
export function listCustomers(store: SandboxStore): Json[] {
  // Relations read in one query, not one per customer: every list and poll goes through here.
  const relations = new Map(store.list<Json>(BUSINESS_RELATION).map((relation) => [relation['ID'], relation]));
  return store
    .list<Json>('Customer')
    .map((customer) => ({ ...customer, Info: relations.get(customer['BusinessRelationID']) ?? null }));
}

function checkCustomer(customer: Json, info: Json): void {
  const errors = new ValidationCollector();
  if (!present(customer['OrgNumber']) && !present(info['Name'])) {
    errors.add('Info.Name', 'A customer needs a name (Info.Name) or an organisation number (OrgNumber).');
    errors.add('OrgNumber', 'A customer needs a name (Info.Name) or an organisation number (OrgNumber).');
  }
  errors.throwIfAny('Customer');
}

export function createCustomer(store: SandboxStore, input: unknown, options: WriteOptions = {}): Json {
  const body = parseWrite(CustomerWrite, input, 'Customer');
  if (body.ID !== undefined && body.ID !== 0) throw badRequest('ID must be 0 or left out when creating a Customer.');
  return store.transaction(() => {
    const at = now(options);
    const infoBody = body.Info ?? {};
    const info: Json = {
      ID: store.nextId('id/BusinessRelation'),
      ...writableFields(infoBody, BusinessRelation.shape),
      ...bookkeeping(at, options.actor),
      StatusCode: null,
    };
    const customer: Json = {
      ID: store.nextId('id/Customer'),
      ...writableFields(body, Customer.shape, ['Info', 'BusinessRelationID']),
      BusinessRelationID: info['ID'],
      ...bookkeeping(at, options.actor),
    };
    checkCustomer(customer, info);
    claimCreateGuid(store, 'Customer', body._createguid, Number(customer['ID']));
    if (!present(customer['CustomerNumber']))
      customer['CustomerNumber'] = store.nextId('number/Customer', CUSTOMER_NUMBER_START);
    put(store, BUSINESS_RELATION, info);
    put(store, 'Customer', customer);
    return { ...customer, Info: info };
  });
}

/** Applies `changes` to `record`; true when a value changed. */
function apply(record: Json, changes: Json): boolean {
  let changed = false;
  for (const [name, value] of Object.entries(changes)) {
    if (isDeepStrictEqual(record[name] ?? null, value ?? null)) continue;
    record[name] = value;
    changed = true;
  }
  return changed;
}

function touch(record: Json, at: number, actor: string | undefined): void {
  record['UpdatedAt'] = formatTimestamp(at);
  record['UpdatedBy'] = actor ?? null;
}

function checkBodyId(body: { ID?: number | undefined }, id: number | string, entity: string): void {
  if (body.ID !== undefined && body.ID !== Number(id))
    throw badRequest(`The ID in the body (${body.ID}) is not the ID in the URL (${id}) of the ${entity}.`);
}

export function updateCustomer(
  store: SandboxStore,
  id: number | string,
  input: unknown,
  options: WriteOptions = {},
): Json {
  const body = parseWrite(CustomerWrite, input, 'Customer');
  checkBodyId(body, id, 'Customer');
  return store.transaction(() => {
    const existing = requireCustomer(store, id);
    const at = now(options);
    const { Info: existingInfo, ...customer } = existing;
    let info: Json = { ...((existingInfo as Json | null) ?? {}) };
    let infoChanged = false;
    let relationReplaced = false;
    if (body.Info !== undefined) {
      const infoBody = body.Info;
      const infoId = infoBody.ID ?? 0;
      if (infoBody.Deleted === true) throw badRequest("A customer's Info cannot be deleted; delete the customer.");
      if (infoId === 0) {
        // A new child in a PUT needs _createguid (troubleshooting guide); it then replaces the old relation.
        if (!present(infoBody._createguid)) {
          const errors = new ValidationCollector();
          errors.add('Info', 'Creating new entities in a PUT is not allowed unless _createguid property is specified.');
          errors.throwIfAny('Customer');
        }
        info = {
          ID: store.nextId('id/BusinessRelation'),
          ...writableFields(infoBody, BusinessRelation.shape),
          ...bookkeeping(at, options.actor),
          StatusCode: null,
        };
        claimCreateGuid(store, BUSINESS_RELATION, infoBody._createguid, Number(info['ID']));
        customer['BusinessRelationID'] = info['ID'];
        infoChanged = true;
        relationReplaced = true;
      } else if (infoId !== Number(customer['BusinessRelationID'])) {
        throw badRequest(`Info.ID ${infoId} is not the BusinessRelation of Customer ${id}.`);
      } else if (apply(info, writableFields(infoBody, BusinessRelation.shape))) {
        touch(info, at, options.actor);
        infoChanged = true;
      }
    }
    const fieldsChanged = apply(customer, writableFields(body, Customer.shape, ['Info', 'BusinessRelationID']));
    checkCustomer(customer, info);
    if (infoChanged) put(store, BUSINESS_RELATION, info);
    if (fieldsChanged || relationReplaced) {
      touch(customer, at, options.actor);
      put(store, 'Customer', customer);
    }
    return { ...customer, Info: info };
  });
}

export function deleteCustomer(store: SandboxStore, id: number | string, options: WriteOptions = {}): void {
  store.transaction(() => {
    const existing = stored(store, 'Customer', id);
    if (!existing || existing['Deleted'] === true) throw notFound('Customer', id);
    softDelete(store, 'Customer', existing, options);
  });
}

function softDelete(store: SandboxStore, collection: string, record: Json, options: WriteOptions): void {
  record['StatusCode'] = UniStatusCode.Deleted;
  record['Deleted'] = true;
  touch(record, now(options), options.actor);
  put(store, collection, record);
}

// ---- departments ----

export function getDepartment(store: SandboxStore, id: number | string): Json | undefined {
  return stored(store, 'Department', id);
}

export function requireDepartment(store: SandboxStore, id: number | string): Json {
  const department = getDepartment(store, id);
  if (!department) throw notFound('Department', id);
  return department;
}

export function listDepartments(store: SandboxStore): Json[] {
  return store.list<Json>('Department');
}

const numberKey = (number: unknown): string =>
  `unique/Department/DepartmentNumber/${String(number).trim().toLowerCase()}`;

function checkDepartment(store: SandboxStore, department: Json, previous: Json | undefined): void {
  const errors = new ValidationCollector();
  if (!present(department['Name'])) errors.add('Name', 'Name is required.');
  const number = department['DepartmentNumber'];
  if (present(number)) {
    const holder = store.getValue<number>(numberKey(number));
    if (holder !== undefined && holder !== department['ID'])
      errors.add('DepartmentNumber', `DepartmentNumber '${String(number)}' is already used by Department ${holder}.`);
  }
  errors.throwIfAny('Department');
  if (previous && present(previous['DepartmentNumber']))
    store.setValue(numberKey(previous['DepartmentNumber']), null, 0);
  if (present(number) && department['Deleted'] !== true) store.setValue(numberKey(number), department['ID']);
}

function assignDepartmentNumber(store: SandboxStore, department: Json): void {
  if (present(department['DepartmentNumber'])) {
    const numeric = String(department['DepartmentNumber']).trim();
    if (/^\d+$/.test(numeric) && !present(department['DepartmentNumberNumeric']))
      department['DepartmentNumberNumeric'] = Number(numeric);
    return;
  }
  let number = store.nextId('number/Department', 1);
  while (store.getValue<number>(numberKey(number)) !== undefined) number = store.nextId('number/Department', 1);
  department['DepartmentNumber'] = String(number);
  department['DepartmentNumberNumeric'] = number;
}

export function createDepartment(store: SandboxStore, input: unknown, options: WriteOptions = {}): Json {
  const body = parseWrite(DepartmentWrite, input, 'Department');
  if (body.ID !== undefined && body.ID !== 0) throw badRequest('ID must be 0 or left out when creating a Department.');
  return store.transaction(() => {
    const department: Json = {
      ID: store.nextId('id/Department'),
      ...writableFields(body, Department.shape),
      ...bookkeeping(now(options), options.actor),
    };
    assignDepartmentNumber(store, department);
    checkDepartment(store, department, undefined);
    claimCreateGuid(store, 'Department', body._createguid, Number(department['ID']));
    put(store, 'Department', department);
    return department;
  });
}

export function updateDepartment(
  store: SandboxStore,
  id: number | string,
  input: unknown,
  options: WriteOptions = {},
): Json {
  const body = parseWrite(DepartmentWrite, input, 'Department');
  checkBodyId(body, id, 'Department');
  return store.transaction(() => {
    const previous = requireDepartment(store, id);
    const department = { ...previous };
    if (!apply(department, writableFields(body, Department.shape))) return previous;
    checkDepartment(store, department, previous);
    touch(department, now(options), options.actor);
    put(store, 'Department', department);
    return department;
  });
}

export function deleteDepartment(store: SandboxStore, id: number | string, options: WriteOptions = {}): void {
  store.transaction(() => {
    const existing = getDepartment(store, id);
    if (!existing || existing['Deleted'] === true) throw notFound('Department', id);
    // A deleted department frees its number.
    if (present(existing['DepartmentNumber'])) store.setValue(numberKey(existing['DepartmentNumber']), null, 0);
    softDelete(store, 'Department', existing, options);
  });
}
