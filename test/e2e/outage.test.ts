/**
 * A Chargebee outage longer than an activity's own retries: edits and new records made in PowerOffice during
 * it are held, shown as `retrying`, and delivered once Chargebee answers again; nothing parks, nothing is
 * created twice.
 */
import { createHash } from 'node:crypto';
import { mergeWorkflowId, recordWorkflowId } from '../../model/ids';
import { saveHistory } from '../support/histories';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId = '';
beforeAll(async () => {
  // Short holds, so the test need not wait out the real 15 s, 30 s, 60 s … after the outage ends.
  process.env.LINKFLOW_FIRST_RETRY_MS = '2000';
  h = await startSyncHarness();
  companyId = (
    await h.po.create(
      'Customers',
      { Name: 'Brudd AS', OrganizationNumber: '923609016' },
      { idempotencyKey: 'outage-company' },
    )
  ).id;
  await h.start();
}, 120_000);
afterAll(async () => {
  delete process.env.LINKFLOW_FIRST_RETRY_MS;
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('edits and new records made during a Chargebee outage arrive after it, none parked or duplicated', async () => {
  const before = await h.po.create(
    'ContactPersons',
    { FirstName: 'Tone', LastName: 'Brudd', EmailAddress: 'tone.brudd@example.no' },
    { idempotencyKey: 'outage-before', parentId: companyId },
  );
  await h.untilStatus('ContactPersons', before.id);
  const customerId = `pogo-cp-${before.id}`;

  h.chargebee.http.setFaults({ errorRate: 1 });
  const outageStarted = Date.now();
  const current = await h.po.get('ContactPersons', before.id, { parentId: companyId });
  await h.po.update(
    'ContactPersons',
    before.id,
    { LastName: 'Brudd-Hansen' },
    { previous: current?.data, parentId: companyId },
  );
  const during = await h.po.create(
    'ContactPersons',
    { FirstName: 'Ivar', LastName: 'Nede', EmailAddress: 'ivar.nede@example.no' },
    { idempotencyKey: 'outage-during', parentId: companyId },
  );
  // The record writer holds the edit, and the new record's link holds its creation, once the activity's own
  // attempts are spent; both say so.
  const target = { system: 'chargebee', type: 'customer', id: customerId };
  await h.eventually(
    'the record writer retrying',
    async () => ((await h.record(target)).retrying ? true : undefined),
    90_000,
  );
  await h.eventually(
    'the new link retrying',
    async () => ((await h.link('ContactPersons', during.id)).retrying ? true : undefined),
    90_000,
  );
  // Past any activity-level retry budget: only the workflow's hold keeps the edits now.
  await sleep(Math.max(0, 25_000 - (Date.now() - outageStarted)));
  expect((await h.record(target)).status).not.toBe('parked');
  h.chargebee.http.setFaults({ errorRate: 0 });

  await h.eventually(
    'the edit made during the outage',
    async () => ((await h.cb.get('customer', customerId))?.data['last_name'] === 'Brudd-Hansen' ? true : undefined),
    150_000,
  );
  const linked = await h.untilStatus('ContactPersons', during.id, 'linked', 150_000);
  expect(linked.retrying).toBeUndefined();
  const customers = (await h.chargebeeCustomers()).filter((record) => record.data['email'] === 'ivar.nede@example.no');
  expect(customers).toHaveLength(1);

  await saveHistory(h.sync.client, h.linkId('ContactPersons', during.id), 'link-held-through-outage');
  const keyHash = createHash('sha256').update('email\u0000ivar.nede@example.no').digest('hex');
  await saveHistory(
    h.sync.client,
    mergeWorkflowId(h.prefix, 'chargebee', 'customer', keyHash),
    'merge-unavailable-then-linked',
  );
  await saveHistory(h.sync.client, recordWorkflowId(h.prefix, target), 'record-after-outage');
}, 300_000);

test('an edit made in Chargebee while PowerOffice is down, then PowerOffice edited while Chargebee is down: both survive', async () => {
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Ragnhild', LastName: 'Vik', EmailAddress: 'ragnhild.vik@example.no' },
    { idempotencyKey: 'outage-swap', parentId: companyId },
  );
  await h.untilStatus('ContactPersons', person.id);
  const customerId = `pogo-cp-${person.id}`;
  await h.eventually('the customer', async () => (await h.cb.get('customer', customerId)) ?? undefined);

  h.poweroffice.http.setFaults({ errorRate: 1 });
  await h.cb.update('customer', customerId, { first_name: 'Bjørn' });
  await h.eventually(
    'the link holding the Chargebee edit',
    async () => ((await h.link('ContactPersons', person.id)).retrying ? true : undefined),
    90_000,
  );
  // The outages swap: PowerOffice answers again as Chargebee goes down, and PowerOffice is edited meanwhile.
  h.chargebee.http.setFaults({ errorRate: 1 });
  h.poweroffice.http.setFaults({ errorRate: 0 });
  const current = await h.po.get('ContactPersons', person.id, { parentId: companyId });
  await h.po.update(
    'ContactPersons',
    person.id,
    { LastName: 'Vik-Sørli' },
    { previous: current?.data, parentId: companyId },
  );
  await sleep(20_000);
  h.chargebee.http.setFaults({ errorRate: 0 });

  const expected = ['Bjørn', 'Vik-Sørli', 'Bjørn', 'Vik-Sørli'];
  const read = async (): Promise<unknown[]> => {
    const po = await h.po.get('ContactPersons', person.id, { parentId: companyId });
    const cb = await h.cb.get('customer', customerId);
    return [po?.data['FirstName'], po?.data['LastName'], cb?.data['first_name'], cb?.data['last_name']];
  };
  await h.eventually(
    'both edits on both sides',
    async () => (JSON.stringify(await read()) === JSON.stringify(expected) ? true : undefined),
    150_000,
  );
  await sleep(5_000);
  expect(await read()).toEqual(expected);
}, 300_000);
