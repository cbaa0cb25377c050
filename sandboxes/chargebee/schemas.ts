/**
 * The parameters each endpoint accepts, with the limits the SDK's schemas give (lengths, enums). Values are
 * form strings; input.ts turns them into numbers, booleans and JSON. Custom fields (`cf_…`) are read apart
 * (see `customFieldsOf`), because which ones exist is the site's configuration.
 */
import { z } from 'zod';
import { wrongValue } from './api-error';
import type { FormTree } from './form';
import { boolean, decimal, integer, jsonObject, nonNegativeInteger, requiredText, rows, text } from './input';

const EMAIL = /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const address = z.object({
  first_name: text(150).optional(),
  last_name: text(150).optional(),
  email: z.string().max(70).regex(EMAIL, 'invalid email').optional(),
  company: text(250).optional(),
  phone: text(50).optional(),
  line1: text(150).optional(),
  line2: text(150).optional(),
  line3: text(150).optional(),
  city: text(50).optional(),
  state_code: text(50).optional(),
  state: text(50).optional(),
  zip: text(20).optional(),
  country: text(50).optional(),
});

const customerFields = {
  first_name: text(150).optional(),
  last_name: text(150).optional(),
  email: z.string().max(70).regex(EMAIL, 'invalid email').optional(),
  phone: text(50).optional(),
  company: text(250).optional(),
  auto_collection: z.enum(['on', 'off']).optional(),
  net_term_days: nonNegativeInteger.optional(),
  allow_direct_debit: boolean.optional(),
  taxability: z.enum(['taxable', 'exempt']).optional(),
  locale: text(50).optional(),
  preferred_currency_code: text(3).optional(),
  invoice_notes: text(2000).optional(),
  meta_data: jsonObject.optional(),
};

export const customerCreateSchema = z.object({
  id: requiredText(50).optional(),
  ...customerFields,
  vat_number: text(20).optional(),
  billing_address: address.optional(),
});

export const customerUpdateSchema = z.object(customerFields);

export const billingInfoSchema = z.object({ billing_address: address.optional(), vat_number: text(20).optional() });

/** `cf_…` parameters: only those the site defines; each a string value. */
export function customFieldsOf(tree: FormTree, defined: readonly string[], resource: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (!key.startsWith('cf_')) continue;
    if (!defined.includes(key))
      throw wrongValue(key, `custom field ${key} is not defined for ${resource}s on this site`);
    if (typeof value !== 'string') throw wrongValue(key, 'wrong format');
    if (value.length > 250) throw wrongValue(key, 'cannot be more than 250 characters');
    values[key] = value;
  }
  return values;
}

export const itemFamilyCreateSchema = z.object({
  id: requiredText(50),
  name: requiredText(50),
  description: text(500).optional(),
});
export const itemFamilyUpdateSchema = z.object({
  name: requiredText(50).optional(),
  description: text(500).optional(),
});

const itemFields = {
  name: requiredText(100),
  description: text(2000).optional(),
  item_family_id: requiredText(100),
  external_name: text(100).optional(),
  is_shippable: boolean.optional(),
  enabled_in_portal: boolean.optional(),
  enabled_for_checkout: boolean.optional(),
  redirect_url: text(500).optional(),
  unit: text(30).optional(),
  included_in_mrr: boolean.optional(),
  metadata: jsonObject.optional(),
};

export const itemCreateSchema = z.object({
  id: requiredText(100),
  type: z.enum(['plan', 'addon', 'charge']),
  is_giftable: boolean.optional(),
  metered: boolean.optional(),
  item_applicability: z.enum(['all', 'restricted']).optional(),
  ...itemFields,
});

export const itemUpdateSchema = z.object({
  ...itemFields,
  name: itemFields.name.optional(),
  item_family_id: itemFields.item_family_id.optional(),
  status: z.enum(['active', 'archived']).optional(),
});

const itemPriceFields = {
  name: requiredText(100),
  description: text(2000).optional(),
  external_name: text(100).optional(),
  invoice_notes: text(2000).optional(),
  is_taxable: boolean.optional(),
  pricing_model: z.enum(['flat_fee', 'per_unit', 'tiered', 'volume', 'stairstep']).optional(),
  price: nonNegativeInteger.optional(),
  price_in_decimal: decimal.optional(),
  metadata: jsonObject.optional(),
  period: integer.optional(),
  period_unit: z.enum(['day', 'week', 'month', 'year']).optional(),
};

export const itemPriceCreateSchema = z.object({
  id: requiredText(100),
  item_id: requiredText(100),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as NOK')
    .optional(),
  ...itemPriceFields,
});

export const itemPriceUpdateSchema = z.object({
  ...itemPriceFields,
  name: itemPriceFields.name.optional(),
  status: z.enum(['active', 'archived']).optional(),
});

export const invoiceForChargesSchema = z.object({
  customer_id: requiredText(50),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as NOK')
    .optional(),
  po_number: text(100).optional(),
  invoice_note: text(2000).optional(),
  item_prices: rows(
    z.object({
      item_price_id: requiredText(100),
      quantity: integer.optional(),
      quantity_in_decimal: decimal.optional(),
      unit_price: nonNegativeInteger.optional(),
      unit_price_in_decimal: decimal.optional(),
      description: text(250).optional(),
    }),
  ).optional(),
  charges: rows(
    z.object({
      amount: nonNegativeInteger.optional(),
      amount_in_decimal: decimal.optional(),
      description: requiredText(250),
      taxable: boolean.optional(),
    }),
  ).optional(),
});

const PAYMENT_METHODS = [
  'cash',
  'check',
  'bank_transfer',
  'other',
  'custom',
  'chargeback',
  'ach_credit',
  'sepa_credit',
  'card',
  'direct_debit',
] as const;

export const recordPaymentSchema = z.object({
  comment: text(300).optional(),
  transaction: z.preprocess(
    (value) => value ?? {},
    z.object({
      amount: integer.optional(),
      payment_method: z.enum(PAYMENT_METHODS),
      reference_number: text(100).optional(),
      date: integer.optional(),
      status: z.enum(['success', 'failure']).optional(),
    }),
  ),
});

const ORDER_STATUSES = [
  'new',
  'processing',
  'complete',
  'cancelled',
  'voided',
  'queued',
  'awaiting_shipment',
  'on_hold',
  'delivered',
  'shipped',
  'partially_delivered',
  'returned',
] as const;
const LINE_STATUSES = [
  'queued',
  'awaiting_shipment',
  'on_hold',
  'delivered',
  'shipped',
  'partially_delivered',
  'returned',
  'cancelled',
] as const;
const CANCELLATION_REASONS = [
  'shipping_cut_off_passed',
  'product_unsatisfactory',
  'third_party_cancellation',
  'product_not_required',
  'delivery_date_missed',
  'alternative_found',
  'invoice_written_off',
  'invoice_voided',
  'fraudulent_transaction',
  'payment_declined',
  'subscription_cancelled',
  'product_not_available',
  'others',
  'order_resent',
] as const;

const orderDetails = {
  reference_id: text(50).optional(),
  fulfillment_status: text(50).optional(),
  note: text(600).optional(),
  tracking_id: text(50).optional(),
  tracking_url: text(255).optional(),
  batch_id: text(50).optional(),
};

export const orderCreateSchema = z.object({
  id: requiredText(40).optional(),
  invoice_id: requiredText(50),
  status: z.enum(['new', 'processing', 'complete', 'cancelled', 'voided']).optional(),
  ...orderDetails,
});

export const orderUpdateSchema = z.object({
  ...orderDetails,
  shipping_date: integer.optional(),
  order_date: integer.optional(),
  cancelled_at: integer.optional(),
  cancellation_reason: z.enum(CANCELLATION_REASONS).optional(),
  shipped_at: integer.optional(),
  delivered_at: integer.optional(),
  shipment_carrier: text(50).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  shipping_address: address.optional(),
  order_line_items: rows(
    z.object({ id: requiredText(40), status: z.enum(LINE_STATUSES).optional(), sku: text(250).optional() }),
  ).optional(),
});
