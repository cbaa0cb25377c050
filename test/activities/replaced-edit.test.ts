/**
 * The record writer against a fake Chargebee, in the window chaos run L found (docs/RELIABILITY.md finding 10):
 * the writer reads the customer, a person edits it, and the writer's write lands on top of the edit. Chargebee has
 * no conditional update, so the write cannot be refused; the poller's read of the edit, older than the write, is
 * what is left of it. It must be weighed by its time, not dropped as older than the write.
 */
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import type { RecordSnapshot } from '../../connectors/connector';
import { createRecordActivities } from '../../activities/record-activities';
import { applyRecordEvents } from '../../activities/record-state';
import { newRecordState } from '../../model/record-state';
import type { RecordEvent, RecordState } from '../../model/sync-state';
import { fakeConnector } from '../support/fake-connector';
import { customerSnapshot } from '../support/snapshots';

const target = { system: 'chargebee', type: 'customer', id: 'pogo-c-45' };
const linkId = 'link/poweroffice-to-chargebee/Customers/5000045';
const origin = `source:${linkId}`;

const snapshot = (version: number, lastName: string): RecordSnapshot =>
  customerSnapshot(target.id, version, { id: target.id, last_name: lastName });

/** A writer linked to the customer, which held 'Kværne' from the start (both sides agreed at 1,000). */
function linkedState(): RecordState {
  const attach: RecordEvent = {
    kind: 'attach',
    linkId,
    mappingId: 'customers',
    proposals: { last_name: { value: 'Kværne', at: 500, origin } },
    snapshot: snapshot(1_000, 'Kværne'),
    created: false,
  };
  return applyRecordEvents(newRecordState(target), [attach]).state;
}

/**
 * The fake Chargebee: the writer's read shows 'Kværne' at 3,000; a person renames the customer at 4,000, after
 * the read, and the write at 5,000 replaces the rename. Every update is recorded.
 */
function chargebee() {
  const updates: Record<string, unknown>[] = [];
  let current = snapshot(3_000, 'Kværne');
  const connector = fakeConnector('chargebee', {
    get: async () => current,
    update: async (_type, _id, changes) => {
      updates.push(changes);
      current = snapshot(current.version < 5_000 ? 5_000 : current.version + 1_000, String(changes['last_name']));
      return current;
    },
  });
  const activities = createRecordActivities({
    config: loadConfig({}),
    flows: [],
    connectors: { chargebee: connector },
    client: {} as Client, // the writer's activity messages no workflow here: the fan-out is returned
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
  });
  return { activities, updates };
}

const propose = (lastName: string, at: number): RecordEvent => ({
  kind: 'propose',
  linkId,
  proposals: { last_name: { value: lastName, at, origin } },
});
const observed = (version: number, lastName: string): RecordEvent => ({
  kind: 'observed',
  snapshot: snapshot(version, lastName),
});

async function writeOver(edit: { at: number; value: string }, sourceEditAt = 2_000) {
  const { activities, updates } = chargebee();
  // A PowerOffice edit made during an outage (at 2,000) reaches the writer, which reads and then writes it.
  const written = await activities.processRecordEvents({
    state: linkedState(),
    events: [propose('Ødegård', sourceEditAt)],
  });
  expect(updates).toEqual([{ last_name: 'Ødegård' }]);
  expect(written.state.writtenTargetVersion).toBe(5_000);
  // Then the poller's read of the person's rename arrives: older than the write, newer than its read.
  const after = await activities.processRecordEvents({ state: written.state, events: [observed(edit.at, edit.value)] });
  return { after, updates };
}

test('an edit the write replaced wins by its time: it is written again and reaches the link', async () => {
  const { after, updates } = await writeOver({ at: 4_000, value: 'Sørli' });
  expect(updates).toEqual([{ last_name: 'Ødegård' }, { last_name: 'Sørli' }]);
  expect(after.state.props['last_name']).toMatchObject({ value: 'Sørli', at: 4_000, origin: 'target' });
  expect(after.fanOut).toEqual([{ linkId, changes: { last_name: { value: 'Sørli', at: 4_000, origin: 'target' } } }]);
});

test('a read in the window that shows what the write replaced is no edit: nothing is written', async () => {
  const { after, updates } = await writeOver({ at: 4_000, value: 'Kværne' });
  expect(updates).toEqual([{ last_name: 'Ødegård' }]);
  expect(after.fanOut).toEqual([]);
  expect(after.state.props['last_name']?.value).toBe('Ødegård');
});

test('an edit the write replaced that is older than the written source edit loses: the write stands', async () => {
  // Both sides edited at once; the source's edit (4,500) is the later one.
  const { after, updates } = await writeOver({ at: 4_000, value: 'Sørli' }, 4_500);
  expect(updates).toEqual([{ last_name: 'Ødegård' }]);
  expect(after.fanOut).toEqual([]);
  expect(after.state.props['last_name']).toMatchObject({ value: 'Ødegård', at: 4_500 });
});

test('a read older than the read the write was decided on stays dropped', async () => {
  const { after, updates } = await writeOver({ at: 2_500, value: 'Gammel' });
  expect(updates).toEqual([{ last_name: 'Ødegård' }]);
  expect(after.fanOut).toEqual([]);
});
