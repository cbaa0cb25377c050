/**
 * Link-first matching: records that already exist in Chargebee are linked, not duplicated; PowerOffice
 * records that share a merge key end on one Chargebee record; a product whose name is not unique parks.
 */
import { insertCustomer } from '../../sandboxes/chargebee/repository';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `link-first-${name}` });

test('link first: an existing Chargebee customer is linked, shared e-mails meet on one customer, duplicate product names park', async () => {
  insertCustomer(h.chargebee.store, {
    id: 'hand-made-1',
    email: 'Ingrid.Berg@Example.no',
    first_name: 'Ingrid',
    last_name: 'Berg',
  });
  const company = await h.po.create(
    'Customers',
    { Name: 'Berg og Sønn AS', OrganizationNumber: '923609016' },
    key('company'),
  );
  const ingrid = await h.po.create(
    'ContactPersons',
    { FirstName: 'Ingrid', LastName: 'Berg', EmailAddress: 'Ingrid.Berg@Example.no' },
    { ...key('ingrid'), parentId: company.id },
  );
  // One person who is both a contact person and an employee: one e-mail, one Chargebee customer.
  const sharedContact = await h.po.create(
    'ContactPersons',
    { FirstName: 'Jonas', LastName: 'Lie', EmailAddress: 'jonas.lie@example.no' },
    { ...key('jonas-contact'), parentId: company.id },
  );
  const sharedEmployee = await h.po.create(
    'Employees',
    { FirstName: 'Jonas', LastName: 'Lie', EmailAddress: 'Jonas.Lie@example.no' },
    key('jonas-employee'),
  );
  const twinA = await h.po.create('Products', { Name: 'Serviceavtale', Code: 'SA-1' }, key('twin-a'));
  const twinB = await h.po.create('Products', { Name: 'Serviceavtale', Code: 'SA-2' }, key('twin-b'));
  const unique = await h.po.create('Products', { Name: 'Installasjon', Code: 'INST' }, key('unique'));
  const before = (await h.chargebeeCustomers()).length;
  await h.start();

  const ingridLink = await h.untilStatus('ContactPersons', ingrid.id);
  expect(ingridLink.target).toEqual({ system: 'chargebee', type: 'customer', id: 'hand-made-1' });
  expect(await h.cb.get('customer', `pogo-cp-${ingrid.id}`)).toBeNull();

  const contactLink = await h.untilStatus('ContactPersons', sharedContact.id);
  const employeeLink = await h.untilStatus('Employees', sharedEmployee.id);
  expect(employeeLink.target).toEqual(contactLink.target);
  const shared = contactLink.target;
  if (!shared) throw new Error('the shared contact person has no target');
  const record = await h.eventually('both links on the shared record', async () => {
    const state = await h.record(shared);
    return Object.keys(state.links).length === 2 ? state : undefined;
  });
  expect(Object.keys(record.links).sort()).toEqual(
    [h.linkId('ContactPersons', sharedContact.id), h.linkId('Employees', sharedEmployee.id)].sort(),
  );

  // The unique product links (created); both twins park with the reason.
  await h.untilStatus('Products', unique.id);
  for (const twin of [twinA, twinB]) {
    const parked = await h.untilStatus('Products', twin.id, 'parked');
    expect(parked.parkedReason).toMatch(/2 Products share its Name/);
    expect(parked.parkedReason).toContain(twinA.id);
    expect(parked.parkedReason).toContain(twinB.id);
  }
  const items = await h.cb.findByKey('item', { field: 'name', value: 'Serviceavtale' });
  expect(items).toHaveLength(0);

  // Only the shared person was created: Ingrid was linked, Jonas created once.
  const customers = await h.chargebeeCustomers();
  expect(customers.length - before).toBe(1);
  expect(customers.filter((c) => String(c.data['email']).toLowerCase() === 'jonas.lie@example.no')).toHaveLength(1);
});
