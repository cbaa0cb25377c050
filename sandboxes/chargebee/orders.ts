/**
 * Orders. Every order belongs to an invoice, and its customer, currency, amounts and lines come from that
 * invoice: the API cannot set them. Two ways in, as on the real API:
 * - the legacy `POST /orders` with `invoice_id`, only on sites that enabled Orders before 2018-09-30
 *   (elsewhere the sandbox answers 400 `configuration_incompatible`, the closest real code);
 * - on other sites, Chargebee creates the order itself when the invoice is paid (`order_type: system_generated`).
 * Orders can be deleted only when imported on the real API; this sandbox does not import, so delete is refused.
 */
import type { Invoice, Order } from 'chargebee';
import type { SandboxStore } from '../common/store';
import { unvalidatedAddress, type AddressInput } from './address';
import { configurationIncompatible, duplicateEntry, invalidState, notFound, wrongValue } from './api-error';
import { nextVersion, toSeconds } from './clock';
import { appendEvent, randomId, type EventSource } from './events';
import { liveInvoice } from './invoices';
import { includesDeleted, type ListSpec } from './list-query';
import { COLLECTIONS, insertRecord, readRecord, replaceRecord, type StoredRecord } from './records';
import type { SiteConfig } from './site';

export type SandboxOrder = Order & { object: 'order' };
type OrderLine = Order.OrderLineItem & { object: 'order_line_item' };
type OrderStatus = NonNullable<Order['status']>;
type LineStatus = NonNullable<Order.OrderLineItem['status']>;

export interface OrderCreate {
  id?: string;
  invoice_id: string;
  status?: 'new' | 'processing' | 'complete' | 'cancelled' | 'voided';
  reference_id?: string;
  fulfillment_status?: string;
  note?: string;
  tracking_id?: string;
  tracking_url?: string;
  batch_id?: string;
}

export interface OrderUpdate {
  reference_id?: string;
  batch_id?: string;
  note?: string;
  shipping_date?: number;
  order_date?: number;
  cancelled_at?: number;
  cancellation_reason?: Order['cancellation_reason'];
  shipped_at?: number;
  delivered_at?: number;
  tracking_url?: string;
  tracking_id?: string;
  shipment_carrier?: string;
  fulfillment_status?: string;
  status?: OrderStatus;
  shipping_address?: AddressInput;
  order_line_items: { id?: string; status?: LineStatus; sku?: string }[];
}

export function liveOrder(store: SandboxStore, id: string): StoredRecord<SandboxOrder> {
  const record = readRecord<SandboxOrder>(store, COLLECTIONS.orders, id);
  if (!record || record.resource.deleted) throw notFound('order', id);
  return record;
}

function nextOrderId(store: SandboxStore): string {
  for (;;) {
    const id = String(store.nextId('order-number'));
    if (!readRecord(store, COLLECTIONS.orders, id)) return id;
  }
}

function orderLines(invoice: Invoice): OrderLine[] {
  return (invoice.line_items ?? []).map((line) => ({
    id: randomId('oli_'),
    invoice_id: invoice.id,
    invoice_line_item_id: line.id ?? '',
    unit_price: line.unit_amount,
    description: line.description,
    amount: line.amount ?? 0,
    fulfillment_quantity: line.quantity ?? 1,
    fulfillment_amount: line.amount ?? 0,
    tax_amount: line.tax_amount ?? 0,
    amount_paid: invoice.status === 'paid' ? (line.amount ?? 0) + (line.tax_amount ?? 0) : 0,
    amount_adjusted: 0,
    refundable_credits_issued: 0,
    refundable_credits: 0,
    is_shippable: true,
    status: 'queued',
    entity_type: line.entity_type,
    ...(line.entity_id !== undefined ? { entity_id: line.entity_id } : {}),
    discount_amount: 0,
    item_level_discount_amount: 0,
    object: 'order_line_item',
  }));
}

function buildOrder(
  store: SandboxStore,
  invoice: Invoice,
  input: Omit<OrderCreate, 'invoice_id'>,
  orderType: 'manual' | 'system_generated',
  version: number,
): SandboxOrder {
  const now = toSeconds(version);
  const { id: requestedId, status, ...details } = input;
  const paid = invoice.status === 'paid';
  const order: SandboxOrder = {
    id: requestedId ?? nextOrderId(store),
    invoice_id: invoice.id,
    customer_id: invoice.customer_id,
    status: status ?? (orderType === 'manual' ? 'new' : 'queued'),
    payment_status: paid ? 'paid' : 'not_paid',
    order_type: orderType,
    price_type: invoice.price_type,
    order_date: now,
    created_by: orderType === 'manual' ? 'api' : 'system',
    invoice_round_off_amount: 0,
    tax: invoice.tax,
    amount_paid: invoice.amount_paid ?? 0,
    amount_adjusted: 0,
    refundable_credits_issued: 0,
    refundable_credits: 0,
    rounding_adjustement: 0,
    created_at: now,
    status_update_at: now,
    resource_version: version,
    updated_at: now,
    is_resent: false,
    order_line_items: orderLines(invoice),
    discount: 0,
    sub_total: invoice.sub_total,
    total: invoice.total ?? invoice.sub_total + invoice.tax,
    line_item_taxes: (invoice.line_item_taxes ?? []).map((tax) => ({ ...tax })),
    linked_credit_notes: [],
    deleted: false,
    currency_code: invoice.currency_code,
    object: 'order',
    ...details,
  };
  if (paid && invoice.paid_at !== undefined) order.paid_on = invoice.paid_at;
  if (invoice.billing_address) order.billing_address = { ...invoice.billing_address };
  return order;
}

/** The legacy `POST /orders`. */
export function createOrder(
  store: SandboxStore,
  site: SiteConfig,
  input: OrderCreate,
  source: EventSource,
): SandboxOrder {
  if (!site.legacyOrders) {
    throw configurationIncompatible(
      'Orders cannot be created through the API on this site: only sites that enabled Orders before 2018-09-30 can. Chargebee creates the order when its invoice is paid.',
    );
  }
  return store.transaction(() => {
    if (input.id !== undefined && readRecord(store, COLLECTIONS.orders, input.id)) throw duplicateEntry('id', input.id);
    const invoice = liveInvoice(store, input.invoice_id, 'invoice_id').resource;
    const { invoice_id: _invoiceId, ...rest } = input;
    const version = nextVersion(store);
    const order = buildOrder(store, invoice, rest, 'manual', version);
    insertRecord(store, COLLECTIONS.orders, order.id, order, version);
    appendEvent(store, 'order_created', { order }, source);
    return order;
  });
}

/** What Chargebee does on a current site when an invoice is paid. Runs inside the payment's transaction. */
export function createOrderForPaidInvoice(store: SandboxStore, invoice: Invoice, source: EventSource): SandboxOrder {
  const version = nextVersion(store);
  const order = buildOrder(store, invoice, {}, 'system_generated', version);
  insertRecord(store, COLLECTIONS.orders, order.id, order, version);
  appendEvent(store, 'order_created', { order }, source);
  return order;
}

export function updateOrder(store: SandboxStore, id: string, input: OrderUpdate, source: EventSource): SandboxOrder {
  return store.transaction(() => {
    const record = liveOrder(store, id);
    const version = nextVersion(store);
    const now = toSeconds(version);
    const order: SandboxOrder = structuredClone(record.resource);
    const { order_line_items: lineChanges, shipping_address, ...fields } = input;
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined) (order as Record<string, unknown>)[key] = value;
    if (shipping_address) order.shipping_address = unvalidatedAddress(shipping_address);
    lineChanges.forEach((change, index) => {
      const line = order.order_line_items?.find((candidate) => candidate.id === change.id);
      if (!line) throw wrongValue(`order_line_items[id][${index}]`, `order ${id} has no line ${String(change.id)}`);
      if (change.status !== undefined) line.status = change.status;
      if (change.sku !== undefined) line.sku = change.sku;
    });
    if (fields.status !== undefined && fields.status !== record.resource.status) order.status_update_at = now;
    order.resource_version = version;
    order.updated_at = now;
    replaceRecord(store, COLLECTIONS.orders, id, record, order, version);
    const eventType =
      fields.status === 'cancelled' && record.resource.status !== 'cancelled' ? 'order_cancelled' : 'order_updated';
    appendEvent(store, eventType, { order }, source);
    return order;
  });
}

export function deleteOrder(store: SandboxStore, id: string): never {
  liveOrder(store, id);
  throw invalidState(`order ${id} cannot be deleted: only imported orders can be deleted.`);
}

export const orderListSpec: ListSpec<SandboxOrder> = {
  resource: 'order',
  filters: {
    id: 'string',
    invoice_id: 'string',
    subscription_id: 'string',
    original_order_id: 'string',
    status: 'enum',
    order_type: 'enum',
    resent_status: 'enum',
    is_resent: 'boolean',
    shipping_date: 'timestamp',
    shipped_at: 'timestamp',
    order_date: 'timestamp',
    paid_on: 'timestamp',
    updated_at: 'timestamp',
    created_at: 'timestamp',
  },
  sortable: ['created_at', 'updated_at'],
  defaultSort: 'created_at',
  hasIncludeDeleted: true,
  visible: (order, request) => !order.deleted || includesDeleted(request),
};
