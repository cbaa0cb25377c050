/**
 * A create whose answer was lost, retried after the source record changed: the target already holds the
 * record (with the old values) under the id linkflow derives. The retry must link it and bring it up to date,
 * not be refused for reusing an idempotency key with other parameters (which parked the product and every
 * order that needed it in the chaos campaign).
 */
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

test('a create retried with changed values links the record the first attempt made, then updates it', async () => {
  const product = await h.po.create(
    'Products',
    { Name: 'Kaffe', Code: 'KAF-L', SalesPrice: 49 },
    { idempotencyKey: 'retried-create' },
  );
  // What the first attempt left behind: the item, created under the link's first-version key, with the name
  // the product had then.
  await h.cb.create(
    'item',
    { name: 'Kaffe' },
    { preferredId: `pogo-p-${product.id}`, idempotencyKey: `${h.linkId('Products', product.id)}/create`.slice(-100) },
  );
  // Then the product was renamed in PowerOffice, after that create.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const current = await h.po.get('Products', product.id);
  await h.po.update('Products', product.id, { Name: 'Kaffe stor' }, { previous: current?.data });
  await h.start();
  const state = await h.untilStatus('Products', product.id, 'linked', 90_000);
  expect(state.target?.id).toBe(`pogo-p-${product.id}`);
  await h.eventually('the item renamed', async () =>
    (await h.cb.get('item', `pogo-p-${product.id}`))?.data['name'] === 'Kaffe stor' ? true : undefined,
  );
});

test('a person edits the customer linkflow created before the link heard back: the edit is kept on both sides', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Sen Kvittering AS', OrganizationNumber: '923609016' },
    { idempotencyKey: 'late-company' },
  );
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Ragnhild', LastName: 'Solberg', EmailAddress: 'ragnhild.solberg@example.no' },
    { idempotencyKey: 'late-person', parentId: company.id },
  );
  const customerId = `pogo-cp-${person.id}`;
  // The first attempt created the customer, and its answer was lost (a worker kill) …
  await h.cb.create(
    'customer',
    { first_name: 'Ragnhild', last_name: 'Solberg', email: 'ragnhild.solberg@example.no' },
    { preferredId: customerId, idempotencyKey: 'late-first-attempt' },
  );
  // … and someone edited it in Chargebee before the retry linked it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await h.cb.update('customer', customerId, { first_name: 'Ragnhild Marie' });
  await h.untilStatus('ContactPersons', person.id, 'linked', 90_000);
  await h.eventually('the edit on both sides', async () => {
    const po = await h.po.get('ContactPersons', person.id, { parentId: company.id });
    const cb = await h.cb.get('customer', customerId);
    return po?.data['FirstName'] === 'Ragnhild Marie' && cb?.data['first_name'] === 'Ragnhild Marie' ? true : undefined;
  });
});
