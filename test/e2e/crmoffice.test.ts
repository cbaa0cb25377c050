/**
 * PowerOffice GO → CRMOffice on the real Temporal server and the sandboxes: every mapping of the dataflow,
 * both ways, with link-first on e-mail and no duplicates.
 */
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';
import type { Connector, RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';

const DATAFLOW = 'poweroffice-to-crmoffice';
let h: SyncHarness;
let crm: Connector;
let customerId = '';

beforeAll(async () => {
  h = await startSyncHarness({ systems: ['poweroffice-go', 'crmoffice'] });
  const connector = h.connectors['crmoffice'];
  if (!connector) throw new Error('no CRMOffice connector');
  crm = connector;
  customerId = (
    await h.po.create(
      'Customers',
      { Name: 'Kundekontakt AS', OrganizationNumber: '923609016' },
      { idempotencyKey: 'crm-c' },
    )
  ).id;
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

async function all(resource: string): Promise<RecordSnapshot[]> {
  const records: RecordSnapshot[] = [];
  for await (const page of crm.readChanges(resource, initialCursor())) records.push(...page.records);
  return records.filter((record) => !record.deleted);
}

const linkedId = async (resource: string, id: string): Promise<string> =>
  (await h.linkedTarget(resource, id, DATAFLOW)).id;

test('a contact person becomes a contact; an edit in CRMOffice comes back to PowerOffice', async () => {
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Solveig', LastName: 'Berg', EmailAddress: 'solveig.berg@example.no' },
    { idempotencyKey: 'crm-cp-1', parentId: customerId },
  );
  const contactId = await linkedId('ContactPersons', person.id);
  const contact = await crm.get('contacts', contactId);
  expect(contact?.data).toMatchObject({ givenName: 'Solveig', familyName: 'Berg', email: 'solveig.berg@example.no' });

  await crm.update('contacts', contactId, { familyName: 'Berg-Hansen' });
  await h.eventually('the new family name in PowerOffice', async () => {
    const read = await h.po.get('ContactPersons', person.id, { parentId: customerId });
    return read?.data['LastName'] === 'Berg-Hansen' ? true : undefined;
  });

  await h.po.update('ContactPersons', person.id, { FirstName: 'Solvei' }, { parentId: customerId });
  await h.eventually('the new given name in CRMOffice', async () =>
    (await crm.get('contacts', contactId))?.data['givenName'] === 'Solvei' ? true : undefined,
  );
  const withEmail = (await all('contacts')).filter((record) => record.data['email'] === 'solveig.berg@example.no');
  expect(withEmail).toHaveLength(1);
});

test('a contact that exists in CRMOffice is linked on its e-mail, not duplicated', async () => {
  const existing = await crm.create(
    'contacts',
    { givenName: 'Pål', familyName: 'Eksisterende', email: 'pal.eksisterende@example.no' },
    { idempotencyKey: 'crm-existing' },
  );
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Pål', LastName: 'Eksisterende', EmailAddress: 'Pal.Eksisterende@example.no' },
    { idempotencyKey: 'crm-cp-2', parentId: customerId },
  );
  expect(await linkedId('ContactPersons', person.id)).toBe(existing.id);
  const withEmail = (await all('contacts')).filter(
    (record) => String(record.data['email']).toLowerCase() === 'pal.eksisterende@example.no',
  );
  expect(withEmail).toHaveLength(1);
});

test('a supplier that is a person becomes a contact, both ways; a supplier that is a company does not', async () => {
  const supplier = await h.po.create(
    'Suppliers',
    { IsPerson: true, FirstName: 'Leif', LastName: 'Leverandør', EmailAddress: 'leif@leverandor.example.no' },
    { idempotencyKey: 'crm-s-1' },
  );
  const company = await h.po.create(
    'Suppliers',
    { Name: 'Grossist AS', IsPerson: false },
    { idempotencyKey: 'crm-s-2' },
  );
  const contactId = await linkedId('Suppliers', supplier.id);
  expect((await crm.get('contacts', contactId))?.data).toMatchObject({ givenName: 'Leif', familyName: 'Leverandør' });
  await crm.update('contacts', contactId, { givenName: 'Leiv' });
  await h.eventually('the supplier renamed in PowerOffice', async () =>
    (await h.po.get('Suppliers', supplier.id))?.data['FirstName'] === 'Leiv' ? true : undefined,
  );
  const companyLink = await h.link('Suppliers', company.id, DATAFLOW).catch(() => undefined);
  expect(companyLink?.target).toBeUndefined();
});

test('a product becomes a company named after it (the seed maps Product → Companies), both ways', async () => {
  const product = await h.po.create('Products', { Name: 'Konsulenttime', Code: 'KT-1' }, { idempotencyKey: 'crm-p-1' });
  const companyId = await linkedId('Products', product.id);
  expect((await crm.get('companies', companyId))?.data['name']).toBe('Konsulenttime');
  await crm.update('companies', companyId, { name: 'Konsulenttime senior' });
  await h.eventually('the product renamed in PowerOffice', async () =>
    (await h.po.get('Products', product.id))?.data['Name'] === 'Konsulenttime senior' ? true : undefined,
  );
});
