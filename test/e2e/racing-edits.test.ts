/**
 * Both sides of one record edited between two polls: per property the edit made later wins on both sides,
 * whichever system's poll reports its edit first. Each order of arrival is forced by holding one poller.
 */
import { editCustomer } from '../../sandboxes/chargebee/repository';
import { pollerWorkflowId } from '../../model/ids';
import type { PollerState } from '../../model/sync-state';
import { stopPollingSignal } from '../../workflows/messages';
import { DATAFLOW, POLL_MS, startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
let companyId = '';
beforeAll(async () => {
  h = await startSyncHarness();
  companyId = (
    await h.po.create(
      'Customers',
      { Name: 'Kappløp AS', OrganizationNumber: '923609016' },
      { idempotencyKey: 'race-company' },
    )
  ).id;
  await h.start();
}, 120_000);
afterAll(async () => h?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function holdPoller(system: string, resource: string): Promise<void> {
  const handle = h.sync.client.workflow.getHandle(pollerWorkflowId(h.prefix, system, resource));
  await handle.signal(stopPollingSignal);
  await handle.result();
}

/** Starts one held poller again from the cursor it stopped with. */
async function releasePoller(system: string, resource: string): Promise<void> {
  const workflowId = pollerWorkflowId(h.prefix, system, resource);
  const state = await h.sync.client.workflow.getHandle<() => Promise<PollerState>>(workflowId).result();
  await h.sync.client.workflow.start('pollerWorkflow', {
    workflowId,
    taskQueue: h.taskQueue,
    args: [{ dataflow: DATAFLOW, system, resource, intervalMs: POLL_MS, idleCeilingMs: 2 * POLL_MS, state }],
  });
}

/** Both edits land between two polls; `first` is reported, and its writes done, before the other is read. */
async function race(first: [string, string], second: [string, string], edits: () => Promise<void>): Promise<void> {
  await holdPoller(...first);
  await holdPoller(...second);
  await edits();
  await releasePoller(...first);
  await sleep(4 * POLL_MS);
  await releasePoller(...second);
}

async function newLinkedContact(tag: string): Promise<{ id: string; customerId: string }> {
  const created = await h.po.create(
    'ContactPersons',
    { FirstName: 'Start', LastName: `Race ${tag}`, EmailAddress: `race.${tag}@example.no` },
    { idempotencyKey: `race-${tag}`, parentId: companyId },
  );
  await h.untilStatus('ContactPersons', created.id);
  const customerId = `pogo-cp-${created.id}`;
  await h.eventually('the customer in Chargebee', async () => (await h.cb.get('customer', customerId)) ?? undefined);
  return { id: created.id, customerId };
}

async function editPowerOffice(id: string, changes: Record<string, unknown>): Promise<void> {
  const current = await h.po.get('ContactPersons', id, { parentId: companyId });
  await h.po.update('ContactPersons', id, changes, { previous: current?.data, parentId: companyId });
}

async function bothSides(id: string, customerId: string): Promise<[unknown, unknown]> {
  const po = await h.po.get('ContactPersons', id, { parentId: companyId });
  const cb = await h.cb.get('customer', customerId);
  return [po?.data['FirstName'], cb?.data['first_name']];
}

async function untilBoth(id: string, customerId: string, value: string): Promise<void> {
  await h.eventually(
    `FirstName ${value} on both sides`,
    async () => {
      const [po, cb] = await bothSides(id, customerId);
      return po === value && cb === value ? true : undefined;
    },
    60_000,
  );
  // And it stays: nothing flips back a few polls later.
  await sleep(4 * POLL_MS);
  expect(await bothSides(id, customerId)).toEqual([value, value]);
}

test('PowerOffice edited, Chargebee a second later, PowerOffice reported first: the Chargebee edit wins', async () => {
  const { id, customerId } = await newLinkedContact('a');
  await race(['poweroffice-go', 'ContactPersons'], ['chargebee', 'customer'], async () => {
    await editPowerOffice(id, { FirstName: 'Older' });
    await sleep(1_100);
    editCustomer(h.chargebee.store, customerId, { first_name: 'Newer' });
  });
  await untilBoth(id, customerId, 'Newer');
}, 120_000);

test('Chargebee edited, PowerOffice a second later, Chargebee reported first: the PowerOffice edit wins', async () => {
  const { id, customerId } = await newLinkedContact('b');
  await race(['chargebee', 'customer'], ['poweroffice-go', 'ContactPersons'], async () => {
    editCustomer(h.chargebee.store, customerId, { first_name: 'Earlier' });
    await sleep(1_100);
    await editPowerOffice(id, { FirstName: 'Later' });
  });
  await untilBoth(id, customerId, 'Later');
}, 120_000);
