/**
 * Where a fresh change's time went: the events of the workflows that carried it, as seconds after the change
 * was made. A figure over its bound says only that it was late; the timeline says whether it waited for a poll,
 * for a workflow task (the task queue's backlog), for an activity slot, or for the vendor's budget.
 */
import type { Client } from '@temporalio/client';
import { readWholeHistory } from '../temporal/read-history';
import { tsToMs } from '@temporalio/common/lib/time';
import * as proto from '@temporalio/proto';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const SHORT_NAMES: Partial<Record<number, string>> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: 'started',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: 'signal',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]: 'update',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]: 'wft scheduled',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]: 'wft started',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'wft done',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: 'wft TIMED OUT',
  [EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]: 'wft FAILED',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: 'activity scheduled',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED]: 'activity started',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: 'activity done',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED]: 'activity FAILED',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT]: 'activity TIMED OUT',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED]: 'update done',
  [EventType.EVENT_TYPE_TIMER_STARTED]: 'timer',
  [EventType.EVENT_TYPE_TIMER_FIRED]: 'timer fired',
};

function describe(event: HistoryEvent): string {
  const type = event.eventType ?? 0;
  const name = SHORT_NAMES[type] ?? EventType[type]?.replace('EVENT_TYPE_', '').toLowerCase() ?? String(type);
  const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
  const queue = event.activityTaskScheduledEventAttributes?.taskQueue?.name?.split('-').pop();
  const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
  return activity ? `${name} ${activity} (${queue ?? '?'})` : signal ? `${name} ${signal}` : name;
}

/**
 * One line per workflow: each event from a second before `fromMs` to a second after `toMs`, as `+<s> <event>`. A
 * workflow that cannot be read (none was started, say) shows the error's name: its absence is part of the story.
 */
export async function changeTimeline(
  client: Client,
  workflowIds: string[],
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const lines: string[] = [];
  for (const workflowId of workflowIds) {
    try {
      const parts = (await readWholeHistory(client, workflowId))
        .map((event) => ({ at: tsToMs(event.eventTime), event }))
        .filter(({ at }) => at >= fromMs - 1_000 && at <= toMs + 1_000)
        .map(({ at, event }) => `${at >= fromMs ? '+' : ''}${((at - fromMs) / 1000).toFixed(1)} ${describe(event)}`);
      lines.push(`${workflowId}: ${parts.length > 0 ? parts.join('; ') : 'no events in the window'}`);
    } catch (error) {
      lines.push(`${workflowId}: ${error instanceof Error ? error.constructor.name : 'unreadable'}`);
    }
  }
  return lines;
}
