import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

test('a contact person becomes a Chargebee customer with its e-mail and names, and edits travel both ways', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Fjordkraft Demo AS', OrganizationNumber: '923609016' },
    { idempotencyKey: 'c1' },
  );
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Åse', LastName: 'Bråten', EmailAddress: 'ase.braten@example.no' },
    { idempotencyKey: 'p1', parentId: company.id },
  );
  await h.start();

  const linked = await h.eventually('the contact person linked', async () => {
    const state = await h.link('ContactPersons', person.id);
    return state.status === 'linked' ? state : undefined;
  });
  expect(linked.target).toEqual({ system: 'chargebee', type: 'customer', id: `pogo-cp-${person.id}` });
  const customer = await h.cb.get('customer', `pogo-cp-${person.id}`);
  expect(customer?.data).toMatchObject({ email: 'ase.braten@example.no', first_name: 'Åse', last_name: 'Bråten' });

  // An edit in Chargebee arrives in PowerOffice.
  await h.cb.update('customer', `pogo-cp-${person.id}`, { first_name: 'Åsa' });
  await h.eventually('the Chargebee edit in PowerOffice', async () => {
    const current = await h.po.get('ContactPersons', person.id, { parentId: company.id });
    return current?.data['FirstName'] === 'Åsa' ? current : undefined;
  });

  // An edit in PowerOffice arrives in Chargebee.
  const current = await h.po.get('ContactPersons', person.id, { parentId: company.id });
  await h.po.update(
    'ContactPersons',
    person.id,
    { LastName: 'Bråthen' },
    { previous: current?.data, parentId: company.id },
  );
  await h.eventually('the PowerOffice edit in Chargebee', async () => {
    const again = await h.cb.get('customer', `pogo-cp-${person.id}`);
    return again?.data['last_name'] === 'Bråthen' ? again : undefined;
  });
});
