/**
 * What an order costs on the binding budget: counted by the Chargebee sandbox, route by route. A first attempt
 * (`mayExist: false`) spends only the writes; an item price is created once per worker process; a retry still
 * finds what the first attempt created.
 */
import { type SandboxedChargebee, startSandboxedChargebee } from './chargebee-helpers';

const salesOrder = (poNumber: string) => ({
  customer_id: 'pogo-c-1',
  currency_code: 'NOK',
  po_number: poNumber,
  order_line_items: [{ item_id: 'pogo-p-1', quantity: 2, unit_price: 50000 }],
});

async function requestsDuring(cb: SandboxedChargebee, work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = cb.sandbox.http.stats().byRoute;
  await work();
  const after = cb.sandbox.http.stats().byRoute;
  return Object.fromEntries(
    Object.entries(after)
      .map(([route, count]): [string, number] => [
        route.replace(/\/(so|pogo)-[^/]+$/, '/:id'),
        count - (before[route] ?? 0),
      ])
      .filter(([, count]) => count > 0),
  );
}

describe.each([true, false])('Chargebee orders, legacy orders %s', (legacyOrders) => {
  let cb: SandboxedChargebee;
  beforeAll(async () => {
    cb = await startSandboxedChargebee({ legacyOrders });
    await cb.connector.create('customer', { company: 'Fjord AS' }, { preferredId: 'pogo-c-1', idempotencyKey: 'c-1' });
    await cb.connector.create('item', { name: 'Hour' }, { preferredId: 'pogo-p-1', idempotencyKey: 'p-1' });
    await cb.connector.checkSite();
  });
  afterAll(async () => cb.close());

  test('a first attempt spends only writes, and an item price is created once', async () => {
    const first = await requestsDuring(cb, () =>
      cb.connector.create('order', salesOrder('SO-1'), { preferredId: 'so-1', idempotencyKey: 'k-1', mayExist: false }),
    );
    const writes = {
      'POST /api/v2/item_prices': 1,
      'POST /api/v2/invoices/create_for_charge_items_and_charges': 1,
      ...(legacyOrders ? { 'POST /api/v2/orders': 1 } : {}),
    };
    expect(first).toEqual(writes);
    const second = await requestsDuring(cb, () =>
      cb.connector.create('order', salesOrder('SO-2'), { preferredId: 'so-2', idempotencyKey: 'k-2', mayExist: false }),
    );
    const { 'POST /api/v2/item_prices': _price, ...withoutPrice } = writes;
    expect(second).toEqual(withoutPrice);
  });

  test('orders that need the same new item price at once share one create', async () => {
    await cb.connector.create('item', { name: 'Day' }, { preferredId: 'pogo-p-2', idempotencyKey: 'p-2' });
    const order = (n: number) => ({
      ...salesOrder(`SO-P${n}`),
      order_line_items: [{ item_id: 'pogo-p-2', quantity: 1, unit_price: 700000 }],
    });
    const requests = await requestsDuring(cb, () =>
      Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          cb.connector.create('order', order(n), {
            preferredId: `so-p${n}`,
            idempotencyKey: `kp-${n}`,
            mayExist: false,
          }),
        ),
      ),
    );
    expect(requests['POST /api/v2/item_prices']).toBe(1);
  });

  test('a retry (mayExist by default) finds the invoice the first attempt created: no second invoice', async () => {
    const options = { preferredId: 'so-3', idempotencyKey: 'k-3' };
    const created = await cb.connector.create('order', salesOrder('SO-3'), { ...options, mayExist: false });
    const retried = await requestsDuring(cb, () => cb.connector.create('order', salesOrder('SO-3'), options));
    expect(retried['POST /api/v2/invoices/create_for_charge_items_and_charges']).toBeUndefined();
    expect(retried['GET /api/v2/invoices']).toBe(1);
    const again = await cb.connector.create('order', salesOrder('SO-3'), options);
    expect(again.id).toBe(created.id);
  });
});
