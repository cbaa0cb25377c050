/**
 * A first sync reads what orders refer to before the orders (docs/DECISIONS.md 93): an order already in
 * PowerOffice GO when the sync starts finds its customer and items linked when it is first read, and is written
 * in its first activity without asking any of them. Read at the same time as them, it asked each one.
 */
import { namedEventsOf as eventNamesOf } from '../support/history-events';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const namedEventsOf = (workflowId: string): Promise<string[]> => eventNamesOf(h.sync.client, workflowId);

test('orders there before the sync starts are read after their customer and items, and ask neither', async () => {
  const key = (name: string) => ({ idempotencyKey: `first-sync-${name}` });
  const person = await h.po.create(
    'Customers',
    { FirstName: 'Ingrid', LastName: 'Førsteby', IsPerson: true, EmailAddress: 'ingrid.forsteby@example.no' },
    key('person'),
  );
  const products = await Promise.all(
    ['Hammer', 'Sag', 'Vater'].map((name, index) =>
      h.po.create('Products', { Name: name, Code: `FS${index}`, UnitPrice: 10 + index }, key(`product-${index}`)),
    ),
  );
  const orders = await Promise.all(
    ['a', 'b'].map((tag) =>
      h.po.create(
        'SalesOrders',
        {
          CustomerId: Number(person.id),
          SalesOrderStatus: 'Confirmed',
          CurrencyCode: 'NOK',
          SalesOrderLines: products.map((product) => ({
            ProductId: Number(product.id),
            Quantity: 1,
            ProductUnitPrice: 10,
          })),
        },
        key(`order-${tag}`),
      ),
    ),
  );
  await h.start();
  for (const order of orders) {
    await h.linkedTarget('SalesOrders', order.id);
    const events = await namedEventsOf(h.linkId('SalesOrders', order.id));
    expect(events).not.toContain('activity requestDependencies');
    expect(events).not.toContain('signal dependencyAnswered');
    expect(events.filter((name) => name === 'activity processLinkEvents')).toHaveLength(1);
  }
  // Nothing asked the customer or the items for their targets: they were linked when the orders were read.
  for (const [resource, id] of [['Customers', person.id], ...products.map((product) => ['Products', product.id])]) {
    const asked = await namedEventsOf(h.linkId(resource ?? '', id ?? ''));
    expect(asked).not.toContain('update');
    expect(asked).not.toContain('signal demand');
  }
});
