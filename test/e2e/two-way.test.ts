/**
 * Both directions once linked, within two poll intervals (the harness polls every second), including an
 * edit made one second after creation; per property the latest edit wins; an empty value never clears one.
 */
import { editCustomer } from '../../sandboxes/chargebee/repository';
import { recordWorkflowId } from '../../model/ids';
import { saveHistory } from '../support/histories';
import { namedEventsOf } from '../support/history-events';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId = '';
beforeAll(async () => {
  h = await startSyncHarness();
  companyId = (
    await h.po.create(
      'Customers',
      { Name: 'Toveis AS', OrganizationNumber: '923609016' },
      { idempotencyKey: 'two-way-company' },
    )
  ).id;
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

// How fast edits arrive (the "within two poll intervals") is measured by `npm run bench`, not asserted
// here: a timed assertion would fail on a loaded CI machine without anything being wrong.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newContact(tag: string, fields: Record<string, unknown>): Promise<string> {
  const created = await h.po.create('ContactPersons', fields, {
    idempotencyKey: `two-way-${tag}`,
    parentId: companyId,
  });
  return created.id;
}

async function editPowerOffice(id: string, changes: Record<string, unknown>): Promise<void> {
  const current = await h.po.get('ContactPersons', id, { parentId: companyId });
  await h.po.update('ContactPersons', id, changes, { previous: current?.data, parentId: companyId });
}

/** Waits for a Chargebee customer field to read `value`; answers how long it took. */
async function untilChargebee(id: string, field: string, value: unknown, since: number): Promise<number> {
  await h.eventually(`${field} = ${String(value)} in Chargebee ${id}`, async () =>
    (await h.cb.get('customer', id))?.data[field] === value ? true : undefined,
  );
  return Date.now() - since;
}

async function untilPowerOffice(id: string, field: string, value: unknown, since: number): Promise<number> {
  await h.eventually(`${field} = ${String(value)} in PowerOffice ${id}`, async () =>
    (await h.po.get('ContactPersons', id, { parentId: companyId }))?.data[field] === value ? true : undefined,
  );
  return Date.now() - since;
}

test('an edit on either side arrives on the other', async () => {
  const id = await newContact('a', { FirstName: 'Sigrid', LastName: 'Moe', EmailAddress: 'sigrid.moe@example.no' });
  await h.untilStatus('ContactPersons', id);
  const customerId = `pogo-cp-${id}`;

  let started = Date.now();
  await editPowerOffice(id, { LastName: 'Moen' });
  const forward = await untilChargebee(customerId, 'last_name', 'Moen', started);

  started = Date.now();
  editCustomer(h.chargebee.store, customerId, { first_name: 'Siri' });
  const backward = await untilPowerOffice(id, 'FirstName', 'Siri', started);
  console.log(
    `edit PowerOffice → Chargebee ${forward} ms; Chargebee → PowerOffice ${backward} ms (poll interval ${POLL_MS} ms)`,
  );
  await saveHistory(h.sync.client, h.linkId('ContactPersons', id), 'reverse-edit');

  // The record writer's activity told the link itself: the writer sent no signal of its own (each cost it a
  // command, a transfer task on the server and one more workflow task; docs/DECISIONS.md 115).
  const writer = recordWorkflowId(h.prefix, { system: 'chargebee', type: 'customer', id: customerId });
  const writerEvents = await namedEventsOf(h.sync.client, writer);
  expect(writerEvents).toContain('activity processRecordEvents');
  expect(writerEvents.filter((event) => event.startsWith('sent '))).toEqual([]);
  expect(await namedEventsOf(h.sync.client, h.linkId('ContactPersons', id))).toContain('signal targetChanged');
});

test('an edit one second after creation arrives, on either side', async () => {
  // PowerOffice: created, edited a second later; the final value must win in Chargebee.
  const id = await newContact('b', { FirstName: 'Eirik', LastName: 'Dahl', EmailAddress: 'eirik.dahl@example.no' });
  await sleep(1_000);
  const started = Date.now();
  await editPowerOffice(id, { FirstName: 'Eirik Andreas' });
  const forward = await untilChargebee(`pogo-cp-${id}`, 'first_name', 'Eirik Andreas', started);

  // Chargebee: edited by hand one second after linkflow created the customer.
  const other = await newContact('c', {
    FirstName: 'Hanne',
    LastName: 'Strand',
    EmailAddress: 'hanne.strand@example.no',
  });
  const otherCustomer = `pogo-cp-${other}`;
  await h.eventually('the customer created', async () => (await h.cb.get('customer', otherCustomer)) ?? undefined);
  await sleep(1_000);
  const editedAt = Date.now();
  editCustomer(h.chargebee.store, otherCustomer, { last_name: 'Strand-Olsen' });
  const backward = await untilPowerOffice(other, 'LastName', 'Strand-Olsen', editedAt);
  console.log(`edit 1 s after creation: PowerOffice → Chargebee ${forward} ms; Chargebee → PowerOffice ${backward} ms`);

  // And the values stay: nothing flips back a few polls later.
  await sleep(3 * POLL_MS);
  expect((await h.cb.get('customer', `pogo-cp-${id}`))?.data['first_name']).toBe('Eirik Andreas');
  expect((await h.po.get('ContactPersons', other, { parentId: companyId }))?.data['LastName']).toBe('Strand-Olsen');
  expect((await h.cb.get('customer', otherCustomer))?.data['last_name']).toBe('Strand-Olsen');
});

test('per property the latest edit wins, and an empty value never clears a filled one', async () => {
  const id = await newContact('d', { FirstName: 'Lars', LastName: 'Berge', EmailAddress: 'lars.berge@example.no' });
  await h.untilStatus('ContactPersons', id);
  const customerId = `pogo-cp-${id}`;

  // Different properties edited on both sides at once: both edits survive on both sides.
  editCustomer(h.chargebee.store, customerId, { first_name: 'Lasse' });
  await editPowerOffice(id, { LastName: 'Bergersen' });
  await untilChargebee(customerId, 'last_name', 'Bergersen', Date.now());
  await untilChargebee(customerId, 'first_name', 'Lasse', Date.now());
  await untilPowerOffice(id, 'FirstName', 'Lasse', Date.now());
  await untilPowerOffice(id, 'LastName', 'Bergersen', Date.now());

  // One property edited on both sides, PowerOffice a second later: PowerOffice's value wins everywhere.
  editCustomer(h.chargebee.store, customerId, { first_name: 'Lars C' });
  await sleep(1_100);
  await editPowerOffice(id, { FirstName: 'Lars P' });
  await untilChargebee(customerId, 'first_name', 'Lars P', Date.now());
  await untilPowerOffice(id, 'FirstName', 'Lars P', Date.now());
  await sleep(3 * POLL_MS);
  expect((await h.cb.get('customer', customerId))?.data['first_name']).toBe('Lars P');
  expect((await h.po.get('ContactPersons', id, { parentId: companyId }))?.data['FirstName']).toBe('Lars P');

  // Cleared on one side (PowerOffice requires LastName, so the e-mail there): the other side keeps its value.
  await editPowerOffice(id, { EmailAddress: '' });
  editCustomer(h.chargebee.store, customerId, { first_name: '' });
  await sleep(3 * POLL_MS);
  expect((await h.cb.get('customer', customerId))?.data['email']).toBe('lars.berge@example.no');
  expect((await h.po.get('ContactPersons', id, { parentId: companyId }))?.data['FirstName']).toBe('Lars P');
});

test('products and organisation customers sync both ways too', async () => {
  const product = await h.po.create(
    'Products',
    { Name: 'Vedlikehold', Code: 'VED', UnitPrice: 500 },
    { idempotencyKey: 'two-way-product' },
  );
  await h.untilStatus('Products', product.id);
  const itemId = `pogo-p-${product.id}`;
  await h.cb.update('item', itemId, { name: 'Vedlikehold Pluss' });
  await h.eventually('the item name in PowerOffice', async () =>
    (await h.po.get('Products', product.id))?.data['Name'] === 'Vedlikehold Pluss' ? true : undefined,
  );
  const current = await h.po.get('Products', product.id);
  await h.po.update('Products', product.id, { Name: 'Vedlikehold Premium' }, { previous: current?.data });
  await h.eventually('the product name in Chargebee', async () =>
    (await h.cb.get('item', itemId))?.data['name'] === 'Vedlikehold Premium' ? true : undefined,
  );

  // The organisation (created on demand by an order) keeps its company name in step both ways.
  await h.po.create(
    'SalesOrders',
    {
      CustomerId: Number(companyId),
      SalesOrderStatus: 'Confirmed',
      CurrencyCode: 'NOK',
      SalesOrderLines: [{ ProductId: Number(product.id), Quantity: 1 }],
    },
    { idempotencyKey: 'two-way-order' },
  );
  await h.untilStatus('Customers', companyId);
  const customerId = `pogo-c-${companyId}`;
  editCustomer(h.chargebee.store, customerId, { company: 'Toveis Holding AS' });
  await h.eventually('the company name in PowerOffice', async () =>
    (await h.po.get('Customers', companyId))?.data['Name'] === 'Toveis Holding AS' ? true : undefined,
  );
  const company = await h.po.get('Customers', companyId);
  await h.po.update('Customers', companyId, { EmailAddress: 'post@toveis.no' }, { previous: company?.data });
  await h.eventually('the e-mail in Chargebee', async () =>
    (await h.cb.get('customer', customerId))?.data['email'] === 'post@toveis.no' ? true : undefined,
  );
});
