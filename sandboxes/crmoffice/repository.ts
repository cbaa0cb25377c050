/**
 * Companies and contacts of the emulated CRMOffice tenant, kept in the sandbox store. Used by the routes and
 * directly by the seed and by tests (records that "already exist" in CRMOffice).
 *
 * Choices where nothing public says how CRMOffice behaves (GUESSES, README.md):
 * - records always carry every field, `null` when empty (ASP.NET serialises nulls by default);
 * - ids are handed out by the server: GUID strings, or JSON integers from a sequence (`idStyle`);
 * - lists come in creation order, which stays stable while records change;
 * - unknown body fields are ignored (System.Text.Json's default); a value of the wrong JSON type is a 400 keyed
 *   by its JSON path (`$.orgNr`); business rules are 400s keyed by the C# property name (`OrgNr`, `Company.Id`);
 * - a company needs a `name`; an `orgNr`, when given, is 9 digits (spaces allowed); a contact needs a
 *   `givenName` or a `familyName`; an `email`, when given, looks like one; `company.id` must name a company;
 * - `PUT` replaces the whole record (an absent field becomes null); `PATCH` is a JSON merge patch (RFC 7396);
 * - deleting a company that still has contacts is refused (409).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CompanyInput, ContactInput, type Address, type CrmOfficeId } from '../../generated/crmoffice';
import type { SandboxStore } from '../common/store';
import type { IdStyle } from './options';
import { aspNetFieldName, CrmOfficeProblem, FieldErrorCollector, notFound, validationProblem } from './problems';

export const CRMOFFICE_RESOURCES = ['companies', 'contacts'] as const;
export type CrmOfficeResource = (typeof CRMOFFICE_RESOURCES)[number];

export const isCrmOfficeResource = (value: string): value is CrmOfficeResource =>
  (CRMOFFICE_RESOURCES as readonly string[]).includes(value);

export interface StoredAddress {
  streetAddress: string | null;
  postCode: string | null;
  postalArea: string | null;
  country: string | null;
}

export interface StoredCompany {
  id: CrmOfficeId;
  name: string | null;
  orgNr: string | null;
  postAddress: StoredAddress | null;
  visitAddress: StoredAddress | null;
}

export interface StoredContact {
  id: CrmOfficeId;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  directPhone: string | null;
  mobilePhone: string | null;
  company: { id: CrmOfficeId } | null;
}

export type StoredRecord = StoredCompany | StoredContact;

const SINGULAR: Record<CrmOfficeResource, string> = { companies: 'Company', contacts: 'Contact' };
const MAX_TEXT = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How the sandbox names a record in messages: `Company 42`. */
export const recordName = (resource: CrmOfficeResource, id: string): string => `${SINGULAR[resource]} ${id}`;

function newId(store: SandboxStore, resource: CrmOfficeResource, idStyle: IdStyle): CrmOfficeId {
  return idStyle === 'guid' ? randomUUID() : store.nextId(`crmoffice/${resource}`);
}

/** How System.Text.Json names the type it could not read a value as. */
const DOTNET_TYPE: Record<string, string> = {
  string: 'System.String',
  number: 'System.Int32',
  object: 'the object type',
};

/** Parses a body with its input schema; type errors come out as System.Text.Json reports them. */
function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationProblem({ $: ['The JSON value could not be converted to the request type. Path: $.'] });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const path = `$.${issue.path.map(String).join('.')}`;
    const expected =
      issue.code === 'invalid_type'
        ? (DOTNET_TYPE[String(issue.expected)] ?? 'the expected type')
        : 'the expected type';
    (errors[path] ??= []).push(`The JSON value could not be converted to ${expected}. Path: ${path}.`);
  }
  throw validationProblem(errors);
}

const emptyToNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

function storedAddress(address: Address | null | undefined): StoredAddress | null {
  if (address === undefined || address === null) return null;
  const stored: StoredAddress = {
    streetAddress: emptyToNull(address.streetAddress),
    postCode: emptyToNull(address.postCode),
    postalArea: emptyToNull(address.postalArea),
    country: emptyToNull(address.country),
  };
  return Object.values(stored).every((value) => value === null) ? null : stored;
}

function checkText(errors: FieldErrorCollector, field: string, value: string | null): void {
  if (value !== null && value.length > MAX_TEXT) {
    errors.add(field, `The field ${field} must be a string with a maximum length of ${MAX_TEXT}.`);
  }
}

function companyFrom(input: CompanyInput, id: CrmOfficeId): StoredCompany {
  const company: StoredCompany = {
    id,
    name: emptyToNull(input.name),
    orgNr: emptyToNull(input.orgNr),
    postAddress: storedAddress(input.postAddress),
    visitAddress: storedAddress(input.visitAddress),
  };
  const errors = new FieldErrorCollector();
  if (company.name === null) errors.add('Name', 'The Name field is required.');
  checkText(errors, 'Name', company.name);
  if (company.orgNr !== null && !/^\d{9}$/.test(company.orgNr.replace(/\s/g, ''))) {
    errors.add('OrgNr', 'The field OrgNr must be a Norwegian organisation number of 9 digits.');
  }
  errors.throwIfAny();
  return company;
}

function contactFrom(store: SandboxStore, input: ContactInput, id: CrmOfficeId, idStyle: IdStyle): StoredContact {
  const contact: StoredContact = {
    id,
    givenName: emptyToNull(input.givenName),
    familyName: emptyToNull(input.familyName),
    email: emptyToNull(input.email),
    directPhone: emptyToNull(input.directPhone),
    mobilePhone: emptyToNull(input.mobilePhone),
    company: input.company ? { id: input.company.id } : null,
  };
  const errors = new FieldErrorCollector();
  if (contact.givenName === null && contact.familyName === null) {
    errors.add('FamilyName', 'Either GivenName or FamilyName is required.');
  }
  for (const field of ['givenName', 'familyName', 'email', 'directPhone', 'mobilePhone'] as const) {
    checkText(errors, aspNetFieldName([field]), contact[field]);
  }
  if (contact.email !== null && !EMAIL.test(contact.email.trim())) {
    errors.add('Email', 'The Email field is not a valid e-mail address.');
  }
  if (contact.company !== null) {
    const companyId = contact.company.id;
    const rightType = idStyle === 'guid' ? typeof companyId === 'string' : typeof companyId === 'number';
    if (!rightType) {
      const expected = idStyle === 'guid' ? 'System.Guid' : 'System.Int32';
      throw validationProblem({
        '$.company.id': [`The JSON value could not be converted to ${expected}. Path: $.company.id.`],
      });
    }
    if (!store.get<StoredCompany>('companies', String(companyId))) {
      errors.add('Company.Id', `Company ${String(companyId)} does not exist.`);
    }
  }
  errors.throwIfAny();
  return contact;
}

function build(
  store: SandboxStore,
  resource: CrmOfficeResource,
  body: unknown,
  id: CrmOfficeId,
  idStyle: IdStyle,
): StoredRecord {
  return resource === 'companies'
    ? companyFrom(parseInput(CompanyInput, body), id)
    : contactFrom(store, parseInput(ContactInput, body), id, idStyle);
}

export function getRecord(store: SandboxStore, resource: CrmOfficeResource, id: string): StoredRecord | undefined {
  return store.get<StoredRecord>(resource, id);
}

export function requireRecord(store: SandboxStore, resource: CrmOfficeResource, id: string): StoredRecord {
  const record = getRecord(store, resource, id);
  if (!record) throw notFound(SINGULAR[resource], id);
  return record;
}

export function createRecord(
  store: SandboxStore,
  resource: CrmOfficeResource,
  body: unknown,
  idStyle: IdStyle = 'guid',
): StoredRecord {
  return store.transaction(() => {
    const record = build(store, resource, body, newId(store, resource, idStyle), idStyle);
    store.put(resource, String(record.id), record, Date.now());
    return record;
  });
}

/** `PUT`: the body replaces the record; fields it leaves out become null. */
export function replaceRecord(
  store: SandboxStore,
  resource: CrmOfficeResource,
  id: string,
  body: unknown,
  idStyle: IdStyle = 'guid',
): StoredRecord {
  return store.transaction(() => {
    const current = requireRecord(store, resource, id);
    const record = build(store, resource, body, current.id, idStyle);
    store.put(resource, id, record, Date.now());
    return record;
  });
}

/** RFC 7396: objects merge member by member, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** `PATCH` with a JSON merge patch: only the fields sent change. */
export function patchRecord(
  store: SandboxStore,
  resource: CrmOfficeResource,
  id: string,
  patch: unknown,
  idStyle: IdStyle = 'guid',
): StoredRecord {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw validationProblem({ $: ['A merge patch must be a JSON object. Path: $.'] });
  }
  return store.transaction(() => {
    const current = requireRecord(store, resource, id);
    const { id: _id, ...fields } = current;
    const record = build(store, resource, mergePatch(fields, patch), current.id, idStyle);
    store.put(resource, id, record, Date.now());
    return record;
  });
}

export function deleteRecord(store: SandboxStore, resource: CrmOfficeResource, id: string): void {
  store.transaction(() => {
    const current = requireRecord(store, resource, id);
    if (resource === 'companies') {
      const contacts = store.list<StoredContact>('contacts', {
        where: [{ path: '$.company.id', anyOf: [{ equals: current.id }] }],
        limit: 1,
      });
      if (contacts.length > 0) {
        throw new CrmOfficeProblem(409, 'Conflict', `Company ${id} still has contacts and cannot be deleted.`);
      }
    }
    store.delete(resource, id);
  });
}

/** One slice of the list in creation order; all records when `limit` is undefined. */
export function listRecords(
  store: SandboxStore,
  resource: CrmOfficeResource,
  slice: { offset: number; limit: number | undefined },
): StoredRecord[] {
  return store.list<StoredRecord>(resource, {
    orderBy: 'insertion',
    ...(slice.limit !== undefined ? { limit: slice.limit, offset: slice.offset } : {}),
  });
}

export function countRecords(store: SandboxStore, resource: CrmOfficeResource): number {
  return store.count(resource);
}
