import Chargebee from 'chargebee';
import type { ChargebeeConnector } from '../../connectors/chargebee';
import { initialCursor } from '../../connectors/connector';
import { ValidationError } from '../../connectors/errors';
import { type SandboxedChargebee, rejectionOf, startSandboxedChargebee } from './chargebee-helpers';

/** A customer and a product to sell, as the dataflow would have created them first. */
async function seedCustomerAndItem(connector: ChargebeeConnector): Promise<void> {
  await connector.create(
    'customer',
    { company: 'Fjord AS', email: 'post@fjord.no' },
    { preferredId: 'pogo-c-1', idempotencyKey: 'c-1' },
  );
  await connector.create('item', { name: 'Consulting hour' }, { preferredId: 'pogo-p-1', idempotencyKey: 'p-1' });
}

const salesOrder = (poNumber: string) => ({
  customer_id: 'pogo-c-1',
  currency_code: 'NOK',
  po_number: poNumber,
  order_line_items: [
    { item_id: 'pogo-p-1', quantity: 3, unit_price: 95000, description: 'Workshop' },
    { description: 'Travel', quantity: 1, unit_price: 12050, amount: 12050 },
  ],
});

async function invoicesOf(connector: ChargebeeConnector, customerId: string) {
  return connector.findByKey('invoice', { field: 'customer_id', value: customerId });
}

describe('Chargebee order flow on a legacy site (POST /orders)', () => {
  let cb: SandboxedChargebee;
  beforeAll(async () => {
    cb = await startSandboxedChargebee({ legacyOrders: true });
    await seedCustomerAndItem(cb.connector);
  });
  afterAll(async () => cb.close());

  test('creates item price, invoice and order; the order follows from the invoice', async () => {
    const options = { preferredId: 'so-0001', idempotencyKey: 'order-so-0001' };
    const order = await cb.connector.create('order', salesOrder('SO-1'), options);
    expect(order).toMatchObject({ type: 'order', id: 'so-0001', deleted: false });
    expect(order.data).toMatchObject({ customer_id: 'pogo-c-1', currency_code: 'NOK' });
    const invoiceId = String(order.data['invoice_id']);
    expect((await cb.connector.findOrderForInvoice(invoiceId))?.id).toBe('so-0001');

    const invoices = await invoicesOf(cb.connector, 'pogo-c-1');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.data).toMatchObject({ po_number: 'SO-1', currency_code: 'NOK' });

    // Retried (the first answer was lost): no second invoice, the same order.
    const retried = await cb.connector.create('order', salesOrder('SO-1'), options);
    expect(retried.id).toBe('so-0001');
    expect(await invoicesOf(cb.connector, 'pogo-c-1')).toHaveLength(1);
  });

  test('orders appear in the order change feed', async () => {
    const ids: string[] = [];
    for await (const page of cb.connector.readChanges('order', initialCursor()))
      ids.push(...page.records.map((record) => record.id));
    expect(ids).toEqual(['so-0001']);
  });

  test('a fractional quantity travels as quantity_in_decimal', async () => {
    const order = await cb.connector.create(
      'order',
      {
        customer_id: 'pogo-c-1',
        currency_code: 'NOK',
        po_number: 'SO-2',
        order_line_items: [{ item_id: 'pogo-p-1', quantity: 1.5, unit_price: 10000 }],
      },
      { preferredId: 'so-0002', idempotencyKey: 'order-so-0002' },
    );
    const invoice = (await invoicesOf(cb.connector, 'pogo-c-1')).find(
      (record) => record.id === order.data['invoice_id'],
    );
    expect(invoice?.data['line_items']).toEqual([expect.objectContaining({ quantity_in_decimal: '1.5' })]);
  });

  test('a negative line is refused before anything is written, naming the field', async () => {
    const before = await invoicesOf(cb.connector, 'pogo-c-1');
    const error = await rejectionOf(
      cb.connector.create(
        'order',
        {
          customer_id: 'pogo-c-1',
          currency_code: 'NOK',
          po_number: 'SO-3',
          order_line_items: [{ item_id: 'pogo-p-1', quantity: 1, unit_price: -100 }],
        },
        { preferredId: 'so-0003', idempotencyKey: 'order-so-0003' },
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'order_line_items.0.unit_price' });
    expect(await invoicesOf(cb.connector, 'pogo-c-1')).toHaveLength(before.length);
  });
});

describe('Chargebee order flow on a current site (orders appear when invoices are paid)', () => {
  let cb: SandboxedChargebee;
  beforeAll(async () => {
    cb = await startSandboxedChargebee({ legacyOrders: false });
    await seedCustomerAndItem(cb.connector);
  });
  afterAll(async () => cb.close());

  test('returns the invoice, and a retry finds it instead of billing twice', async () => {
    const options = { preferredId: 'so-0001', idempotencyKey: 'order-so-0001' };
    const first = await cb.connector.create('order', salesOrder('SO-1'), options);
    expect(first.type).toBe('invoice');
    expect(first.data).toMatchObject({ customer_id: 'pogo-c-1', po_number: 'SO-1' });
    expect(await cb.connector.findOrderForInvoice(first.id)).toBeNull();

    // A retry with a new key (say, after the idempotency window): still found by po_number.
    const retried = await cb.connector.create('order', salesOrder('SO-1'), {
      ...options,
      idempotencyKey: 'order-so-0001-later',
    });
    expect(retried).toMatchObject({ type: 'invoice', id: first.id });
    expect(await invoicesOf(cb.connector, 'pogo-c-1')).toHaveLength(1);
  });

  test('once the invoice is paid, Chargebee’s order is found for it and a new create links to it', async () => {
    const [invoice] = await invoicesOf(cb.connector, 'pogo-c-1');
    if (invoice === undefined) throw new Error('the invoice of the previous test is missing');
    // Paid by hand in Chargebee (through the plain SDK, as the web app would record it).
    const sdk = new Chargebee({
      site: String(cb.sandbox.settings['site']),
      hostSuffix: String(cb.sandbox.settings['hostSuffix']),
      protocol: 'http',
      port: Number(cb.sandbox.settings['port']),
      apiKey: String(cb.sandbox.credentials['apiKey']),
    });
    await sdk.invoice.recordPayment(invoice.id, { transaction: { payment_method: 'bank_transfer' } });
    const order = await cb.connector.findOrderForInvoice(invoice.id);
    expect(order).toMatchObject({
      type: 'order',
      data: expect.objectContaining({ invoice_id: invoice.id, customer_id: 'pogo-c-1' }),
    });
    const again = await cb.connector.create('order', salesOrder('SO-1'), {
      preferredId: 'so-0001',
      idempotencyKey: 'order-so-0001-third',
    });
    expect(again).toMatchObject({ type: 'order', id: order?.id });
  });
});
