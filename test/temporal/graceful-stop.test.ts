/**
 * A graceful stop finishes although an activity is waiting for something that will not come (another
 * workflow this very process would run, or the vendor's budget): the activity gives way to the SDK's
 * cancellation, its attempt ends, and the Worker's drain completes. Before, such activities ignored the
 * cancellation and a loaded worker's drain never ended (docs/RELIABILITY.md).
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/config';
import { keepAlive } from '../../activities/keep-alive';
import { connectClient, connectWorker } from '../../temporal/connection';
import { createWorker } from '../../worker/create-worker';
import { healthCheckWorkflow } from '../../workflows';
import { waitFor } from '../support/temporal';

test('an activity waiting forever gives way when the worker stops: the drain ends', async () => {
  const taskQueue = `test-graceful-stop-${randomUUID()}`;
  const config = loadConfig({ ...process.env, LINKFLOW_TASK_QUEUE: taskQueue });
  const client = await connectClient(config);
  const connection = await connectWorker(config);
  let started = false;
  const waitsForever = keepAlive(async (): Promise<never> => {
    started = true;
    return new Promise<never>(() => undefined);
  });
  const worker = await createWorker({
    config,
    connection,
    taskQueue,
    activities: { reportWorkerHealth: waitsForever },
  });
  const running = worker.run();
  try {
    const handle = await client.workflow.start(healthCheckWorkflow, {
      taskQueue,
      workflowId: `${config.workflowIdPrefix}graceful-stop/${randomUUID()}`,
      args: ['graceful-stop test'],
    });
    await waitFor('the activity to start', async () => (started ? true : undefined));
    worker.shutdown();
    // Resolves only once every activity in flight has ended: without giving way, it never does.
    await running;
    expect(worker.getState()).toBe('STOPPED');
    await handle.terminate('test done');
  } finally {
    await connection.close();
    await client.connection.close();
  }
}, 60_000);
