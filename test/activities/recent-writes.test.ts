/**
 * A poller skips exactly our own echoes: a record observed at the version this process wrote (or older), never
 * one changed again since.
 */
import { budgetWaitOf } from '../../activities/live-lane';
import { RecentWrites, notingWrites } from '../../activities/recent-writes';
import type { Connector, RecordSnapshot } from '../../connectors/connector';
import { customerSnapshot } from '../support/snapshots';

const snapshot = (id: string, version: number): RecordSnapshot => customerSnapshot(id, version);

const writer: Connector = {
  system: 'chargebee',
  capabilities: () => ({}),
  // eslint-disable-next-line require-yield
  readChanges: async function* () {
    return;
  },
  get: async () => null,
  findByKey: async () => [],
  create: async (_type, data) => snapshot(String(data['id']), 5),
  update: async (_type, id) => snapshot(id, 9),
};

test('what this process created or updated is its own echo at that version, not after a later change', async () => {
  const recent = new RecentWrites();
  const connector = notingWrites(writer, recent);
  await connector.create('customer', { id: 'pogo-cp-1' }, { idempotencyKey: 'k' });
  expect(recent.isOwnEcho(snapshot('pogo-cp-1', 5))).toBe(true);
  expect(recent.isOwnEcho(snapshot('pogo-cp-1', 6))).toBe(false); // someone edited it after our create
  await connector.update('customer', 'pogo-cp-1', { first_name: 'Kari' });
  expect(recent.isOwnEcho(snapshot('pogo-cp-1', 9))).toBe(true);
  expect(recent.isOwnEcho(snapshot('pogo-cp-2', 1))).toBe(false); // never written here
});

test('the cache is bounded: the oldest write is forgotten (then handed on, and dropped by its workflow)', async () => {
  const recent = new RecentWrites(2);
  for (const id of ['a', 'b', 'c']) recent.note(snapshot(id, 1));
  expect(recent.isOwnEcho(snapshot('a', 1))).toBe(false);
  expect(recent.isOwnEcho(snapshot('c', 1))).toBe(true);
});

test('the wrapper passes on what the connector says of records the system makes itself', async () => {
  const recent = new RecentWrites();
  expect(notingWrites(writer, recent).makesRecordsItself).toBeUndefined();
  const site = { ...writer, makesRecordsItself: async (type: string) => type === 'order' };
  const wrapped = notingWrites(site, recent);
  expect(await wrapped.makesRecordsItself?.('order')).toBe(true);
  expect(await wrapped.makesRecordsItself?.('customer')).toBe(false);
});

test("the wrapper passes on the connector's budget estimate, which decides whether a merge may run inline", () => {
  const recent = new RecentWrites();
  // A test site's 150 requests/min with a full bucket of 3: three requests go at once, the sixth waits.
  const site: Connector = {
    ...writer,
    waitingRequests: () => 0,
    budgetWaitMs: (requests) => Math.max(0, requests - 3) * 408,
  };
  const wrapped = notingWrites(site, recent);
  expect(wrapped.budgetWaitMs?.(3)).toBe(0);
  expect(wrapped.budgetWaitMs?.(6)).toBe(1224);
  expect(budgetWaitOf(wrapped)(6)).toBe(1224);
});
