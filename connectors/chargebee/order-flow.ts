/**
 * Writing a sales order to Chargebee (decisions 7, reference §3.5). An order cannot be created with a customer
 * and lines; it hangs off an invoice. So:
 *   1. an item price per (item, currency) for every line with an item;
 *   2. the invoice for the customer, found by po_number before it is created (a retry must not bill twice),
 *      created with the caller's idempotency key;
 *   3. the order for that invoice: found by `invoice_id[is]`, else created with legacy POST /orders where the
 *      site still has it, else not yet there: Chargebee creates it when the invoice is paid, and the returned
 *      invoice snapshot (type `invoice`) says so.
 */
import type { Invoice } from 'chargebee';
import { z } from 'zod';
import { currencyCodeSchema, decimalString, minorToMajorDecimal } from '../../model/money';
import type { CreateOptions, RecordSnapshot } from '../connector';
import { DuplicateError, ValidationError } from '../errors';
import { CHARGEBEE_SYSTEM } from './error-mapping';
import { derivedIdempotencyKey, fittedIdempotencyKey } from './idempotency';
import type { ResourceApi } from './resources';
import { isDeleted, parseChargebeeObject, toSnapshot } from './snapshot';
import { type ChargebeeTransport, idempotencyHeaders } from './transport';

/** Order ids are at most 40 characters (reference §3.4). */
export const MAX_ORDER_ID_LENGTH = 40;

export const orderLineSchema = z.object({
  item_id: z.string().min(1).optional(),
  description: z.string().optional(),
  quantity: z.number().positive({ error: 'must be more than 0' }),
  /** Minor units; fractional only for prices finer than the currency's minor unit. */
  unit_price: z.number().nonnegative({ error: 'must not be negative (a negative line parks the order)' }),
  /** Minor units, quantity × unit price; used for lines without an item. */
  amount: z.number().nonnegative({ error: 'must not be negative (a negative line parks the order)' }).optional(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderDocumentSchema = z.object({
  customer_id: z.string().min(1),
  /** Known to the minor-unit table (model/money.ts), so that every amount is read in its currency's minor units. */
  currency_code: currencyCodeSchema,
  /** The sales order id: how the invoice is found again. */
  po_number: z.string().min(1).max(100),
  order_line_items: z.array(orderLineSchema).min(1, { error: 'has no invoiceable line' }),
});
export type OrderDocument = z.infer<typeof orderDocumentSchema>;

export interface OrderFlowDeps {
  transport: ChargebeeTransport;
  orders: ResourceApi;
  invoices: ResourceApi;
  /** Whether the site accepts legacy POST /orders (site check, cached). */
  legacyOrders: () => Promise<boolean>;
  /** Item prices known to exist (`<item>-<currency>`), so that each is created or found once per process. */
  knownItemPrices: KnownIds;
}

/**
 * A bounded set of ids: remembers the most recent `limit`, so a long-running worker does not grow without end.
 * `once` runs the work that makes an id known at most once at a time: orders that need the same new item
 * price at the same moment share one create instead of each sending one (and meeting duplicate_entry).
 */
export class KnownIds {
  private readonly ids = new Set<string>();
  private readonly pending = new Map<string, Promise<void>>();
  constructor(private readonly limit = 10_000) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  async once(id: string, work: () => Promise<void>): Promise<void> {
    if (this.ids.has(id)) return;
    let running = this.pending.get(id);
    if (running === undefined) {
      running = work()
        .then(() => this.add(id))
        .finally(() => this.pending.delete(id));
      this.pending.set(id, running);
    }
    await running;
  }
  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
  }
}

type ItemPriceLine = NonNullable<Invoice.CreateForChargeItemsAndChargesInputParam['item_prices']>[number];
type ChargeLine = NonNullable<Invoice.CreateForChargeItemsAndChargesInputParam['charges']>[number];

export function parseOrderDocument(data: Record<string, unknown>, record: string): OrderDocument {
  const parsed = orderDocumentSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : undefined;
  throw new ValidationError(`Chargebee ${record}: ${field ?? 'document'} ${issue?.message ?? 'is invalid'}`, {
    system: CHARGEBEE_SYSTEM,
    record,
    ...(field ? { field } : {}),
  });
}

export async function createOrder(
  deps: OrderFlowDeps,
  data: Record<string, unknown>,
  options: CreateOptions,
): Promise<RecordSnapshot> {
  const record = `order ${options.preferredId ?? `for po_number ${String(data['po_number'])}`}`;
  const order = parseOrderDocument(data, record);
  if (options.preferredId !== undefined && options.preferredId.length > MAX_ORDER_ID_LENGTH) {
    throw new ValidationError(`Chargebee ${record}: the order id is longer than ${MAX_ORDER_ID_LENGTH} characters`, {
      system: CHARGEBEE_SYSTEM,
      record,
      field: 'id',
    });
  }

  // A first attempt skips the look-ups: nothing can exist yet (the idempotency key covers a retried request).
  const mayExist = options.mayExist !== false;
  const found = mayExist ? await findInvoice(deps, order) : null;
  const invoice = found ?? (await createInvoice(deps, order, options.idempotencyKey));
  if (found !== null) {
    const existing = await findOrderForInvoice(deps, invoice.id);
    if (existing) return existing;
  }
  if (!(await deps.legacyOrders())) {
    // Paid at once (auto collection): Chargebee has made the order already, before any poller can see it.
    if (found === null && invoice.data['status'] === 'paid')
      return (await findOrderForInvoice(deps, invoice.id)) ?? invoice;
    return invoice;
  }
  // A retried POST /orders meets duplicate_entry on the order id and links to it (createLegacyOrder).
  return createLegacyOrder(deps, invoice.id, options);
}

/** The live order Chargebee made (or linkflow created) for an invoice, or null while there is none. */
export async function findOrderForInvoice(
  deps: Pick<OrderFlowDeps, 'orders'>,
  invoiceId: string,
): Promise<RecordSnapshot | null> {
  const page = await deps.orders.list({ limit: 100, equals: { invoice_id: invoiceId } });
  for (const raw of page.items) {
    const object = parseChargebeeObject('order', raw);
    if (!isDeleted('order', object)) return toSnapshot('order', object);
  }
  return null;
}

const invoiceMatchSchema = z.looseObject({ po_number: z.string().optional(), deleted: z.boolean().optional() });

/** The customer's invoice for this sales order (invoices take no client id: the po_number is the link). */
async function findInvoice(deps: OrderFlowDeps, order: OrderDocument): Promise<RecordSnapshot | null> {
  let offset: string | undefined;
  do {
    const page = await deps.invoices.list({
      limit: 100,
      equals: { customer_id: order.customer_id },
      ...(offset !== undefined ? { offset } : {}),
    });
    for (const raw of page.items) {
      const match = invoiceMatchSchema.safeParse(raw);
      if (match.success && match.data.po_number === order.po_number && match.data.deleted !== true)
        return toSnapshot('invoice', raw);
    }
    offset = page.next;
  } while (offset !== undefined);
  return null;
}

async function createInvoice(
  deps: OrderFlowDeps,
  order: OrderDocument,
  idempotencyKey: string,
): Promise<RecordSnapshot> {
  const itemPrices: ItemPriceLine[] = [];
  const charges: ChargeLine[] = [];
  for (const [index, line] of order.order_line_items.entries()) {
    if (line.item_id !== undefined) {
      const itemPriceId = await ensureItemPrice(
        deps,
        line.item_id,
        order.currency_code,
        line.unit_price,
        idempotencyKey,
      );
      itemPrices.push(itemPriceLine(itemPriceId, line, order.currency_code));
    } else {
      charges.push(chargeLine(line, index, order.currency_code));
    }
  }
  const record = `invoice for customer ${order.customer_id}, po_number ${order.po_number}`;
  const result = await deps.transport.send({ action: 'create invoice', record }, (sdk) =>
    sdk.invoice.createForChargeItemsAndCharges(
      {
        customer_id: order.customer_id,
        currency_code: order.currency_code,
        po_number: order.po_number,
        ...(itemPrices.length > 0 ? { item_prices: itemPrices } : {}),
        ...(charges.length > 0 ? { charges } : {}),
      },
      idempotencyHeaders(fittedIdempotencyKey(idempotencyKey)),
    ),
  );
  return toSnapshot('invoice', result.invoice);
}

/** Whole numbers go as integers; a fractional quantity or price goes in the `_in_decimal` fields, both together. */
function itemPriceLine(itemPriceId: string, line: OrderLine, currency: string): ItemPriceLine {
  const fractional = !Number.isInteger(line.quantity) || !Number.isInteger(line.unit_price);
  const description =
    line.description !== undefined && line.description !== '' ? { description: line.description } : {};
  return fractional
    ? {
        item_price_id: itemPriceId,
        quantity_in_decimal: decimalString(line.quantity),
        unit_price_in_decimal: minorToMajorDecimal(line.unit_price, currency),
        ...description,
      }
    : { item_price_id: itemPriceId, quantity: line.quantity, unit_price: line.unit_price, ...description };
}

/** A line without a product: an ad-hoc charge of the line's amount. */
function chargeLine(line: OrderLine, index: number, currency: string): ChargeLine {
  const amount = line.amount ?? line.quantity * line.unit_price;
  const description =
    line.description !== undefined && line.description !== '' ? line.description : `Line ${index + 1}`;
  return Number.isInteger(amount)
    ? { amount, description }
    : { amount_in_decimal: minorToMajorDecimal(amount, currency), description };
}

/**
 * Item price `<item>-<currency>`, per unit, priced at the first line's unit price (lines override it). Created
 * first, not looked up: a price that exists answers duplicate_entry, so each price costs one request per
 * worker process, then none (`knownItemPrices`). Its idempotency key derives from the order's: a retry replays,
 * while two orders racing to create the same price send different keys and the loser meets duplicate_entry
 * (one key with other parameters would be refused).
 */
async function ensureItemPrice(
  deps: OrderFlowDeps,
  itemId: string,
  currency: string,
  unitPrice: number,
  orderIdempotencyKey: string,
): Promise<string> {
  const id = `${itemId}-${currency}`;
  const record = `item_price ${id}`;
  const price = Number.isInteger(unitPrice)
    ? { price: unitPrice }
    : { price_in_decimal: minorToMajorDecimal(unitPrice, currency) };
  await deps.knownItemPrices.once(id, async () => {
    try {
      await deps.transport.send({ action: 'create item price', record }, (sdk) =>
        sdk.itemPrice.create(
          {
            id,
            name: `${itemId} ${currency}`,
            item_id: itemId,
            currency_code: currency,
            pricing_model: 'per_unit',
            ...price,
          },
          idempotencyHeaders(derivedIdempotencyKey(orderIdempotencyKey, `item-price:${id}`)),
        ),
      );
    } catch (error) {
      if (!(error instanceof DuplicateError)) throw error;
    }
  });
  return id;
}

async function createLegacyOrder(
  deps: OrderFlowDeps,
  invoiceId: string,
  options: CreateOptions,
): Promise<RecordSnapshot> {
  const record = `order ${options.preferredId ?? '(new)'} for invoice ${invoiceId}`;
  try {
    const result = await deps.transport.send({ action: 'create order', record }, (sdk) =>
      sdk.order.create(
        { invoice_id: invoiceId, ...(options.preferredId !== undefined ? { id: options.preferredId } : {}) },
        idempotencyHeaders(derivedIdempotencyKey(options.idempotencyKey, 'order')),
      ),
    );
    return toSnapshot('order', result.order);
  } catch (error) {
    // The id exists: an earlier attempt created it. Link to it if it is the order of this invoice.
    if (error instanceof DuplicateError && options.preferredId !== undefined) {
      const existing = toSnapshot('order', await deps.orders.retrieve(options.preferredId));
      if (existing.data['invoice_id'] === invoiceId) return existing;
    }
    throw error;
  }
}
