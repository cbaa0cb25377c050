/**
 * What the connector can do per type on the real Chargebee API, with the reasons for what it cannot
 * (decisions 6). The CLI and the docs print these notes.
 */
import type { TypeCapabilities } from '../connector';

/** Why business entities are out of reach (reference §3.2); shown by the CLI, `--json` and the docs. */
export const BUSINESS_ENTITY_UNSUPPORTED_REASON =
  "Chargebee's public API cannot create, read or change business entities: they are managed only in the " +
  'Chargebee web app (Settings › Configure Chargebee › Multiple Business Entities). The API offers only ' +
  'transfers of customers between existing entities.';

export const ORDER_NOTES =
  'Orders are written through an invoice: linkflow creates the invoice for the customer (one line per ' +
  'invoiceable sales order line) and the order follows from it, created at once on sites with legacy order ' +
  'creation, otherwise by Chargebee when the invoice is paid. Order fields (currency_code, customer_id, ' +
  'order_line_items) are derived from the invoice and cannot be changed afterwards: these pairs are one-way.';

export const INVOICE_NOTES =
  'Invoices are read to link sales orders (found by customer and po_number); linkflow creates them only as ' +
  'part of writing an order.';

export function chargebeeCapabilities(): Record<string, TypeCapabilities> {
  return {
    customer: { read: true, create: true, update: true },
    item: {
      read: true,
      create: true,
      update: true,
      notes:
        'Items linkflow creates are of type charge, in the item family `linkflow`, sold through one item price per currency.',
    },
    order: { read: true, create: true, update: false, notes: ORDER_NOTES },
    invoice: { read: true, create: false, update: false, notes: INVOICE_NOTES },
    business_entity: { read: false, create: false, update: false, notes: BUSINESS_ENTITY_UNSUPPORTED_REASON },
  };
}
