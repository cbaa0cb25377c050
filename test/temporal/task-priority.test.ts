/**
 * The embedded server hands out tasks by the keys linkflow starts its workflows with: a workflow a live activity
 * waits for (a merge) before a live one started earlier (docs/DECISIONS.md 127), a live workflow before what the
 * backlog waits for (133) and before the backlog's own started earlier (105), and record writers level with what
 * the backlog waits for (116, 120, 133). No worker runs the queue; the test polls it.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Priority } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { loadConfig } from '../../config/config';
import { connectClient } from '../../temporal/connection';
import {
  BACKLOG_PRIORITY,
  LIVE_PRIORITY,
  UNDER_WAY_PRIORITY,
  WAITED_FOR_LIVE_PRIORITY,
  WAITED_FOR_PRIORITY,
} from '../../temporal/task-priority';
import { waitFor } from '../support/temporal';

const config = loadConfig(process.env);
let client: Client;
beforeAll(async () => {
  client = await connectClient(config);
});
afterAll(async () => client?.connection.close());

test("a live waited-for workflow goes first, then live work, the backlog's waited-for and writers, the backlog", async () => {
  const taskQueue = `priority-${randomUUID()}`;
  const prefix = `${config.workflowIdPrefix}priority-test/${randomUUID()}/`;
  const start = (name: string, priority: Priority) =>
    client.workflow.start('linkWorkflow', { taskQueue, workflowId: `${prefix}${name}`, args: [], priority });
  const started: WorkflowHandle[] = [];
  for (let index = 0; index < 5; index += 1) started.push(await start(`backlog-${index}`, BACKLOG_PRIORITY));
  for (let index = 0; index < 5; index += 1) started.push(await start(`writer-${index}`, UNDER_WAY_PRIORITY));
  for (let index = 0; index < 3; index += 1) started.push(await start(`backlog-merge-${index}`, WAITED_FOR_PRIORITY));
  for (let index = 0; index < 5; index += 1) started.push(await start(`live-${index}`, LIVE_PRIORITY));
  started.push(await start('live-merge', WAITED_FOR_LIVE_PRIORITY));
  try {
    // A started workflow's first task reaches the task queue a moment after the start returns.
    const queue = { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL };
    await waitFor('the nineteen tasks in the queue', async () => {
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
    const polled: string[] = [];
    for (let index = 0; index < 15; index += 1) polled.push((await poll()).workflowExecution?.workflowId ?? '');
    const kinds = polled.map((workflowId) => workflowId.slice(prefix.length).replace(/-\d+$/, ''));
    expect(kinds.slice(0, 6)).toEqual(['live-merge', ...Array<string>(5).fill('live')]);
    // Writers and what the backlog waits for share a key: between them, no order is promised.
    expect(kinds.slice(6, 14).sort()).toEqual([
      ...Array<string>(3).fill('backlog-merge'),
      ...Array<string>(5).fill('writer'),
    ]);
    expect(kinds[14]).toBe('backlog');
  } finally {
    await Promise.all(started.map((handle) => handle.terminate('test over').catch(() => undefined)));
  }
});
