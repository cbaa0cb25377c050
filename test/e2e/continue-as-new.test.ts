/**
 * A link (and its record writer) keeps its state across continue-as-new: with a tiny history limit, a link
 * that has synced several edits both ways has rolled over, still knows its target, and still syncs.
 */
import { editCustomer } from '../../sandboxes/chargebee/repository';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  // Read by the activities that start links and record writers in this (the test's) process.
  process.env.LINKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS = '25';
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => {
  delete process.env.LINKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
  await h?.close();
});

test('a link keeps its target, provenance and sync across continue-as-new', async () => {
  const company = await h.po.create(
    'Customers',
    { Name: 'Ny Runde AS', OrganizationNumber: '923609016' },
    { idempotencyKey: 'can-company' },
  );
  const person = await h.po.create(
    'ContactPersons',
    { FirstName: 'Rune', LastName: 'Runde', EmailAddress: 'rune@example.no' },
    { idempotencyKey: 'can-person', parentId: company.id },
  );
  await h.start();
  const linked = await h.untilStatus('ContactPersons', person.id);
  const customerId = `pogo-cp-${person.id}`;
  const linkHandle = h.sync.client.workflow.getHandle(h.linkId('ContactPersons', person.id));
  const firstRun = (await linkHandle.describe()).runId;

  for (let round = 1; round <= 4; round += 1) {
    editCustomer(h.chargebee.store, customerId, { first_name: `Rune ${round}` });
    await h.eventually(`Chargebee edit ${round} in PowerOffice`, async () =>
      (await h.po.get('ContactPersons', person.id, { parentId: company.id }))?.data['FirstName'] === `Rune ${round}`
        ? true
        : undefined,
    );
    const current = await h.po.get('ContactPersons', person.id, { parentId: company.id });
    await h.po.update(
      'ContactPersons',
      person.id,
      { LastName: `Runde ${round}` },
      { previous: current?.data, parentId: company.id },
    );
    await h.eventually(`PowerOffice edit ${round} in Chargebee`, async () =>
      (await h.cb.get('customer', customerId))?.data['last_name'] === `Runde ${round}` ? true : undefined,
    );
  }

  const description = await linkHandle.describe();
  expect(description.runId).not.toBe(firstRun);
  expect(description.historyLength).toBeLessThan(60);
  const state = await h.link('ContactPersons', person.id);
  expect(state.target).toEqual(linked.target);
  expect(state.status).toBe('linked');
  expect(state.props['last_name']?.value).toBe('Runde 4');
  expect(state.props['first_name']?.value).toBe('Rune 4');
  const record = await h.record({ system: 'chargebee', type: 'customer', id: customerId });
  expect(Object.keys(record.links)).toEqual([h.linkId('ContactPersons', person.id)]);
  expect(record.props['first_name']?.value).toBe('Rune 4');
  expect(await h.chargebeeCustomers()).toHaveLength(1);
});
