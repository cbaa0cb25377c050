import type Chargebee from 'chargebee';
import { ChargebeeTestSandboxes, failure } from './chargebee-helpers';

const sandboxes = new ChargebeeTestSandboxes('cb-orders-');

async function start(name: string, legacyOrders: boolean): Promise<Chargebee> {
  return (await sandboxes.start(name, { legacyOrders, rateLimitPerMinute: 10_000 })).chargebee;
}

/** A Norwegian customer, a charge item with a NOK price: what a sales order needs before its invoice. */
async function catalogue(chargebee: Chargebee, country = 'NO'): Promise<void> {
  await chargebee.customer.create({ id: 'pogo-c-10', company: 'Fjellvann AS', billing_address: { country } });
  await chargebee.itemFamily.create({ id: 'products', name: 'Products' });
  await chargebee.item.create({
    id: 'pogo-p-7',
    name: 'Vannfilter',
    type: 'charge',
    item_family_id: 'products',
    is_shippable: true,
  });
  await chargebee.itemPrice.create({
    id: 'pogo-p-7-NOK',
    name: 'Vannfilter NOK',
    item_id: 'pogo-p-7',
    currency_code: 'NOK',
    pricing_model: 'per_unit',
    price: 12_000,
  });
}

afterAll(async () => {
  await sandboxes.cleanUp();
});

describe('the order flow through the official SDK', () => {
  test('legacy site: item price → invoice with item prices and a charge → POST /orders', async () => {
    const chargebee = await start('legacy', true);
    await catalogue(chargebee);
    const price = (await chargebee.itemPrice.retrieve('pogo-p-7-NOK')).item_price;
    expect(price).toMatchObject({
      item_id: 'pogo-p-7',
      item_type: 'charge',
      currency_code: 'NOK',
      price: 12_000,
      object: 'item_price',
    });
    expect(
      (await chargebee.itemPrice.list({ item_id: { is: 'pogo-p-7' }, currency_code: { is: 'NOK' } })).list,
    ).toHaveLength(1);

    const invoice = (
      await chargebee.invoice.createForChargeItemsAndCharges(
        {
          customer_id: 'pogo-c-10',
          currency_code: 'NOK',
          po_number: 'so-0b8e',
          item_prices: [
            { item_price_id: 'pogo-p-7-NOK', quantity: 3 },
            { item_price_id: 'pogo-p-7-NOK', quantity_in_decimal: '1.5', unit_price_in_decimal: '10.50' },
          ],
          charges: [{ amount: 5_000, description: 'Frakt' }],
        },
        { 'chargebee-idempotency-key': 'invoice-so-0b8e' },
      )
    ).invoice;
    expect(invoice).toMatchObject({
      customer_id: 'pogo-c-10',
      currency_code: 'NOK',
      po_number: 'so-0b8e',
      status: 'payment_due',
      object: 'invoice',
    });
    const lines = invoice.line_items ?? [];
    expect(
      lines.map((line) => [
        line.entity_type,
        line.unit_amount,
        line.quantity,
        line.amount,
        line.tax_rate,
        line.tax_amount,
      ]),
    ).toEqual([
      ['charge_item_price', 12_000, 3, 36_000, 25, 9_000],
      ['charge_item_price', 1_050, undefined, 1_575, 25, 394],
      ['adhoc', 5_000, 1, 5_000, 25, 1_250],
    ]);
    expect(lines[1]).toMatchObject({ quantity_in_decimal: '1.5', unit_amount_in_decimal: '10.50' });
    expect(invoice).toMatchObject({ sub_total: 42_575, tax: 10_644, total: 53_219, amount_due: 53_219 });

    // Invoices take no id: a client finds one by customer and compares po_number (there is no po_number filter).
    const byCustomer = await chargebee.invoice.list({ customer_id: { is: 'pogo-c-10' } });
    expect(byCustomer.list.map((entry) => entry.invoice.po_number)).toEqual(['so-0b8e']);
    const byPo = await failure(chargebee.invoice.list({ po_number: { is: 'so-0b8e' } } as Record<string, unknown>));
    expect(byPo).toMatchObject({ http_status_code: 400, param: 'po_number' });

    const order = (await chargebee.order.create({ id: 'so-0b8e', invoice_id: invoice.id, reference_id: 'PO-1001' }))
      .order;
    expect(order).toMatchObject({
      id: 'so-0b8e',
      invoice_id: invoice.id,
      customer_id: 'pogo-c-10',
      currency_code: 'NOK',
      status: 'new',
      order_type: 'manual',
      sub_total: 42_575,
      tax: 10_644,
      total: 53_219,
      reference_id: 'PO-1001',
      deleted: false,
    });
    const orderLines = order.order_line_items ?? [];
    expect(
      orderLines.map((line) => [
        line.invoice_line_item_id,
        line.unit_price,
        line.amount,
        line.fulfillment_quantity,
        line.tax_amount,
        line.entity_type,
        line.entity_id,
      ]),
    ).toEqual(
      lines.map((line) => [
        line.id,
        line.unit_amount,
        line.amount,
        line.quantity ?? 1,
        line.tax_amount,
        line.entity_type,
        line.entity_id,
      ]),
    );
    expect(orderLines[0]).toMatchObject({
      invoice_id: invoice.id,
      object: 'order_line_item',
      description: 'Vannfilter NOK',
    });

    const duplicate = await failure(chargebee.order.create({ id: 'so-0b8e', invoice_id: invoice.id }));
    expect(duplicate).toMatchObject({ http_status_code: 400, api_error_code: 'duplicate_entry', param: 'id' });

    const found = await chargebee.order.list({ invoice_id: { is: invoice.id } });
    expect(found.list.map((entry) => entry.order.id)).toEqual(['so-0b8e']);
    const updated = (
      await chargebee.order.update('so-0b8e', {
        status: 'processing',
        note: 'Pakkes fredag',
        fulfillment_status: 'picking',
      })
    ).order;
    expect(updated).toMatchObject({ status: 'processing', note: 'Pakkes fredag', fulfillment_status: 'picking' });
    expect(updated.resource_version).toBeGreaterThan(order.resource_version ?? 0);
    expect((await chargebee.order.retrieve('so-0b8e')).order).toEqual(updated);
    const lineId = orderLines[1]?.id ?? '';
    const shipped = (
      await chargebee.order.update('so-0b8e', { order_line_items: [{ id: lineId, status: 'shipped', sku: 'VF-1' }] })
    ).order;
    expect(shipped.order_line_items?.[1]).toMatchObject({ id: lineId, status: 'shipped', sku: 'VF-1' });
    expect(shipped.order_line_items?.[0]?.status).toBe('queued');
    const badLine = await failure(chargebee.order.update('so-0b8e', { order_line_items: [{ id: 'nope' }] }));
    expect(badLine).toMatchObject({ http_status_code: 400, param: 'order_line_items[id][0]' });
    expect(
      (await chargebee.order.list({ status: { is: 'processing' }, 'sort_by[desc]': 'updated_at' })).list,
    ).toHaveLength(1);

    const events = await chargebee.event.list({ 'sort_by[asc]': 'occurred_at', limit: 100 });
    expect(events.list.map((entry) => entry.event.event_type)).toEqual([
      'customer_created',
      'item_family_created',
      'item_created',
      'item_price_created',
      'invoice_generated',
      'order_created',
      'order_updated',
      'order_updated',
    ]);
    const orderEvents = await chargebee.event.list({
      event_type: { in: ['order_created', 'order_updated'] },
      occurred_at: { after: (invoice.date ?? 0) - 1 },
      'sort_by[asc]': 'occurred_at',
    });
    expect(orderEvents.list.map((entry) => [entry.event.event_type, entry.event.source])).toEqual([
      ['order_created', 'api'],
      ['order_updated', 'api'],
      ['order_updated', 'api'],
    ]);
    const firstEvent = orderEvents.list[0]?.event;
    expect((await chargebee.event.retrieve(firstEvent?.id ?? '')).event).toEqual(firstEvent);
    expect((orderEvents.list[1]?.event.content as { order: { status: string } }).order.status).toBe('processing');
  });

  test('invoice refusals name the parameter', async () => {
    const chargebee = await start('refusals', true);
    await catalogue(chargebee);
    const unknownCustomer = await failure(
      chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'nobody',
        charges: [{ amount: 100, description: 'x' }],
      }),
    );
    expect(unknownCustomer).toMatchObject({ http_status_code: 404, param: 'customer_id' });
    const unknownPrice = await failure(
      chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'pogo-c-10',
        item_prices: [{ item_price_id: 'pogo-p-7-NOK' }, { item_price_id: 'nope' }],
      }),
    );
    expect(unknownPrice).toMatchObject({ http_status_code: 404, param: 'item_prices[item_price_id][1]' });
    const wrongCurrency = await failure(
      chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'pogo-c-10',
        currency_code: 'SEK',
        item_prices: [{ item_price_id: 'pogo-p-7-NOK' }],
      }),
    );
    expect(wrongCurrency).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'item_prices[item_price_id][0]',
    });
    const badQuantity = await failure(
      chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'pogo-c-10',
        item_prices: [{ item_price_id: 'pogo-p-7-NOK', quantity_in_decimal: 'abc' }],
      }),
    );
    expect(badQuantity).toMatchObject({ param: 'item_prices[quantity_in_decimal][0]' });
    const empty = await failure(chargebee.invoice.createForChargeItemsAndCharges({ customer_id: 'pogo-c-10' }));
    expect(empty).toMatchObject({ http_status_code: 400, param: 'item_prices' });
  });

  test('customers abroad pay no Norwegian VAT', async () => {
    const chargebee = await start('export', true);
    await catalogue(chargebee, 'SE');
    const invoice = (
      await chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'pogo-c-10',
        item_prices: [{ item_price_id: 'pogo-p-7-NOK', quantity: 2 }],
      })
    ).invoice;
    expect(invoice).toMatchObject({ sub_total: 24_000, tax: 0, total: 24_000 });
    expect(invoice.line_items?.[0]).toMatchObject({
      tax_rate: 0,
      tax_amount: 0,
      is_taxed: false,
      tax_exempt_reason: 'region_non_taxable',
    });
  });

  test('current site: POST /orders is refused; paying the invoice makes the order appear', async () => {
    const chargebee = await start('current', false);
    await catalogue(chargebee);
    const invoice = (
      await chargebee.invoice.createForChargeItemsAndCharges({
        customer_id: 'pogo-c-10',
        po_number: 'so-77',
        item_prices: [{ item_price_id: 'pogo-p-7-NOK', quantity: 1 }],
      })
    ).invoice;

    const refused = await failure(chargebee.order.create({ invoice_id: invoice.id }));
    expect(refused).toMatchObject({ http_status_code: 400, api_error_code: 'configuration_incompatible' });
    expect(String(refused.message)).toContain('2018-09-30');
    expect((await chargebee.order.list({ invoice_id: { is: invoice.id } })).list).toHaveLength(0);

    const partial = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { amount: 5_000, payment_method: 'bank_transfer' },
    });
    expect(partial.invoice).toMatchObject({ status: 'payment_due', amount_paid: 5_000, amount_due: 10_000 });
    expect((await chargebee.order.list({ invoice_id: { is: invoice.id } })).list).toHaveLength(0);

    const paid = await chargebee.invoice.recordPayment(invoice.id, {
      transaction: { payment_method: 'bank_transfer', reference_number: 'KID 123' },
    });
    expect(paid.invoice).toMatchObject({ status: 'paid', amount_paid: 15_000, amount_due: 0 });
    expect(paid.transaction).toMatchObject({
      amount: 10_000,
      status: 'success',
      payment_method: 'bank_transfer',
      type: 'payment',
    });

    const orders = await chargebee.order.list({ invoice_id: { is: invoice.id } });
    expect(orders.list).toHaveLength(1);
    expect(orders.list[0]?.order).toMatchObject({
      customer_id: 'pogo-c-10',
      order_type: 'system_generated',
      payment_status: 'paid',
      total: 15_000,
    });

    const again = await failure(
      chargebee.invoice.recordPayment(invoice.id, { transaction: { payment_method: 'cash' } }),
    );
    expect(again).toMatchObject({ http_status_code: 409, api_error_code: 'invalid_state_for_request' });
  });
});
