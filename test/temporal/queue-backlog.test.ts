/**
 * The pollers' backpressure reads the main queue's backlog from the real server: tasks nobody has picked up
 * yet count, workflow and activity tasks together.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/config';
import { temporalQueueBacklog } from '../../activities/queue-backlog';
import { connectClient } from '../../temporal/connection';
import { healthCheckWorkflow } from '../../workflows';
import { waitFor } from '../support/temporal';

test('a queue nobody polls shows its waiting workflow tasks', async () => {
  const taskQueue = `test-queue-backlog-${randomUUID()}`;
  const config = loadConfig({ ...process.env, LINKFLOW_TASK_QUEUE: taskQueue });
  const client = await connectClient(config);
  try {
    const backlog = temporalQueueBacklog(client, config.temporal.namespace, taskQueue);
    expect(await backlog()).toBe(0);
    const handles = await Promise.all(
      [1, 2, 3].map((index) =>
        client.workflow.start(healthCheckWorkflow, {
          taskQueue,
          workflowId: `${config.workflowIdPrefix}queue-backlog/${randomUUID()}/${index}`,
          args: ['queue-backlog test'],
        }),
      ),
    );
    // The server's figure is approximate and refreshed in the background: wait until it shows them.
    await waitFor('the three workflow tasks in the backlog', async () => ((await backlog()) >= 3 ? true : undefined));
    await Promise.all(handles.map((handle) => handle.terminate('test over')));
  } finally {
    await client.connection.close();
  }
});
