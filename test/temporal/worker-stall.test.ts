/**
 * A worker whose main thread is blocked longer than a workflow task's timeout (docs/RELIABILITY.md): the block
 * comes from a SIGUSR2 handler, as a heap snapshot taken with `--heapsnapshot-signal=SIGUSR2` does. Before the
 * fix the SDK also took SIGUSR2 as "shut every Worker down": the worker stopped polling and the process stayed
 * alive, serving nothing. Now the worker serves on; and a worker that does stop unasked is reported at once
 * (`linkflow worker` then exits non-zero for its supervisor to restart it).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { startSyncWorker, type SyncWorker } from '../../worker/sync-runtime';
import { WorkerSupervisor, type WatchedWorker } from '../../worker/supervisor';
import { healthCheckWorkflow } from '../../workflows';
import { waitFor } from '../support/temporal';

const taskQueue = `test-worker-stall-${randomUUID()}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-worker-stall-'));
const config = loadConfig({
  ...process.env,
  LINKFLOW_TASK_QUEUE: taskQueue,
  LINKFLOW_WORKFLOW_ID_PREFIX: `${process.env.LINKFLOW_WORKFLOW_ID_PREFIX ?? ''}worker-stall/${randomUUID()}/`,
  LINKFLOW_DATA_DIR: dataDir,
});
const failures: string[] = [];
let sync: SyncWorker | undefined;

beforeAll(async () => {
  // No connectors: the health-check workflow and its activity need none.
  sync = await startSyncWorker({
    config,
    connectors: {},
    taskQueue,
    onWorkerFailure: (reason) => failures.push(reason),
  });
}, 120_000);
afterAll(async () => {
  await sync?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function running(): SyncWorker {
  if (!sync) throw new Error('the sync worker did not start');
  return sync;
}

/** Workflows whose tasks time out after 1 s, so that a block of a few seconds outlasts them. */
async function startHealthChecks(count: number, label: string): Promise<WorkflowHandle<typeof healthCheckWorkflow>[]> {
  const { client } = running();
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      client.workflow.start(healthCheckWorkflow, {
        taskQueue,
        workflowId: `${config.workflowIdPrefix}${label}/${index}`,
        args: ['worker-stall'],
        workflowTaskTimeout: '1s',
      }),
    ),
  );
}

/** Every result, or an error naming the worker's state once `ms` have passed (the worker stopped serving). */
async function resultsWithin<T>(ms: number, results: Promise<T>[]): Promise<T[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const status = running().worker.getStatus();
      reject(new Error(`workflows still open after ${ms / 1000} s; worker status ${JSON.stringify(status)}`));
    }, ms);
  });
  try {
    return await Promise.race([Promise.all(results), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

test('a main thread blocked past the workflow task timeout by a SIGUSR2 handler leaves the worker serving', async () => {
  let blocks = 0;
  const block = (): void => {
    blocks += 1;
    const end = Date.now() + 4_000;
    while (Date.now() < end) {
      // Busy: nothing else runs on the main thread, while the SDK's core threads go on polling.
    }
  };
  process.on('SIGUSR2', block);
  try {
    const during = await startHealthChecks(10, 'during');
    // Jest gives each test file a process object of its own, which a real signal does not reach: the test
    // emits the signal's event, as Node does for every listener (the SDK's too) when the signal arrives.
    process.emit('SIGUSR2', 'SIGUSR2');
    await waitFor('the main thread to have been blocked', async () => (blocks > 0 ? true : undefined));
    const after = await startHealthChecks(5, 'after');
    const results = await resultsWithin(
      40_000,
      [...during, ...after].map((handle) => handle.result()),
    );
    expect(results.map((result) => result.requestedBy)).toEqual(Array(15).fill('worker-stall'));
  } finally {
    process.off('SIGUSR2', block);
  }
  expect(running().worker.getState()).toBe('RUNNING');
  expect(failures).toEqual([]);
}, 60_000);

test('a worker that stops without being asked is reported at once, though its process stays alive', async () => {
  // What the SDK does on its own after a fatal error: the Worker drains, the others run on.
  running().worker.shutdown();
  const reason = await waitFor('the supervisor to report the stopped worker', async () => failures[0], 20_000);
  expect(reason).toContain(`task queue "${taskQueue}"`);
});

test('workflow activations in flight that stop completing are reported as a stall', async () => {
  let reported: string | undefined;
  const stuck: WatchedWorker = {
    taskQueue: 'stuck',
    pollsWorkflows: true,
    pollsActivities: true,
    status: () => ({
      runState: 'RUNNING',
      workflowPollerState: 'POLLING',
      activityPollerState: 'POLLING',
      numInFlightWorkflowActivations: 3,
    }),
    completedActivations: () => 7,
    running: new Promise<void>(() => undefined),
  };
  const supervisor = new WorkerSupervisor([stuck], {
    onFailure: (reason) => {
      reported = reason;
    },
    checkEveryMs: 20,
    stallMs: 200,
  });
  try {
    const reason = await waitFor('the stall to be reported', async () => reported, 10_000);
    expect(reason).toMatch(/no workflow activation of the worker of task queue "stuck" completed .* 3 were in flight/);
  } finally {
    supervisor.dispose();
  }
});
