/**
 * The fault behaviour of the Chargebee dataflow holds for the plug-in systems too: during a CRMOffice and Uni
 * Economy outage, new records and edits made in PowerOffice are held and delivered afterwards; with dropped
 * connections (the connector cannot tell whether a create landed, so a retry looks before it creates), nothing
 * is created twice.
 */
import type { Connector, RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId = '';
const connector = (system: string): Connector => {
  const found = h.connectors[system];
  if (!found) throw new Error(`no ${system} connector`);
  return found;
};
const sandbox = (system: string) => {
  const found = h.sandboxes[system];
  if (!found) throw new Error(`no ${system} sandbox`);
  return found;
};

beforeAll(async () => {
  process.env.LINKFLOW_FIRST_RETRY_MS = '2000';
  h = await startSyncHarness({ systems: ['poweroffice-go', 'crmoffice', 'unieconomy'] });
  companyId = (
    await h.po.create(
      'Customers',
      {
        Name: 'Avbrudd AS',
        OrganizationNumber: '914778271',
        MailAddress: { CountryCode: 'NO', ZipCode: '0150', City: 'Oslo', Address1: 'Torggata 1' },
      },
      { idempotencyKey: 'plugin-faults-company' },
    )
  ).id;
  await h.start();
}, 120_000);
afterAll(async () => {
  delete process.env.LINKFLOW_FIRST_RETRY_MS;
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function all(system: string, resource: string): Promise<RecordSnapshot[]> {
  const records: RecordSnapshot[] = [];
  for await (const page of connector(system).readChanges(resource, initialCursor())) records.push(...page.records);
  return records.filter((record) => !record.deleted);
}

test('records made and edited during an outage of both targets arrive once it ends', async () => {
  for (const system of ['crmoffice', 'unieconomy']) sandbox(system).http.setFaults({ errorRate: 1 });
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Randi', LastName: 'Avbrudd', EmailAddress: 'randi.avbrudd@example.no' },
    { idempotencyKey: 'plugin-faults-person', parentId: companyId },
  );
  const department = await h.po.create('Departments', { Name: 'Drift', Code: 'DR' }, { idempotencyKey: 'pf-dep' });
  await sleep(4_000);
  await h.po.update('ContactPersons', person.id, { LastName: 'Avbrudd-Li' }, { parentId: companyId });
  await h.po.update('Departments', department.id, { Name: 'Drift og Support' });
  await sleep(4_000);
  for (const system of ['crmoffice', 'unieconomy']) sandbox(system).http.setFaults({ errorRate: 0 });

  await h.eventually(
    'the contact in CRMOffice with the edit',
    async () => {
      const contacts = (await all('crmoffice', 'contacts')).filter(
        (c) => c.data['email'] === 'randi.avbrudd@example.no',
      );
      return contacts.length === 1 && contacts[0]?.data['familyName'] === 'Avbrudd-Li' ? true : undefined;
    },
    90_000,
  );
  await h.eventually(
    'the department in Uni Economy with the edit',
    async () => {
      const named = (await all('unieconomy', 'Departments')).filter((d) => String(d.data['Name']).startsWith('Drift'));
      return named.length === 1 && named[0]?.data['Name'] === 'Drift og Support' ? true : undefined;
    },
    90_000,
  );
  const companyLink = await h.untilStatus('Customers', companyId, 'linked', 90_000, 'poweroffice-to-unieconomy');
  expect(companyLink.parkedReason).toBeUndefined();
}, 240_000);

test('with a third of the connections dropped, every record is created once', async () => {
  for (const system of ['crmoffice', 'unieconomy']) sandbox(system).http.setFaults({ dropRate: 0.3 });
  const people = await Promise.all(
    [1, 2, 3, 4, 5].map((n) =>
      h.po.create(
        'ContactPersons',
        { FirstName: `Person${n}`, LastName: 'Tapt', EmailAddress: `person${n}.tapt@example.no` },
        { idempotencyKey: `plugin-faults-drop-${n}`, parentId: companyId },
      ),
    ),
  );
  const products = await Promise.all(
    [1, 2, 3].map((n) =>
      h.po.create('Products', { Name: `Tapt vare ${n}`, Code: `TV-${n}` }, { idempotencyKey: `pf-p-${n}` }),
    ),
  );
  for (const person of people)
    await h.untilStatus('ContactPersons', person.id, 'linked', 120_000, 'poweroffice-to-crmoffice');
  for (const product of products)
    await h.untilStatus('Products', product.id, 'linked', 120_000, 'poweroffice-to-crmoffice');
  for (const system of ['crmoffice', 'unieconomy']) sandbox(system).http.setFaults({ dropRate: 0 });
  const contacts = await all('crmoffice', 'contacts');
  for (let n = 1; n <= 5; n += 1)
    expect(contacts.filter((c) => c.data['email'] === `person${n}.tapt@example.no`)).toHaveLength(1);
  const companies = await all('crmoffice', 'companies');
  for (let n = 1; n <= 3; n += 1) expect(companies.filter((c) => c.data['name'] === `Tapt vare ${n}`)).toHaveLength(1);
}, 300_000);
