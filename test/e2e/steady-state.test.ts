/**
 * Echo-free: once everything is linked and quiet, linkflow writes nothing, neither on the next passes of the
 * pollers nor after the worker is replaced by a fresh one (same task queue and workflow-id prefix).
 */
import { editCustomer } from '../../sandboxes/chargebee/repository';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `steady-${name}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until neither sandbox has seen a write for `quietMs`. */
async function untilQuiet(quietMs: number): Promise<void> {
  let last = JSON.stringify(h.writes());
  let since = Date.now();
  await h.eventually('no writes for a while', async () => {
    const now = JSON.stringify(h.writes());
    if (now !== last) {
      last = now;
      since = Date.now();
      return undefined;
    }
    return Date.now() - since >= quietMs ? true : undefined;
  });
}

test('a second run writes nothing, also after the worker is replaced', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Stille Vann AS', OrganizationNumber: '974760673', EmailAddress: 'post@stillevann.no' },
    key('org'),
  );
  const contact = await h.po.create(
    'ContactPersons',
    { FirstName: 'Nina', LastName: 'Holm', EmailAddress: 'nina.holm@example.no' },
    { ...key('contact'), parentId: company.id },
  );
  const employee = await h.po.create(
    'Employees',
    { FirstName: 'Nina', LastName: 'Holm', EmailAddress: 'nina.holm@example.no' },
    key('employee'),
  );
  const person = await h.po.create(
    'Customers',
    { Name: 'Tor Vik', IsPerson: true, FirstName: 'Tor', LastName: 'Vik', EmailAddress: 'tor.vik@example.no' },
    key('person'),
  );
  const product = await h.po.create('Products', { Name: 'Lisens', Code: 'LIS', UnitPrice: 490 }, key('product'));
  const order = await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(company.id),
      SalesOrderStatus: 'Confirmed',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 2 }],
    },
    key('order'),
  );
  await h.start();
  for (const [resource, id] of [
    ['ContactPersons', contact.id],
    ['Employees', employee.id],
    ['Customers', person.id],
    ['Products', product.id],
    ['SalesOrders', order.id],
    ['Customers', company.id],
  ] as const) {
    await h.untilStatus(resource, id);
  }
  // Edits on both sides first, so that the steady state follows two-way traffic, not only creation.
  const shared = (await h.link('ContactPersons', contact.id)).target?.id ?? 'missing';
  editCustomer(h.chargebee.store, shared, { last_name: 'Holm-Berg' });
  // The one customer feeds two PowerOffice records: the edit reaches both.
  await h.eventually('the edit in PowerOffice', async () =>
    (await h.po.get('Employees', employee.id))?.data['LastName'] === 'Holm-Berg' &&
    (await h.po.get('ContactPersons', contact.id, { parentId: company.id }))?.data['LastName'] === 'Holm-Berg'
      ? true
      : undefined,
  );
  const current = await h.po.get('Customers', person.id);
  await h.po.update('Customers', person.id, { FirstName: 'Tore' }, { previous: current?.data });
  await h.eventually('the edit in Chargebee', async () =>
    (await h.cb.get('customer', `pogo-c-${person.id}`))?.data['first_name'] === 'Tore' ? true : undefined,
  );
  await untilQuiet(2 * POLL_MS);

  const versions = async () =>
    Object.fromEntries((await h.chargebeeCustomers()).map((customer) => [customer.id, customer.version]));
  const before = { writes: h.writes(), versions: await versions() };
  await sleep(4 * POLL_MS);
  expect(h.writes()).toEqual(before.writes);
  expect(await versions()).toEqual(before.versions);
  // The same counts are on the admin API, for tools outside the process.
  const stats: unknown = await (await fetch(`${new URL(h.chargebee.baseUrl).origin}/__sandbox/stats`)).json();
  expect(stats).toMatchObject({
    requests: expect.any(Number),
    byRoute: expect.objectContaining({ 'POST /api/v2/customers': expect.any(Number) }),
  });

  await h.restartWorker();
  await sleep(4 * POLL_MS);
  expect(h.writes()).toEqual(before.writes);
  expect(await versions()).toEqual(before.versions);

  // The fresh worker still syncs: an edit made now arrives.
  editCustomer(h.chargebee.store, `pogo-c-${person.id}`, { last_name: 'Viken' });
  await h.eventually('an edit after the restart', async () =>
    (await h.po.get('Customers', person.id))?.data['LastName'] === 'Viken' ? true : undefined,
  );
});
