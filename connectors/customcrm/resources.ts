/**
 * The Custom CRM resources, as data: the contract's schemas for reading, creating and patching each one, the
 * merge keys its list filters serve, and how a key's value compares (the contract's normalisation).
 */
import type { z } from 'zod';
import {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CUSTOMCRM_RESOURCES,
  Order,
  OrderCreate,
  OrderPatch,
  Product,
  ProductCreate,
  ProductPatch,
  type CustomCrmResource,
} from '../../generated/customcrm';
import type { TypeCapabilities } from '../connector';

export const CUSTOMCRM_TYPES = CUSTOMCRM_RESOURCES;
export type CustomCrmType = CustomCrmResource;

export const isCustomCrmType = (type: string): type is CustomCrmType =>
  (CUSTOMCRM_TYPES as readonly string[]).includes(type);

/**
 * How a merge key compares, as the contract's filters do: org numbers without whitespace, e-mail addresses
 * trimmed and without regard to case, codes trimmed, external ids exactly.
 */
export type KeyComparison = 'orgNumber' | 'email' | 'trimmed' | 'exact';

export interface ResourceDefinition {
  type: CustomCrmType;
  readSchema: z.ZodType<Record<string, unknown>>;
  createSchema: z.ZodType<Record<string, unknown>>;
  patchSchema: z.ZodType<Record<string, unknown>>;
  /** The field naming the parent a record is created under and read with (contacts: their customer). */
  parentField?: 'customerId';
  /** Look-up fields (the list filter of the same name), and how their values compare. */
  keys: Readonly<Record<string, KeyComparison>>;
  capabilities: TypeCapabilities;
}

const FEED_NOTE = 'changes: updatedSince + cursor, ordered by (updatedAt, id); deletions arrive as tombstones';

export const RESOURCES: Record<CustomCrmType, ResourceDefinition> = {
  customers: {
    type: 'customers',
    readSchema: Customer,
    createSchema: CustomerCreate,
    patchSchema: CustomerPatch,
    keys: { orgNumber: 'orgNumber', externalId: 'exact' },
    capabilities: { read: true, create: true, update: true, notes: FEED_NOTE },
  },
  contacts: {
    type: 'contacts',
    readSchema: Contact,
    createSchema: ContactCreate,
    patchSchema: ContactPatch,
    parentField: 'customerId',
    keys: { email: 'email', externalId: 'exact' },
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes: `${FEED_NOTE}; a contact's parent is its customer (customerId)`,
    },
  },
  products: {
    type: 'products',
    readSchema: Product,
    createSchema: ProductCreate,
    patchSchema: ProductPatch,
    keys: { code: 'trimmed', externalId: 'exact' },
    capabilities: { read: true, create: true, update: true, notes: `${FEED_NOTE}; price is a decimal string` },
  },
  orders: {
    type: 'orders',
    readSchema: Order,
    createSchema: OrderCreate,
    patchSchema: OrderPatch,
    keys: { externalId: 'exact' },
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes: `${FEED_NOTE}; lines travel inside the order (decimal strings), and writing lines replaces them all`,
    },
  },
};

/** A look-up value as it compares; undefined when it cannot match anything. */
export function normaliseKey(comparison: KeyComparison, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const normalised =
    comparison === 'orgNumber'
      ? text.replace(/\s+/g, '')
      : comparison === 'email'
        ? text.trim().toLowerCase()
        : comparison === 'trimmed'
          ? text.trim()
          : text;
  return normalised === '' ? undefined : normalised;
}
