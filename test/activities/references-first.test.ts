/**
 * A first sync reads the records others refer to first (docs/DECISIONS.md 93): the first page of sales orders
 * waits while the customers, contact persons and products they refer to are still being read and linked. Only
 * the first read waits, and a wait that cannot be decided never stops the read.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { initialCursor, type Connector } from '../../connectors/connector';
import { createPollActivities } from '../../activities/poll-activities';
import type { FirstReadBegun, ReferencesFirst } from '../../activities/references-first';
import { loadDataflows } from '../../dataflows/engine';
import { fakeConnector, onePage } from '../support/fake-connector';

/** A PowerOffice connector whose listing is empty; it counts the reads. */
const countingPowerOffice = (reads: { count: number }): Connector =>
  fakeConnector('poweroffice-go', {
    readChanges: onePage({ records: [], unreadable: [], cursor: { since: 10, seen: [] }, more: false }, reads),
  });

function inActivity<T>(work: () => Promise<T>): Promise<T> {
  const quiet = { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined };
  const context = { heartbeat: () => undefined, log: quiet } as unknown as Context;
  return asyncLocalStorage.run(context, work);
}

function pollActivities(
  reads: { count: number },
  referencesFirst: ReferencesFirst,
  firstReadBegun: FirstReadBegun = async () => true,
) {
  return createPollActivities({
    config: loadConfig({}),
    flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
    connectors: { 'poweroffice-go': countingPowerOffice(reads) },
    client: {} as unknown as Client,
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    queueBacklog: async () => 0,
    referencesFirst,
    firstReadBegun,
  });
}

const orders = { dataflow: 'poweroffice-to-chargebee', system: 'poweroffice-go', resource: 'SalesOrders' };

test('the first page of orders waits while what they refer to is being read, then reads', async () => {
  const reads = { count: 0 };
  const asked: string[][] = [];
  const answers: (string | undefined)[] = ['Customers are still being read', undefined];
  const activities = pollActivities(reads, async (_system, _resource, references) => {
    asked.push(references);
    return answers.shift();
  });
  const held = await inActivity(() => activities.pollChanges({ ...orders, cursor: initialCursor() }));
  // Busy: the poller keeps its base interval instead of backing off as after an idle pass.
  expect(held).toEqual({ cursor: initialCursor(), dispatched: 0, more: false, busy: true });
  expect(reads.count).toBe(0);
  expect([...(asked[0] ?? [])].sort()).toEqual(['Customers', 'Products']);

  const read = await inActivity(() => activities.pollChanges({ ...orders, cursor: initialCursor() }));
  expect(reads.count).toBe(1);
  // The pass ended on this page: its cursor says the feed is caught up (docs/DECISIONS.md 143).
  expect(read.cursor).toEqual({ since: 10, seen: [], caughtUp: true });
});

test('once a resource has been read, and for resources that refer to nothing, nothing waits', async () => {
  const reads = { count: 0 };
  let asked = 0;
  const activities = pollActivities(reads, async () => {
    asked += 1;
    return 'would wait';
  });
  await inActivity(() => activities.pollChanges({ ...orders, cursor: { since: 5, seen: [] } }));
  await inActivity(() => activities.pollChanges({ ...orders, resource: 'Products', cursor: initialCursor() }));
  expect(asked).toBe(0);
  expect(reads.count).toBe(2);
});

test('a wait that cannot be decided (visibility unavailable) does not stop the read', async () => {
  const reads = { count: 0 };
  const activities = pollActivities(reads, async () => Promise.reject(new Error('visibility is unavailable')));
  await inActivity(() => activities.pollChanges({ ...orders, cursor: initialCursor() }));
  expect(reads.count).toBe(1);
});

test('while the orders wait for their customers and items, the contact persons give way; then they read', async () => {
  const reads = { count: 0 };
  const asked: string[] = [];
  const begun: string[] = [];
  let ordersBegun = false;
  const activities = pollActivities(
    reads,
    async (_system, resource) => {
      asked.push(resource);
      return 'Customers have not been linked yet';
    },
    async (_system, resource) => {
      begun.push(resource);
      return ordersBegun;
    },
  );
  const contactPersons = { ...orders, resource: 'ContactPersons', cursor: { since: 5, seen: [] } };
  const held = await inActivity(() => activities.pollChanges(contactPersons));
  // Busy: the poller keeps its base interval, so it reads soon after the orders' first read began.
  expect(held).toEqual({ cursor: contactPersons.cursor, dispatched: 0, more: false, busy: true });
  expect(reads.count).toBe(0);
  expect(asked).toEqual(['SalesOrders']);

  // What the orders wait for never gives way, and a head read (fresh changes) never waits.
  await inActivity(() => activities.pollChanges({ ...contactPersons, resource: 'Customers' }));
  await inActivity(() => activities.pollChanges({ ...contactPersons, head: true }));
  expect(reads.count).toBe(2);
  expect(asked).toEqual(['SalesOrders']);

  ordersBegun = true;
  await inActivity(() => activities.pollChanges(contactPersons));
  expect(reads.count).toBe(3);
  // Once the orders' read has begun, this process does not ask again.
  const asksBefore = begun.length;
  await inActivity(() => activities.pollChanges(contactPersons));
  expect(reads.count).toBe(4);
  expect(begun.length).toBe(asksBefore);
});
