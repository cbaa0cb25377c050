/**
 * PowerOffice GO → Uni Economy on the real Temporal server and the sandboxes: customers with their org number
 * (Norwegian customers only), website and name, departments by name; both ways; link-first on org number.
 */
import type { Connector, RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import { orgNumberFrom } from '../support/org-numbers';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

const DATAFLOW = 'poweroffice-to-unieconomy';
let h: SyncHarness;
let uni: Connector;

beforeAll(async () => {
  h = await startSyncHarness({ systems: ['poweroffice-go', 'unieconomy'] });
  const connector = h.connectors['unieconomy'];
  if (!connector) throw new Error('no Uni Economy connector');
  uni = connector;
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

async function all(resource: string): Promise<RecordSnapshot[]> {
  const records: RecordSnapshot[] = [];
  for await (const page of uni.readChanges(resource, initialCursor())) records.push(...page.records);
  return records.filter((record) => !record.deleted);
}

const linkedId = async (resource: string, id: string): Promise<string> =>
  (await h.linkedTarget(resource, id, DATAFLOW)).id;

test('a Norwegian customer becomes a customer with org number, website and name; edits come back', async () => {
  const org = orgNumberFrom(91000001);
  const customer = await h.po.create(
    'Customers',
    {
      Name: 'Fjordkraft Regnskap AS',
      OrganizationNumber: org,
      WebsiteUrl: 'https://fjordkraft-regnskap.example.no',
      MailAddress: { CountryCode: 'NO', City: 'Bergen', ZipCode: '5003', Address1: 'Strandkaien 1' },
    },
    { idempotencyKey: 'uni-c-1' },
  );
  const targetId = await linkedId('Customers', customer.id);
  const target = await uni.get('Customers', targetId);
  expect(target?.data).toMatchObject({
    OrgNumber: org,
    WebUrl: 'https://fjordkraft-regnskap.example.no',
    Info: { Name: 'Fjordkraft Regnskap AS' },
  });

  await uni.update('Customers', targetId, { WebUrl: 'https://fjordkraft.example.no' }, { previous: target?.data });
  await h.eventually('the new website in PowerOffice', async () =>
    (await h.po.get('Customers', customer.id))?.data['WebsiteUrl'] === 'https://fjordkraft.example.no'
      ? true
      : undefined,
  );
  await h.po.update('Customers', customer.id, { Name: 'Fjordkraft Regnskap og Revisjon AS' });
  await h.eventually('the new name in Uni Economy', async () => {
    const read = await uni.get('Customers', targetId);
    const info = read?.data['Info'];
    return typeof info === 'object' &&
      info !== null &&
      'Name' in info &&
      info.Name === 'Fjordkraft Regnskap og Revisjon AS'
      ? true
      : undefined;
  });
  expect((await all('Customers')).filter((record) => record.data['OrgNumber'] === org)).toHaveLength(1);

  // OrgNumber is fed by OrganizationNumber for this customer: an edit of it goes back to that field.
  const corrected = orgNumberFrom(91000501);
  await uni.update('Customers', targetId, { OrgNumber: corrected });
  await h.eventually('the corrected org number in PowerOffice', async () =>
    (await h.po.get('Customers', customer.id))?.data['OrganizationNumber'] === corrected ? true : undefined,
  );
});

test('a customer that exists in Uni Economy is linked on its org number, not duplicated', async () => {
  const org = orgNumberFrom(92000001);
  const existing = await uni.create(
    'Customers',
    { OrgNumber: org, Info: { Name: 'Eksisterende AS' } },
    {
      idempotencyKey: 'uni-existing',
    },
  );
  const customer = await h.po.create(
    'Customers',
    {
      Name: 'Eksisterende AS',
      OrganizationNumber: org,
      MailAddress: { CountryCode: 'NO', ZipCode: '0150', City: 'Oslo', Address1: 'Karl Johans gate 1' },
    },
    { idempotencyKey: 'uni-c-2' },
  );
  expect(await linkedId('Customers', customer.id)).toBe(existing.id);
  expect((await all('Customers')).filter((record) => record.data['OrgNumber'] === org)).toHaveLength(1);
});

test("a foreign customer's OrganizationNumber is not a Norwegian org number: it is not written", async () => {
  const customer = await h.po.create(
    'Customers',
    {
      Name: 'Svensk Handel AB',
      OrganizationNumber: '5560360793',
      MailAddress: { CountryCode: 'SE', ZipCode: '11122', City: 'Stockholm', Address1: 'Drottninggatan 1' },
    },
    { idempotencyKey: 'uni-c-3' },
  );
  const targetId = await linkedId('Customers', customer.id);
  const target = await uni.get('Customers', targetId);
  expect(target?.data['OrgNumber'] ?? null).toBeNull();
  expect(target?.data['Info']).toMatchObject({ Name: 'Svensk Handel AB' });
});

test('a department becomes a department by name, both ways', async () => {
  const department = await h.po.create('Departments', { Name: 'Salg Vest', Code: 'SV' }, { idempotencyKey: 'uni-d-1' });
  const targetId = await linkedId('Departments', department.id);
  expect((await uni.get('Departments', targetId))?.data['Name']).toBe('Salg Vest');
  await uni.update('Departments', targetId, { Name: 'Salg Vestland' });
  await h.eventually('the department renamed in PowerOffice', async () =>
    (await h.po.get('Departments', department.id))?.data['Name'] === 'Salg Vestland' ? true : undefined,
  );
});
