/**
 * The live lane: a link that hears of a fresh change runs its activity on the live queue, served by workers
 * of its own, so it does not wait behind a first sync's backlog on the main queue; backlog stays where it was.
 * Fake activities on the real server; the lane is told apart by which worker ran the activity.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import { loadConfig } from '../../config/config';
import type { RecordSnapshot } from '../../connectors/connector';
import { connectClient, connectWorker } from '../../temporal/connection';
import { createWorker } from '../../worker/create-worker';
import { LIVE_QUEUE_SUFFIX } from '../../workflows/activity-options';
import { sourceObservedSignal } from '../../workflows/messages';
import { waitFor } from '../support/temporal';

const taskQueue = `test-${randomUUID()}`;
const config = loadConfig({ ...process.env, LINKFLOW_TASK_QUEUE: taskQueue });
const ranIn: Record<string, string[]> = {};

const fakeProcess =
  (lane: string) =>
  async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    (ranIn[input.state.source.id] ??= []).push(lane);
    return { state: { ...input.state, status: 'linked' }, dependencies: [] };
  };

let client: Client;
let connection: NativeConnection;
let workers: Worker[] = [];
let running: Promise<unknown>;
beforeAll(async () => {
  client = await connectClient(config);
  connection = await connectWorker(config);
  workers = [
    await createWorker({ config, connection, activities: { processLinkEvents: fakeProcess('main') }, taskQueue }),
    await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: `${taskQueue}${LIVE_QUEUE_SUFFIX}`,
      activities: { processLinkEvents: fakeProcess('live') },
    }),
  ];
  running = Promise.all(workers.map((worker) => worker.run()));
}, 60_000);
afterAll(async () => {
  for (const worker of workers) worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
});

const snapshot = (id: string): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id,
  version: 1,
  changedAt: 1,
  deleted: false,
  data: {},
});

async function observe(id: string, delivery?: { live: boolean }): Promise<void> {
  await client.workflow.signalWithStart('linkWorkflow', {
    workflowId: `${config.workflowIdPrefix}live-lane/${randomUUID()}`,
    taskQueue,
    args: [
      { dataflow: 'poweroffice-to-chargebee', source: { system: 'poweroffice-go', resource: 'ContactPersons', id } },
    ],
    signal: sourceObservedSignal,
    signalArgs: delivery ? [snapshot(id), delivery] : [snapshot(id)],
  });
}

test('a fresh change runs in the live lane; the backlog and old pollers stay on the main queue', async () => {
  await observe('fresh', { live: true });
  await observe('backlog', { live: false });
  await observe('from-an-older-poller');
  await waitFor('all three links to run', async () => (Object.keys(ranIn).length === 3 ? true : undefined));
  expect(ranIn).toEqual({ fresh: ['live'], backlog: ['main'], 'from-an-older-poller': ['main'] });
});
