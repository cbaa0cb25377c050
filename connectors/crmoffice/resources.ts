/**
 * The CRMOffice resources linkflow uses, as data. Type names are the API's path names: `companies` (stated:
 * the public connector lists `/companies`) and `contacts` (GUESS: named after the Sesam Talk type, by the
 * same pattern). Neither has a server-side filter that the public material shows, so look-ups read the list.
 */
import type { z } from 'zod';
import { Company, CompanyInput, Contact, ContactInput } from '../../generated/crmoffice';
import type { TypeCapabilities } from '../connector';

export const CRMOFFICE_TYPES = ['companies', 'contacts'] as const;
export type CrmOfficeType = (typeof CRMOFFICE_TYPES)[number];

export const isCrmOfficeType = (type: string): type is CrmOfficeType =>
  (CRMOFFICE_TYPES as readonly string[]).includes(type);

/** How a look-up field compares: e-mail case-insensitively, org numbers by their digits, names trimmed. */
export type KeyComparison = 'email' | 'digits' | 'trimmed';

export interface ResourceDefinition {
  type: CrmOfficeType;
  /** Tags the change cursor, so that one resource's cursor is never read as another's. */
  cursorTag: number;
  readSchema: z.ZodType<Record<string, unknown>>;
  inputSchema: z.ZodType<Record<string, unknown>>;
  /** The fields a body may carry (anything else is refused before a request is sent). */
  inputFields: readonly string[];
  /** Contacts hang under a company (`company.id`). */
  parented: boolean;
  /** Fields `findByKey` accepts, and how their values compare. */
  keys: Readonly<Record<string, KeyComparison>>;
  capabilities: TypeCapabilities;
}

const CHANGE_NOTE =
  'no change filter or timestamp is known: changes are found by comparing content hashes on a full read of the list';

export const RESOURCES: Record<CrmOfficeType, ResourceDefinition> = {
  companies: {
    type: 'companies',
    cursorTag: 1,
    readSchema: Company,
    inputSchema: CompanyInput,
    inputFields: Object.keys(CompanyInput.shape),
    parented: false,
    keys: { orgNr: 'digits', name: 'trimmed' },
    capabilities: { read: true, create: true, update: true, notes: CHANGE_NOTE },
  },
  contacts: {
    type: 'contacts',
    cursorTag: 2,
    readSchema: Contact,
    inputSchema: ContactInput,
    inputFields: Object.keys(ContactInput.shape),
    parented: true,
    keys: { email: 'email' },
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes: `${CHANGE_NOTE}; a contact's parent is its company (company.id)`,
    },
  },
};

/** A look-up value as it compares; undefined when it cannot match anything. */
export function normaliseKey(comparison: KeyComparison, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  switch (comparison) {
    case 'email': {
      const email = text.trim().toLowerCase();
      return email.includes('@') ? email : undefined;
    }
    case 'digits': {
      const digits = text.replace(/\D/g, '');
      return digits === '' ? undefined : digits;
    }
    case 'trimmed': {
      const trimmed = text.trim();
      return trimmed === '' ? undefined : trimmed;
    }
  }
}
