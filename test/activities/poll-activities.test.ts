/**
 * The poll activity against a fake connector: linkflow's own writes coming back are neither signalled nor
 * counted as handed on, so a pass that finds only them lets the poller back off and show itself caught up.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { initialCursor, type ChangePage, type Connector, type RecordSnapshot } from '../../connectors/connector';
import { createPollActivities } from '../../activities/poll-activities';
import { RecentWrites } from '../../activities/recent-writes';
import { loadDataflows } from '../../dataflows/engine';

const customer = (id: string, version: number): RecordSnapshot => ({
  system: 'chargebee',
  type: 'customer',
  id,
  version,
  changedAt: version,
  deleted: false,
  data: { id, email: `${id}@example.no` },
});

function fakeChargebee(page: RecordSnapshot[]): Connector {
  return {
    system: 'chargebee',
    capabilities: () => ({}),
    readChanges: async function* (): AsyncIterable<ChangePage> {
      yield { records: page, unreadable: [], cursor: { since: 10, seen: [] }, more: false };
    },
    get: async () => null,
    findByKey: async () => [],
    create: async () => {
      throw new Error('not used');
    },
    update: async () => {
      throw new Error('not used');
    },
  };
}

/** A client whose record writers all run: each signal is counted. */
function countingClient(signalled: string[]): Client {
  const workflow = { getHandle: (workflowId: string) => ({ signal: async () => void signalled.push(workflowId) }) };
  return { workflow } as unknown as Client;
}

/** Runs `work` as if inside an activity, so that its heartbeats have somewhere to go. */
function inActivity<T>(work: () => Promise<T>): Promise<T> {
  const context = { heartbeat: () => undefined } as unknown as Context;
  return asyncLocalStorage.run(context, work);
}

test('a page of our own writes is not handed on and counts as nothing dispatched; an edit made since is', async () => {
  const recentWrites = new RecentWrites();
  recentWrites.note(customer('pogo-cp-1', 3));
  recentWrites.note(customer('pogo-cp-2', 3));
  const signalled: string[] = [];
  const flows = loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee');
  const activities = createPollActivities({
    config: loadConfig({}),
    flows,
    connectors: { chargebee: fakeChargebee([customer('pogo-cp-1', 3), customer('pogo-cp-2', 4)]) },
    client: countingClient(signalled),
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    recentWrites,
  });
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  const mixed = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  // pogo-cp-2 was edited after our write (version 4): handed on; pogo-cp-1 is our own echo.
  expect(mixed.dispatched).toBe(1);
  expect(signalled).toHaveLength(1);
  expect(signalled[0]).toContain('pogo-cp-2');

  recentWrites.note(customer('pogo-cp-2', 4));
  signalled.length = 0;
  const echoesOnly = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  expect(echoesOnly).toMatchObject({ dispatched: 0, more: false });
  expect(signalled).toEqual([]);
});
