/**
 * How much work waits in the worker's main task queue, as Temporal reports it (DescribeTaskQueue with stats):
 * workflow tasks and activity tasks not yet picked up. Pollers read the next page of a listing only while this
 * is small (backpressure, docs/DECISIONS.md 83): a first sync of 45,000 records otherwise starts every link at
 * once, and each merge or dependency a link waits for then waits behind all of them.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Tasks waiting in the main queue (workflow and activity); a source of that figure, replaceable in tests. */
export type QueueBacklog = () => Promise<number>;

/** The main queue may hold this many waiting tasks before pollers wait to read on: about 10 s of work. */
export const QUEUE_BACKLOG_LIMIT = 1_000;

const { TaskQueueType, TaskQueueKind } = temporal.api.enums.v1;

export function temporalQueueBacklog(client: Client, namespace: string, taskQueue: string): QueueBacklog {
  const backlogOf = async (taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<number> => {
    const response = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
      reportStats: true,
    });
    return Number(response.stats?.approximateBacklogCount ?? 0);
  };
  return async () => {
    const [workflowTasks, activityTasks] = await Promise.all([
      backlogOf(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      backlogOf(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]);
    return workflowTasks + activityTasks;
  };
}
