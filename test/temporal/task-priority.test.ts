/**
 * The embedded server hands out a live workflow's task ahead of a backlog: the first workflow task of a
 * workflow started with LIVE_PRIORITY is polled before those of workflows started earlier without it
 * (docs/DECISIONS.md 105), and before those of record writers started earlier, which in turn come before the
 * backlog's (docs/DECISIONS.md 116, 120). No worker runs the queue; the test polls it itself.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Priority } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { loadConfig } from '../../config/config';
import { connectClient } from '../../temporal/connection';
import { LIVE_PRIORITY, UNDER_WAY_PRIORITY } from '../../temporal/task-priority';
import { waitFor } from '../support/temporal';

const config = loadConfig(process.env);
let client: Client;
beforeAll(async () => {
  client = await connectClient(config);
});
afterAll(async () => client?.connection.close());

test("a live workflow's first task is handed out ahead of record writers and a backlog started before it", async () => {
  const taskQueue = `priority-${randomUUID()}`;
  const prefix = `${config.workflowIdPrefix}priority-test/${randomUUID()}/`;
  const start = (name: string, priority?: Priority) =>
    client.workflow.start('linkWorkflow', {
      taskQueue,
      workflowId: `${prefix}${name}`,
      args: [],
      ...(priority ? { priority } : {}),
    });
  const started: WorkflowHandle[] = [];
  for (let index = 0; index < 5; index += 1) started.push(await start(`backlog-${index}`));
  for (let index = 0; index < 5; index += 1) started.push(await start(`writer-${index}`, UNDER_WAY_PRIORITY));
  started.push(await start('live', LIVE_PRIORITY));
  try {
    // A started workflow's first task reaches the task queue a moment after the start returns.
    const queue = { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL };
    await waitFor('the eleven tasks in the queue', async () => {
      const { stats } = await client.workflowService.describeTaskQueue({
        namespace: config.temporal.namespace,
        taskQueue: queue,
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      return Number(stats?.approximateBacklogCount ?? 0) >= started.length ? true : undefined;
    });
    const poll = () =>
      client.connection.withDeadline(Date.now() + 30_000, () =>
        client.workflowService.pollWorkflowTaskQueue({
          namespace: config.temporal.namespace,
          taskQueue: queue,
          identity: 'task-priority-test',
        }),
      );
    expect((await poll()).workflowExecution?.workflowId).toBe(`${prefix}live`);
    expect((await poll()).workflowExecution?.workflowId).toMatch(new RegExp(`^${prefix}writer-`));
  } finally {
    await Promise.all(started.map((handle) => handle.terminate('test over').catch(() => undefined)));
  }
});
