/**
 * An order's wait for its customer lives in workflow code: the worker that asked can die, and the answer
 * still reaches the order, which goes on as soon as any worker runs it again.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import { loadConfig } from '../../config/config';
import type { DependencyRequest } from '../../model/workflow-inputs';
import { connectClient, connectWorker } from '../../temporal/connection';
import { createWorker } from '../../worker/create-worker';
import { dependencyAnsweredSignal, linkStateQuery, sourceObservedSignal } from '../../workflows/messages';
import { waitFor } from '../support/temporal';

const taskQueue = `test-${randomUUID()}`;
const config = loadConfig({ ...process.env, LINKFLOW_TASK_QUEUE: taskQueue });
const customer: DependencyRequest = {
  key: 'Customers/5000001',
  dataflow: 'poweroffice-to-chargebee',
  source: { system: 'poweroffice-go', resource: 'Customers', id: '5000001' },
};
const asked: DependencyRequest[][] = [];
const resolvedWith: Record<string, unknown>[] = [];

const activities = {
  processLinkEvents: async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    if (Object.keys(input.resolvedRefs).length === 0 && input.dependencyProblem === undefined) {
      return { state: { ...input.state, status: 'pending' }, dependencies: [customer] };
    }
    resolvedWith.push(input.resolvedRefs);
    return {
      state: { ...input.state, status: 'linked', target: { system: 'chargebee', type: 'order', id: 'so-1' } },
      dependencies: [],
    };
  },
  requestDependencies: async (input: { dependencies: DependencyRequest[] }): Promise<void> => {
    asked.push(input.dependencies);
  },
};

let client: Client;
let connection: NativeConnection;
beforeAll(async () => {
  client = await connectClient(config);
  connection = await connectWorker(config);
}, 60_000);
afterAll(async () => {
  await connection.close();
  await client.connection.close();
});

async function runWorker(): Promise<{ worker: Worker; running: Promise<void> }> {
  const worker = await createWorker({ config, connection, activities, taskQueue });
  return { worker, running: worker.run() };
}

test('the answer to a demand reaches a waiting order after its worker was replaced', async () => {
  let current = await runWorker();
  const workflowId = `${config.workflowIdPrefix}dependency-wait/${randomUUID()}`;
  const handle = await client.workflow.signalWithStart('linkWorkflow', {
    workflowId,
    taskQueue,
    args: [
      {
        dataflow: 'poweroffice-to-chargebee',
        source: { system: 'poweroffice-go', resource: 'SalesOrders', id: 'o-1' },
      },
    ],
    signal: sourceObservedSignal,
    signalArgs: [
      { system: 'poweroffice-go', type: 'SalesOrders', id: 'o-1', version: 1, changedAt: 1, deleted: false, data: {} },
    ],
  });
  await waitFor('the order to ask for its customer', async () => (asked.length > 0 ? true : undefined));
  expect(asked[0]).toEqual([customer]);
  expect((await handle.query(linkStateQuery)).status).toBe('waiting');

  // The worker goes away while the order waits; the customer answers meanwhile.
  current.worker.shutdown();
  await current.running;
  await handle.signal(dependencyAnsweredSignal, {
    key: customer.key,
    target: { system: 'chargebee', type: 'customer', id: 'pogo-c-5000001' },
  });

  current = await runWorker();
  const state = await waitFor('the order to go on', async () => {
    const now = await handle.query(linkStateQuery);
    return now.status === 'linked' ? now : undefined;
  });
  expect(state.target).toEqual({ system: 'chargebee', type: 'order', id: 'so-1' });
  expect(resolvedWith[0]).toEqual({ [customer.key]: { system: 'chargebee', type: 'customer', id: 'pogo-c-5000001' } });
  await handle.terminate('test done');
  current.worker.shutdown();
  await current.running;
}, 90_000);
