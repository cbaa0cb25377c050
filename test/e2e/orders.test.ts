/**
 * Orders: the customer (on demand) and items come first, and the customer is created only once even when two
 * orders for it arrive at once; lines join their order; drafts wait; an order changed after it was invoiced
 * parks with the reason.
 */
import { saveHistory } from '../support/histories';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `orders-${name}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customerCreates = () =>
  Object.entries(h.chargebee.http.stats().byRoute)
    .filter(([route]) => /^POST \/api\/v2\/customers$/.test(route))
    .reduce((sum, [, count]) => sum + count, 0);

test('two orders placed at once for a new customer create it once, first; their lines join them', async () => {
  const org = await h.po.create(
    'Customers',
    { Name: 'Dobbel Bestilling AS', OrganizationNumber: '923609016' },
    key('org'),
  );
  const bolt = await h.po.create('Products', { Name: 'Bolt M8', Code: 'B8', UnitPrice: 2.5 }, key('bolt'));
  const nut = await h.po.create('Products', { Name: 'Mutter M8', Code: 'M8', UnitPrice: 1 }, key('nut'));
  const createsBefore = customerCreates();
  const lines = [
    { ProductId: Number(bolt.id), Quantity: 100, ProductUnitPrice: 2.5 },
    { LineType: 'Text', Description: 'Levering etter avtale' },
    { ProductId: Number(nut.id), Quantity: 1.5, ProductUnitPrice: 1 },
    { Description: 'Frakt', Quantity: 1, ProductUnitPrice: 149 },
  ];
  const [first, second] = await Promise.all(
    ['a', 'b'].map((tag) =>
      h.po.create(
        'SalesOrders',
        { CustomerId: Number(org.id), SalesOrderStatus: 'Confirmed', CurrencyCode: 'NOK', SalesOrderLines: lines },
        key(`order-${tag}`),
      ),
    ),
  );
  if (!first || !second) throw new Error('orders not created');
  await h.untilStatus('SalesOrders', first.id);
  await h.untilStatus('SalesOrders', second.id);

  const customerId = `pogo-c-${org.id}`;
  expect(customerCreates() - createsBefore).toBe(1);
  const byOrgNumber = await h.cb.findByKey('customer', { field: 'cf_org_number', value: '923609016' });
  expect(byOrgNumber.map((c) => c.id)).toEqual([customerId]);
  const customer = byOrgNumber[0];
  const invoices = await h.cb.findByKey('invoice', { field: 'customer_id', value: customerId });
  expect(invoices.map((invoice) => invoice.data['po_number']).sort()).toEqual([first.id, second.id].sort());
  // The customer existed before either invoice.
  for (const invoice of invoices)
    expect(Number(invoice.data['date'] ?? invoice.changedAt / 1000)).toBeGreaterThanOrEqual(
      Number(customer?.data['created_at']),
    );
  for (const order of [first, second]) {
    const chargebeeOrder = await h.cb.get('order', `so-${order.id}`);
    expect(chargebeeOrder?.data['customer_id']).toBe(customerId);
  }

  // Lines: items with minor-unit prices, a fractional quantity in decimal, the product-less line as a charge,
  // the text line skipped.
  const lineItems = invoices[0]?.data['line_items'];
  expect(lineItems).toEqual([
    expect.objectContaining({
      entity_id: expect.stringContaining(`pogo-p-${bolt.id}`),
      unit_amount: 250,
      quantity: 100,
      amount: 25000,
    }),
    expect.objectContaining({ entity_id: expect.stringContaining(`pogo-p-${nut.id}`), unit_amount: 100, amount: 150 }),
    expect.objectContaining({ description: 'Frakt', amount: 14900 }),
  ]);
  await saveHistory(h.sync.client, h.linkId('SalesOrders', first.id), 'order-waits-in-workflow');
});

test('a draft is not invoiced until it is confirmed; a change after invoicing parks the order with the reason', async () => {
  const person = await h.po.create(
    'Customers',
    { Name: 'Utkast Person', IsPerson: true, FirstName: 'Unni', LastName: 'Tkast', EmailAddress: 'unni@example.no' },
    key('person'),
  );
  const product = await h.po.create('Products', { Name: 'Kurs', Code: 'KURS', UnitPrice: 3000 }, key('course'));
  const draft = await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(person.id),
      SalesOrderStatus: 'Draft',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 1 }],
    },
    key('draft'),
  );
  await sleep(3 * POLL_MS);
  // A draft is not written, and no link watches it until it changes.
  expect(await h.linkRuns('SalesOrders', draft.id)).toBe(false);
  expect(await h.cb.get('order', `so-${draft.id}`)).toBeNull();
  expect(await h.cb.findByKey('invoice', { field: 'customer_id', value: `pogo-c-${person.id}` })).toEqual([]);

  let current = await h.po.get('SalesOrders', draft.id);
  await h.po.update('SalesOrders', draft.id, { SalesOrderStatus: 'Confirmed' }, { previous: current?.data });
  await h.untilStatus('SalesOrders', draft.id);
  expect((await h.cb.get('order', `so-${draft.id}`))?.data['customer_id']).toBe(`pogo-c-${person.id}`);

  current = await h.po.get('SalesOrders', draft.id);
  await h.po.update('SalesOrders', draft.id, { PurchaseOrderReference: 'PO-4711' }, { previous: current?.data });
  const parked = await h.untilStatus('SalesOrders', draft.id, 'parked');
  expect(parked.parkedReason).toMatch(/changed after it was invoiced in Chargebee/);
  expect(await h.cb.findByKey('invoice', { field: 'customer_id', value: `pogo-c-${person.id}` })).toHaveLength(1);
});

test('a site with legacy order creation is never asked for its order changes', async () => {
  // Every order there is linkflow's own (the worker wrote it): the orders poller reads nothing (DECISIONS 92)
  // once the worker has checked the site, which it does before its first order write (the tests above).
  const orderLists = (): number => h.chargebee.http.stats().byRoute['GET /api/v2/orders'] ?? 0;
  const before = orderLists();
  await sleep(4 * POLL_MS);
  expect(orderLists()).toBe(before);
});
