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
    { Name: 'Kaffe stor', Code: 'KAF-L', SalesPrice: 49 },
    { idempotencyKey: 'retried-create' },
  );
  // What the first attempt left behind: the item, created under the link's first-version key, named as the
  // product was named before it was renamed in PowerOffice.
  await h.cb.create(
    'item',
    { name: 'Kaffe' },
    { preferredId: `pogo-p-${product.id}`, idempotencyKey: `${h.linkId('Products', product.id)}/create`.slice(-100) },
  );
  await h.start();
  const state = await h.untilStatus('Products', product.id, 'linked', 90_000);
  expect(state.target?.id).toBe(`pogo-p-${product.id}`);
  await h.eventually('the item renamed', async () =>
    (await h.cb.get('item', `pogo-p-${product.id}`))?.data['name'] === 'Kaffe stor' ? true : undefined,
  );
});
