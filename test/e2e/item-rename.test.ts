/**
 * Products both ways: an item renamed in Chargebee renames its PowerOffice product (the Name pair is two-way).
 */
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

test('an item renamed in Chargebee renames its product in PowerOffice', async () => {
  const product = await h.po.create('Products', { Name: 'Lampe', Code: 'LMP' }, { idempotencyKey: 'item-rename' });
  await h.untilStatus('Products', product.id);
  const itemId = `pogo-p-${product.id}`;
  await h.eventually('the item', async () => (await h.cb.get('item', itemId)) ?? undefined);
  await h.cb.update('item', itemId, { name: 'Lampe stor' });
  await h.eventually('the product renamed', async () =>
    (await h.po.get('Products', product.id))?.data['Name'] === 'Lampe stor' ? true : undefined,
  );
});
