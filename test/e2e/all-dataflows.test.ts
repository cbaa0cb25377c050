/**
 * All four dataflows at once, on the real Temporal server and the five sandboxes. A person created in the
 * company's Custom CRM becomes a PowerOffice contact person, which feeds Chargebee and CRMOffice; its company
 * feeds Uni Economy. One edit, made in any one system, reaches every other system that holds the record once
 * (one write each) and comes back to none as an echo.
 */
import type { Connector } from '../../connectors/connector';
import { orgNumberFrom } from '../support/org-numbers';
import { POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
const connector = (system: string): Connector => {
  const found = h.connectors[system];
  if (!found) throw new Error(`no ${system} connector`);
  return found;
};

beforeAll(async () => {
  h = await startSyncHarness({ systems: ['customcrm', 'poweroffice-go', 'chargebee', 'crmoffice', 'unieconomy'] });
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes (non-GET requests) each system has answered since `before`. */
function writesSince(before: Record<string, number>): Record<string, number> {
  const now = h.writes();
  const systems = ['customcrm', 'poweroffice-go', 'chargebee', 'crmoffice', 'unieconomy'];
  return Object.fromEntries(systems.map((system) => [system, (now[system] ?? 0) - (before[system] ?? 0)]));
}

/** Waits until no system has taken a write for a few poll intervals of the slowest poller. */
async function quiet(): Promise<void> {
  let last = JSON.stringify(h.writes());
  for (let calm = 0; calm < 3;) {
    await sleep(4 * POLL_MS);
    const now = JSON.stringify(h.writes());
    calm = now === last ? calm + 1 : 0;
    last = now;
  }
}

test('one edit in any system reaches every other system holding the record once, and echoes nowhere', async () => {
  const crm = connector('customcrm');
  const customer = await crm.create(
    'customers',
    {
      name: 'Fire Veier AS',
      orgNumber: orgNumberFrom(96000001),
      streetAddress1: 'Storgata 4',
      city: 'Tromsø',
      zipCode: '9008',
      country: 'NO',
    },
    { idempotencyKey: 'all-c' },
  );
  const contact = await crm.create(
    'contacts',
    { firstName: 'Ingrid', lastName: 'Fire', email: 'ingrid.fire@example.no' },
    { idempotencyKey: 'all-p', parentId: customer.id },
  );
  const poCustomer = await h.linkedTarget('customers', customer.id, 'customcrm-to-poweroffice', 90_000);
  const poPerson = await h.linkedTarget('contacts', contact.id, 'customcrm-to-poweroffice', 90_000);
  // The PowerOffice records linkflow made from the Custom CRM feed the other three dataflows.
  const cbCustomer = await h.linkedTarget('ContactPersons', poPerson.id, 'poweroffice-to-chargebee', 90_000);
  const crmContact = await h.linkedTarget('ContactPersons', poPerson.id, 'poweroffice-to-crmoffice', 90_000);
  const uniCustomer = await h.linkedTarget('Customers', poCustomer.id, 'poweroffice-to-unieconomy', 90_000);
  expect((await connector('unieconomy').get('Customers', uniCustomer.id))?.data['Info']).toMatchObject({
    Name: 'Fire Veier AS',
  });
  await quiet();

  // An edit in the Custom CRM (its own write counts there): PowerOffice, Chargebee and CRMOffice take it once
  // each; nothing comes back to the Custom CRM.
  let before = h.writes();
  await crm.update('contacts', contact.id, { lastName: 'Fire-Nilsen' });
  await h.eventually(
    'the new last name in Chargebee and CRMOffice',
    async () => {
      const cb = await h.cb.get('customer', cbCustomer.id);
      const office = await connector('crmoffice').get('contacts', crmContact.id);
      return cb?.data['last_name'] === 'Fire-Nilsen' && office?.data['familyName'] === 'Fire-Nilsen' ? true : undefined;
    },
    90_000,
  );
  await quiet();
  expect(writesSince(before)).toEqual({ customcrm: 1, 'poweroffice-go': 1, chargebee: 1, crmoffice: 1, unieconomy: 0 });
  expect((await h.po.get('ContactPersons', poPerson.id, { parentId: poCustomer.id }))?.data['LastName']).toBe(
    'Fire-Nilsen',
  );

  // An edit in CRMOffice (its own write counts there): PowerOffice, the Custom CRM and Chargebee take it once
  // each; CRMOffice gets nothing back.
  before = h.writes();
  await connector('crmoffice').update('contacts', crmContact.id, { givenName: 'Inger' });
  await h.eventually(
    'the new first name in the Custom CRM and Chargebee',
    async () => {
      const back = await crm.get('contacts', contact.id);
      const cb = await h.cb.get('customer', cbCustomer.id);
      return back?.data['firstName'] === 'Inger' && cb?.data['first_name'] === 'Inger' ? true : undefined;
    },
    90_000,
  );
  await quiet();
  expect(writesSince(before)).toEqual({ customcrm: 1, 'poweroffice-go': 1, chargebee: 1, crmoffice: 1, unieconomy: 0 });
}, 420_000);
