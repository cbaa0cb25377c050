/**
 * A record with bad data parks with its reason (in the link's state, its LinkStatus search attribute and its
 * memo) while the rest sync; once the data is fixed in PowerOffice it resumes, on its next change or on retry.
 */
import { LinkStatus } from '../../temporal/search-attributes';
import { retryUpdate } from '../../workflows/messages';
import { saveHistory } from '../support/histories';
import type { Dto } from '../../sandboxes/poweroffice-go';
import { formatTimestamp, nextChangeMicros } from '../../sandboxes/poweroffice-go/clock';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `parking-${name}` });

async function searchAttributeStatus(resource: string, id: string): Promise<string | undefined> {
  const description = await h.sync.client.workflow.getHandle(h.linkId(resource, id)).describe();
  return description.typedSearchAttributes.get(LinkStatus);
}

test('bad data parks with its reason, the rest sync, and a fix resumes it', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Lange Navn AS', OrganizationNumber: '923609016' },
    key('company'),
  );
  const tooLong = await h.po.create(
    'ContactPersons',
    { FirstName: 'K'.repeat(160), LastName: 'Langnavn', EmailAddress: 'lang@example.no' },
    { ...key('long-person'), parentId: company.id },
  );
  const fine = await h.po.create(
    'ContactPersons',
    { FirstName: 'Kort', LastName: 'Navn', EmailAddress: 'kort@example.no' },
    { ...key('fine'), parentId: company.id },
  );
  const longProduct = await h.po.create(
    'Products',
    { Name: `Produkt ${'x'.repeat(110)}`, Code: 'LONG' },
    key('long-product'),
  );
  const fineProduct = await h.po.create('Products', { Name: 'Kort produkt', Code: 'KORT' }, key('fine-product'));
  await h.start();

  const parkedPerson = await h.untilStatus('ContactPersons', tooLong.id, 'parked');
  expect(parkedPerson.parkedReason).toMatch(/first_name|FirstName/);
  expect(parkedPerson.parkedReason).toMatch(/150/);
  const parkedProduct = await h.untilStatus('Products', longProduct.id, 'parked');
  expect(parkedProduct.parkedReason).toMatch(/100/);
  await h.untilStatus('ContactPersons', fine.id);
  await h.untilStatus('Products', fineProduct.id);
  await h.eventually('the parked status searchable', async () =>
    (await searchAttributeStatus('ContactPersons', tooLong.id)) === 'parked' ? true : undefined,
  );
  const memo = (await h.sync.client.workflow.getHandle(h.linkId('ContactPersons', tooLong.id)).describe()).memo;
  expect(String(memo?.['parkedReason'])).toBe(parkedPerson.parkedReason);
  expect(await h.cb.get('customer', `pogo-cp-${tooLong.id}`)).toBeNull();
  await saveHistory(h.sync.client, h.linkId('ContactPersons', tooLong.id), 'parked-link');

  // Fixed in PowerOffice: the change itself resumes the link.
  const current = await h.po.get('ContactPersons', tooLong.id, { parentId: company.id });
  await h.po.update(
    'ContactPersons',
    tooLong.id,
    { FirstName: 'Kristoffer' },
    { previous: current?.data, parentId: company.id },
  );
  await h.untilStatus('ContactPersons', tooLong.id);
  expect((await h.cb.get('customer', `pogo-cp-${tooLong.id}`))?.data).toMatchObject({
    first_name: 'Kristoffer',
    last_name: 'Langnavn',
  });
  expect(await searchAttributeStatus('ContactPersons', tooLong.id)).toBe('linked');

  // `link retry` resumes a parked link on demand.
  const product = await h.po.get('Products', longProduct.id);
  await h.po.update('Products', longProduct.id, { Name: 'Produkt med kortere navn' }, { previous: product?.data });
  const retried = await h.sync.client.workflow
    .getHandle(h.linkId('Products', longProduct.id))
    .executeUpdate(retryUpdate);
  expect(retried.status).toBe('linked');
  expect((await h.cb.get('item', `pogo-p-${longProduct.id}`))?.data['name']).toBe('Produkt med kortere navn');
});

test('an order for a customer that does not exist parks with a reason naming the order and CustomerId', async () => {
  const customer = await h.po.create(
    'Customers',
    { Name: 'Snart borte AS', OrganizationNumber: '923609016' },
    key('orphan-customer'),
  );
  const product = await h.po.create('Products', { Name: 'Bestilt vare', Code: 'BEST' }, key('ordered-product'));
  const order = await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(customer.id),
      SalesOrderStatus: 'Draft',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 1 }],
    },
    key('orphan-order'),
  );
  // As a damaged database might hold it (the API refuses an unknown customer): the order then names one that
  // does not exist, and is confirmed.
  const stored = h.poweroffice.store.get<Dto>('SalesOrders', order.id);
  const micros = nextChangeMicros();
  h.poweroffice.store.put(
    'SalesOrders',
    order.id,
    {
      ...stored,
      CustomerId: 999_999_999,
      SalesOrderStatus: 'Confirmed',
      LastChangedDateTimeOffset: formatTimestamp(micros),
    },
    micros / 1000,
  );
  const parked = await h.untilStatus('SalesOrders', order.id, 'parked', 90_000);
  expect(parked.parkedReason).toContain(order.id);
  expect(parked.parkedReason).toMatch(/CustomerId refers to Customers\/999999999/);
  expect(parked.parkedReason).toMatch(/does not exist/);
});

test('an edit made in the target while the link is parked is written back once the link runs again', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Pause AS', OrganizationNumber: '923609016' },
    key('paused-company'),
  );
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Vilde', LastName: 'Pause', EmailAddress: 'vilde.pause@example.no' },
    { ...key('paused-person'), parentId: company.id },
  );
  await h.untilStatus('ContactPersons', person.id);
  const customerId = `pogo-cp-${person.id}`;
  await h.eventually('the customer', async () => (await h.cb.get('customer', customerId)) ?? undefined);
  const edit = async (changes: Record<string, unknown>): Promise<void> => {
    const current = await h.po.get('ContactPersons', person.id, { parentId: company.id });
    await h.po.update('ContactPersons', person.id, changes, { previous: current?.data, parentId: company.id });
  };
  // Parked by bad data in PowerOffice …
  await edit({ FirstName: 'V'.repeat(151) });
  await h.untilStatus('ContactPersons', person.id, 'parked');
  // … while someone edits the customer in Chargebee: the edit reaches the parked link and must be kept.
  await h.cb.update('customer', customerId, { last_name: 'Pause-Holm' });
  await h.eventually('the edit held by the parked link', async () =>
    (await h.link('ContactPersons', person.id)).heldTargetChanges?.['last_name'] ? true : undefined,
  );
  await edit({ FirstName: 'Vilde' });
  await h.untilStatus('ContactPersons', person.id);
  await h.eventually('the held edit written back to PowerOffice', async () =>
    (await h.po.get('ContactPersons', person.id, { parentId: company.id }))?.data['LastName'] === 'Pause-Holm'
      ? true
      : undefined,
  );
});
