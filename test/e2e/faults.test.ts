/**
 * Transient faults are retried with backoff: with 20 % of Chargebee's answers failing during a sync,
 * everything still links, with no duplicates.
 */
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 400_000);
afterAll(async () => h?.close());

test('with 20 % of Chargebee requests failing, every record links once', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Ustabil Linje AS', OrganizationNumber: '923609016' },
    { idempotencyKey: 'faults-org' },
  );
  const product = await h.po.create(
    'Products',
    { Name: 'Kabel', Code: 'KAB', UnitPrice: 99 },
    { idempotencyKey: 'faults-product' },
  );
  const people = [];
  for (let index = 0; index < 8; index += 1) {
    people.push(
      await h.po.create(
        index % 2 === 0 ? 'Employees' : 'ContactPersons',
        { FirstName: `Person${index}`, LastName: 'Feil', EmailAddress: `person${index}@feil.no` },
        { idempotencyKey: `faults-${index}`, ...(index % 2 === 0 ? {} : { parentId: company.id }) },
      ),
    );
  }
  const orders = await Promise.all(
    ['a', 'b'].map((tag) =>
      h.po.create(
        'SalesOrders',
        {
          CustomerId: Number(company.id),
          SalesOrderStatus: 'Confirmed',
          CurrencyCode: 'NOK',
          SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 1 }],
        },
        { idempotencyKey: `faults-order-${tag}` },
      ),
    ),
  );
  h.chargebee.http.setFaults({ errorRate: 0.2 });
  await h.start();

  for (const [index, person] of people.entries())
    await h.untilStatus(index % 2 === 0 ? 'Employees' : 'ContactPersons', person.id, 'linked', 150_000);
  for (const order of orders) await h.untilStatus('SalesOrders', order.id, 'linked', 150_000);
  h.chargebee.http.setFaults({ errorRate: 0 });

  const customers = await h.chargebeeCustomers();
  expect(customers).toHaveLength(people.length + 1);
  for (const [index] of people.entries())
    expect(customers.filter((c) => c.data['email'] === `person${index}@feil.no`)).toHaveLength(1);
  expect(customers.filter((c) => c.id === `pogo-c-${company.id}`)).toHaveLength(1);
  const invoices = await h.cb.findByKey('invoice', { field: 'customer_id', value: `pogo-c-${company.id}` });
  expect(invoices.map((invoice) => invoice.data['po_number']).sort()).toEqual(orders.map((order) => order.id).sort());
  expect(await h.cb.findByKey('item', { field: 'name', value: 'Kabel' })).toHaveLength(1);
}, 400_000);
