/**
 * Customers: the store operations behind `/customers`, shared by the HTTP routes and by the seeder and tests
 * (through repository.ts). Deletion is soft, as on the real API: the customer keeps its record with
 * `deleted: true`, drops out of lists unless `include_deleted=true`, and answers 404 on retrieve. Its id is
 * not given out again (a create with it meets `duplicate_entry`); the real API does not document reuse, and
 * refusing is the safer assumption for a client.
 */
import type { Customer } from 'chargebee';
import type { SandboxStore } from '../common/store';
import { unvalidatedAddress, type AddressInput } from './address';
import { duplicateEntry, notFound } from './api-error';
import { nextVersion, toSeconds } from './clock';
import { appendEvent, randomId, type EventSource } from './events';
import { includesDeleted, type ListSpec } from './list-query';
import { COLLECTIONS, insertRecord, readRecord, replaceRecord, type StoredRecord } from './records';

/** Fields a customer create or update writes directly; `cf_…` custom fields come in `customFields`. */
export interface CustomerFields {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
  company?: string;
  auto_collection?: 'on' | 'off';
  net_term_days?: number;
  allow_direct_debit?: boolean;
  vat_number?: string;
  taxability?: 'taxable' | 'exempt';
  locale?: string;
  preferred_currency_code?: string;
  invoice_notes?: string;
  meta_data?: Record<string, unknown>;
  customFields?: Record<string, string>;
}

export interface CustomerCreate extends CustomerFields {
  id?: string;
  billing_address?: AddressInput;
}

export type CustomerRecord = StoredRecord<Customer>;

const DEFAULT_CURRENCY = 'NOK';

function billingAddress(input: AddressInput): Customer.BillingAddress & { object: 'billing_address' } {
  return { ...unvalidatedAddress(input), object: 'billing_address' };
}

function applyFields(customer: Customer, fields: CustomerFields): void {
  const { customFields, ...plain } = fields;
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) customer[key] = value;
  }
  for (const [key, value] of Object.entries(customFields ?? {})) {
    // An empty value clears a custom field, as clearing it in the web app does.
    if (value === '') delete customer[key];
    else customer[key] = value;
  }
}

export function findCustomer(store: SandboxStore, id: string): CustomerRecord | undefined {
  return readRecord<Customer>(store, COLLECTIONS.customers, id);
}

/** The customer, unless it does not exist or was deleted (404 either way, as on the real API). */
export function liveCustomer(store: SandboxStore, id: string, param = 'id'): CustomerRecord {
  const record = findCustomer(store, id);
  if (!record || record.resource.deleted) throw notFound('customer', id, param);
  return record;
}

export function createCustomer(store: SandboxStore, input: CustomerCreate, source: EventSource): Customer {
  return store.transaction(() => {
    const id = input.id ?? randomId();
    if (findCustomer(store, id)) throw duplicateEntry('id', id);
    const version = nextVersion(store);
    const seconds = toSeconds(version);
    const { id: _id, billing_address, ...fields } = input;
    const customer: Customer = {
      id,
      auto_collection: 'on',
      net_term_days: 0,
      allow_direct_debit: false,
      created_at: seconds,
      taxability: 'taxable',
      updated_at: seconds,
      resource_version: version,
      pii_cleared: 'active',
      channel: 'web',
      card_status: 'no_card',
      preferred_currency_code: DEFAULT_CURRENCY,
      promotional_credits: 0,
      refundable_credits: 0,
      excess_payments: 0,
      unbilled_charges: 0,
      deleted: false,
      object: 'customer',
    };
    applyFields(customer, fields);
    if (billing_address) customer.billing_address = billingAddress(billing_address);
    insertRecord(store, COLLECTIONS.customers, id, customer, version);
    appendEvent(store, 'customer_created', { customer }, source);
    return customer;
  });
}

function change(
  store: SandboxStore,
  record: CustomerRecord,
  edit: (customer: Customer) => void,
  eventType: string,
  source: EventSource,
): Customer {
  const version = nextVersion(store);
  const customer: Customer = structuredClone(record.resource);
  edit(customer);
  customer.resource_version = version;
  customer.updated_at = toSeconds(version);
  replaceRecord(store, COLLECTIONS.customers, customer.id, record, customer, version);
  appendEvent(store, eventType, { customer }, source);
  return customer;
}

/** Changes fields and, where given, the billing address (the API's update cannot; the web app can). */
export function updateCustomer(
  store: SandboxStore,
  id: string,
  fields: CustomerFields,
  source: EventSource,
  address?: AddressInput,
): Customer {
  return store.transaction(() =>
    change(
      store,
      liveCustomer(store, id),
      (customer) => {
        applyFields(customer, fields);
        if (address) customer.billing_address = billingAddress(address);
      },
      'customer_changed',
      source,
    ),
  );
}

/** `update_billing_info` replaces the billing address as a whole (fields left out are cleared). */
export function updateBillingInfo(
  store: SandboxStore,
  id: string,
  input: { billing_address?: AddressInput; vat_number?: string },
  source: EventSource,
): Customer {
  return store.transaction(() =>
    change(
      store,
      liveCustomer(store, id),
      (customer) => {
        if (input.billing_address) customer.billing_address = billingAddress(input.billing_address);
        if (input.vat_number !== undefined) customer.vat_number = input.vat_number;
      },
      'customer_changed',
      source,
    ),
  );
}

export function deleteCustomer(store: SandboxStore, id: string, source: EventSource): Customer {
  return store.transaction(() =>
    change(store, liveCustomer(store, id), (customer) => void (customer.deleted = true), 'customer_deleted', source),
  );
}

export const customerListSpec = (customFields: readonly string[]): ListSpec<Customer> => ({
  resource: 'customer',
  filters: {
    id: 'string',
    first_name: 'string',
    last_name: 'string',
    email: 'string',
    company: 'string',
    phone: 'string',
    auto_collection: 'enum',
    taxability: 'enum',
    channel: 'enum',
    created_at: 'timestamp',
    updated_at: 'timestamp',
  },
  customFields,
  sortable: ['created_at', 'updated_at'],
  defaultSort: 'created_at',
  hasIncludeDeleted: true,
  visible: (customer, request) => !customer.deleted || includesDeleted(request),
});
