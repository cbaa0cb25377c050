/**
 * Plain store functions for the seeder and tests: they write the same documents and events the API does,
 * without HTTP (and without the rate limit). `editCustomer` stands for an edit made by hand in Chargebee's
 * web app: it bumps `resource_version`/`updated_at` and logs the event with source `admin_console`.
 */
import type { Customer } from 'chargebee';
import { z } from 'zod';
import type { SandboxStore } from '../common/store';
import { createCustomer, findCustomer, updateCustomer, type CustomerFields } from './customers';

export type { CustomerRecord } from './customers';

const addressSchema = z
  .object({
    first_name: z.string(),
    last_name: z.string(),
    email: z.string(),
    company: z.string(),
    phone: z.string(),
    line1: z.string(),
    line2: z.string(),
    line3: z.string(),
    city: z.string(),
    state_code: z.string(),
    state: z.string(),
    zip: z.string(),
    country: z.string(),
  })
  .partial();

const customFieldName = z.string().regex(/^cf_[a-z0-9_]+$/);

const editableSchema = z.object({
  email: z.string().max(70).optional(),
  first_name: z.string().max(150).optional(),
  last_name: z.string().max(150).optional(),
  company: z.string().max(250).optional(),
  phone: z.string().max(50).optional(),
  cf_org_number: z.string().max(250).optional(),
  meta_data: z.record(z.string(), z.unknown()).optional(),
  billing_address: addressSchema.optional(),
  /** Other custom fields by name (`cf_…`). */
  custom_fields: z.record(customFieldName, z.string().max(250)).optional(),
});

export const insertCustomerSchema = editableSchema.extend({ id: z.string().min(1).max(50).optional() });
export type InsertCustomerInput = z.input<typeof insertCustomerSchema>;
export type EditCustomerChanges = z.input<typeof editableSchema>;

function split(input: z.output<typeof editableSchema>): {
  fields: CustomerFields;
  billingAddress: z.output<typeof addressSchema> | undefined;
} {
  const { cf_org_number, custom_fields, billing_address, ...plain } = input;
  const customFields: Record<string, string> = { ...custom_fields };
  if (cf_org_number !== undefined) customFields.cf_org_number = cf_org_number;
  return { fields: { ...plain, customFields }, billingAddress: billing_address };
}

/** Creates a customer as the API would (event source `api`); throws a ChargebeeApiError on a used id. */
export function insertCustomer(store: SandboxStore, input: InsertCustomerInput): Customer {
  const { id, ...rest } = insertCustomerSchema.parse(input);
  const { fields, billingAddress } = split(rest);
  return createCustomer(
    store,
    { ...fields, ...(id !== undefined ? { id } : {}), ...(billingAddress ? { billing_address: billingAddress } : {}) },
    'api',
  );
}

/** Changes a customer as a person in the web app would (event source `admin_console`). */
export function editCustomer(store: SandboxStore, id: string, changes: EditCustomerChanges): Customer {
  const { fields, billingAddress } = split(editableSchema.parse(changes));
  return updateCustomer(store, id, fields, 'admin_console', billingAddress);
}

/** The stored customer (deleted ones included), or undefined. */
export function getCustomer(store: SandboxStore, id: string): Customer | undefined {
  return findCustomer(store, id)?.resource;
}
