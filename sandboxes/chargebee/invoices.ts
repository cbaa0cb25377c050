/**
 * One-off invoices (`create_for_charge_items_and_charges`) and recorded payments: the path by which an order
 * comes to exist on the real API. Lines are priced from the item price (or the request's `unit_price`),
 * amounts are `unit_amount × quantity` in minor units, and tax follows the site's rule (site.ts). A recorded
 * payment that settles the invoice marks it paid; on sites without legacy Orders that also creates the order.
 */
import type { Invoice, Transaction } from 'chargebee';
import { minorUnitExponent } from '../../model/money';
import type { SandboxStore } from '../common/store';
import { invalidState, notFound, wrongValue } from './api-error';
import { nextVersion, toSeconds } from './clock';
import { liveCustomer } from './customers';
import { liveItemPrice } from './catalog';
import { appendEvent, randomId, type EventSource } from './events';
import { includesDeleted, type ListSpec } from './list-query';
import { COLLECTIONS, insertRecord, readRecord, replaceRecord, type StoredRecord } from './records';
import { taxFor, taxOn, type SiteConfig } from './site';

export interface ItemPriceLine {
  item_price_id: string;
  quantity?: number;
  quantity_in_decimal?: string;
  unit_price?: number;
  unit_price_in_decimal?: string;
  description?: string;
}

export interface ChargeLine {
  amount?: number;
  amount_in_decimal?: string;
  description: string;
  taxable?: boolean;
}

export interface InvoiceCreate {
  customer_id: string;
  currency_code?: string;
  po_number?: string;
  invoice_note?: string;
  item_prices: ItemPriceLine[];
  charges: ChargeLine[];
}

export interface PaymentInput {
  amount?: number;
  payment_method: Transaction['payment_method'];
  reference_number?: string;
  date?: number;
  status?: 'success' | 'failure';
  comment?: string;
}

type LineItem = Invoice.LineItem & { object: 'line_item' };
type LineItemTax = Invoice.LineItemTax & { object: 'line_item_tax' };

/**
 * Minor units of a decimal amount in major units, per the currency's ISO 4217 exponent ("12.50" NOK → 1250,
 * "1000" ISK → 1000), kept fractional until the line total.
 */
const minorOf = (major: string, currency: string): number => Number(major) * 10 ** minorUnitExponent(currency);
const majorString = (minor: number, currency: string): string =>
  (minor / 10 ** minorUnitExponent(currency)).toFixed(minorUnitExponent(currency));

function priceLine(
  store: SandboxStore,
  line: ItemPriceLine,
  index: number,
  currency: string,
): Omit<LineItem, 'id' | 'date_from' | 'date_to' | 'is_taxed' | 'customer_id'> & { taxable: boolean } {
  const param = (field: string) => `item_prices[${field}][${index}]`;
  const itemPrice = liveItemPrice(store, line.item_price_id, param('item_price_id')).resource;
  if (itemPrice.item_type !== 'charge')
    throw wrongValue(
      param('item_price_id'),
      `item price ${itemPrice.id} belongs to a ${String(itemPrice.item_type)} item; only charge item prices can be invoiced this way`,
    );
  if (itemPrice.currency_code !== currency)
    throw wrongValue(
      param('item_price_id'),
      `item price ${itemPrice.id} is in ${itemPrice.currency_code}, the invoice in ${currency}`,
    );
  if (line.quantity !== undefined && line.quantity_in_decimal !== undefined)
    throw wrongValue(param('quantity'), 'give quantity or quantity_in_decimal, not both');
  if (line.unit_price !== undefined && line.unit_price_in_decimal !== undefined)
    throw wrongValue(param('unit_price'), 'give unit_price or unit_price_in_decimal, not both');
  const quantity = line.quantity_in_decimal !== undefined ? Number(line.quantity_in_decimal) : (line.quantity ?? 1);
  if (quantity <= 0)
    throw wrongValue(
      param(line.quantity_in_decimal !== undefined ? 'quantity_in_decimal' : 'quantity'),
      'must be greater than 0',
    );
  const unitMinor =
    line.unit_price_in_decimal !== undefined
      ? minorOf(line.unit_price_in_decimal, currency)
      : line.unit_price !== undefined
        ? line.unit_price
        : itemPrice.price_in_decimal !== undefined && itemPrice.price === undefined
          ? minorOf(itemPrice.price_in_decimal, currency)
          : (itemPrice.price ?? 0);
  const amount = Math.round(unitMinor * quantity);
  const usesDecimals = line.quantity_in_decimal !== undefined || line.unit_price_in_decimal !== undefined;
  const result: Omit<LineItem, 'id' | 'date_from' | 'date_to' | 'is_taxed' | 'customer_id'> & { taxable: boolean } = {
    unit_amount: Math.round(unitMinor),
    amount,
    pricing_model: itemPrice.pricing_model === 'per_unit' ? 'per_unit' : 'flat_fee',
    description: line.description ?? itemPrice.external_name ?? itemPrice.name,
    entity_type: 'charge_item_price',
    entity_id: itemPrice.id,
    discount_amount: 0,
    item_level_discount_amount: 0,
    object: 'line_item',
    taxable: itemPrice.is_taxable !== false,
  };
  if (Number.isInteger(quantity)) result.quantity = quantity;
  if (usesDecimals) {
    result.quantity_in_decimal = line.quantity_in_decimal ?? String(quantity);
    result.unit_amount_in_decimal = line.unit_price_in_decimal ?? majorString(unitMinor, currency);
    result.amount_in_decimal = majorString(amount, currency);
  }
  return result;
}

function chargeLine(
  line: ChargeLine,
  index: number,
  currency: string,
): Omit<LineItem, 'id' | 'date_from' | 'date_to' | 'is_taxed' | 'customer_id'> & { taxable: boolean } {
  if (line.amount === undefined && line.amount_in_decimal === undefined)
    throw wrongValue(`charges[amount][${index}]`, 'cannot be blank');
  const amount =
    line.amount_in_decimal !== undefined ? Math.round(minorOf(line.amount_in_decimal, currency)) : (line.amount ?? 0);
  const result: Omit<LineItem, 'id' | 'date_from' | 'date_to' | 'is_taxed' | 'customer_id'> & { taxable: boolean } = {
    unit_amount: amount,
    quantity: 1,
    amount,
    pricing_model: 'flat_fee',
    description: line.description,
    entity_type: 'adhoc',
    discount_amount: 0,
    item_level_discount_amount: 0,
    object: 'line_item',
    taxable: line.taxable !== false,
  };
  if (line.amount_in_decimal !== undefined) {
    result.unit_amount_in_decimal = line.amount_in_decimal;
    result.amount_in_decimal = majorString(amount, currency);
  }
  return result;
}

export function liveInvoice(store: SandboxStore, id: string, param = 'id'): StoredRecord<Invoice> {
  const record = readRecord<Invoice>(store, COLLECTIONS.invoices, id);
  if (!record || record.resource.deleted) throw notFound('invoice', id, param);
  return record;
}

export function createInvoiceForCharges(
  store: SandboxStore,
  site: SiteConfig,
  input: InvoiceCreate,
  source: EventSource,
): Invoice {
  return store.transaction(() => {
    const customer = liveCustomer(store, input.customer_id, 'customer_id').resource;
    if (input.item_prices.length === 0 && input.charges.length === 0)
      throw wrongValue('item_prices', 'at least one item price or charge is required');
    const currency = input.currency_code ?? customer.preferred_currency_code ?? site.baseCurrency;
    const version = nextVersion(store);
    const now = toSeconds(version);
    const country = customer.billing_address?.country;
    const drafts = [
      ...input.item_prices.map((line, index) => priceLine(store, line, index, currency)),
      ...input.charges.map((line, index) => chargeLine(line, index, currency)),
    ];
    const lineItems: LineItem[] = [];
    const lineTaxes: LineItemTax[] = [];
    for (const { taxable, ...draft } of drafts) {
      const tax = taxFor(country, taxable);
      const taxAmount = taxOn(draft.amount ?? 0, tax.rate);
      const line: LineItem = {
        ...draft,
        id: randomId('li_'),
        date_from: now,
        date_to: now,
        is_taxed: tax.rate > 0,
        tax_amount: taxAmount,
        tax_rate: tax.rate,
        customer_id: customer.id,
      };
      if (tax.exemptReason) line.tax_exempt_reason = tax.exemptReason;
      lineItems.push(line);
      if (tax.rate > 0) {
        lineTaxes.push({
          line_item_id: line.id,
          tax_name: 'VAT',
          tax_rate: tax.rate,
          taxable_amount: draft.amount ?? 0,
          tax_amount: taxAmount,
          tax_juris_type: 'country',
          tax_juris_name: 'Norway',
          tax_juris_code: 'NO',
          object: 'line_item_tax',
        });
      }
    }
    const subTotal = lineItems.reduce((sum, line) => sum + (line.amount ?? 0), 0);
    const tax = lineItems.reduce((sum, line) => sum + (line.tax_amount ?? 0), 0);
    const id = String(store.nextId('invoice-number'));
    const invoice: Invoice = {
      id,
      customer_id: customer.id,
      recurring: false,
      status: 'payment_due',
      price_type: 'tax_exclusive',
      date: now,
      due_date: now + (customer.net_term_days ?? 0) * 86_400,
      net_term_days: customer.net_term_days ?? 0,
      exchange_rate: 1,
      currency_code: currency,
      tax,
      sub_total: subTotal,
      total: subTotal + tax,
      amount_due: subTotal + tax,
      amount_adjusted: 0,
      amount_paid: 0,
      write_off_amount: 0,
      credits_applied: 0,
      resource_version: version,
      updated_at: now,
      first_invoice: false,
      new_sales_amount: 0,
      has_advance_charges: false,
      term_finalized: true,
      is_gifted: false,
      generated_at: now,
      channel: 'web',
      line_items: lineItems,
      line_item_taxes: lineTaxes,
      taxes:
        tax > 0 ? [{ name: 'VAT', amount: tax, description: `VAT @ ${String(lineTaxes[0]?.tax_rate ?? 0)}%` }] : [],
      linked_payments: [],
      deleted: false,
      object: 'invoice',
    };
    if (input.po_number !== undefined) invoice.po_number = input.po_number;
    if (input.invoice_note !== undefined) invoice.notes = [{ note: input.invoice_note }];
    if (customer.billing_address) invoice.billing_address = { ...customer.billing_address };
    insertRecord(store, COLLECTIONS.invoices, id, invoice, version);
    appendEvent(store, 'invoice_generated', { invoice }, source);
    return invoice;
  });
}

export interface PaymentResult {
  invoice: Invoice;
  transaction: Transaction;
}

/** Records an offline payment. `onPaid` runs inside the same transaction once the invoice is settled. */
export function recordPayment(
  store: SandboxStore,
  id: string,
  input: PaymentInput,
  source: EventSource,
  onPaid: (invoice: Invoice) => void,
): PaymentResult {
  return store.transaction(() => {
    const record = liveInvoice(store, id);
    const current = record.resource;
    if (current.status === 'paid') throw invalidState(`invoice ${id} is already paid.`);
    if (current.status === 'voided') throw invalidState(`invoice ${id} is voided.`);
    const due = current.amount_due ?? 0;
    const amount = input.amount ?? due;
    if (amount <= 0) throw wrongValue('transaction[amount]', 'must be greater than 0');
    if (amount > due) throw wrongValue('transaction[amount]', `cannot be more than the amount due (${String(due)})`);
    const version = nextVersion(store);
    const now = toSeconds(version);
    const succeeded = (input.status ?? 'success') === 'success';
    const transaction = {
      id: randomId('txn_'),
      customer_id: current.customer_id,
      payment_method: input.payment_method,
      gateway: 'not_applicable',
      type: 'payment',
      date: input.date ?? now,
      currency_code: current.currency_code,
      amount,
      status: succeeded ? 'success' : 'failure',
      resource_version: version,
      updated_at: now,
      deleted: false,
      object: 'transaction',
      linked_invoices: [
        {
          invoice_id: id,
          applied_amount: amount,
          applied_at: now,
          invoice_date: current.date,
          invoice_total: current.total,
          invoice_status: current.status,
        },
      ],
    } as Transaction;
    if (input.reference_number !== undefined) transaction.reference_number = input.reference_number;
    insertRecord(store, COLLECTIONS.transactions, transaction.id, transaction, version);
    if (!succeeded) {
      appendEvent(store, 'payment_failed', { transaction, invoice: current }, source);
      return { invoice: current, transaction };
    }
    const invoice: Invoice = structuredClone(current);
    invoice.amount_paid = (invoice.amount_paid ?? 0) + amount;
    invoice.amount_due = due - amount;
    invoice.linked_payments = [
      ...(invoice.linked_payments ?? []),
      {
        txn_id: transaction.id,
        applied_amount: amount,
        applied_at: now,
        txn_status: 'success',
        txn_date: transaction.date,
        txn_amount: amount,
      },
    ];
    if (invoice.amount_due === 0) {
      invoice.status = 'paid';
      invoice.paid_at = now;
    }
    invoice.resource_version = version;
    invoice.updated_at = now;
    replaceRecord(store, COLLECTIONS.invoices, id, record, invoice, version);
    appendEvent(store, 'payment_succeeded', { transaction, invoice }, source);
    if (invoice.status === 'paid') onPaid(invoice);
    return { invoice, transaction };
  });
}

/**
 * The real list has no `po_number` filter (see the SDK's Invoice.ListInputParam): a client finds an invoice
 * by `customer_id[is]` and compares `po_number` itself. The sandbox refuses `po_number[…]` like any unknown filter.
 */
export const invoiceListSpec: ListSpec<Invoice> = {
  resource: 'invoice',
  filters: {
    id: 'string',
    customer_id: 'string',
    subscription_id: 'string',
    status: 'enum',
    price_type: 'enum',
    channel: 'enum',
    recurring: 'boolean',
    date: 'timestamp',
    paid_at: 'timestamp',
    updated_at: 'timestamp',
    voided_at: 'timestamp',
    total: 'number',
    amount_paid: 'number',
    amount_adjusted: 'number',
    credits_applied: 'number',
    amount_due: 'number',
  },
  sortable: ['date', 'updated_at'],
  hasIncludeDeleted: true,
  visible: (invoice, request) => !invoice.deleted || includesDeleted(request),
};
