/**
 * What the sync cost in Temporal, counted from the server's own histories: every execution (each run of a
 * continued-as-new workflow too) whose id starts with the benchmark's prefix is listed through visibility and
 * its history fetched. Events are counted in the phase whose window holds their `eventTime`.
 *
 * Actions, as Temporal Cloud bills them (the definition docs/BENCHMARKS.md states): WorkflowExecutionStarted,
 * WorkflowExecutionSignaled, WorkflowExecutionUpdateAccepted, ActivityTaskScheduled plus one per retry (an
 * ActivityTaskStarted with attempt n stands for n - 1 retries), TimerStarted, UpsertWorkflowSearchAttributes,
 * WorkflowPropertiesModified (memo), SignalExternalWorkflowExecutionInitiated,
 * StartChildWorkflowExecutionInitiated and WorkflowExecutionContinuedAsNew. Workflow tasks (WorkflowTaskCompleted)
 * and activities are counted beside them.
 */
import type { Client } from '@temporalio/client';
import { readWholeHistory } from '../temporal/read-history';
import { tsToMs } from '@temporalio/common/lib/time';
import * as proto from '@temporalio/proto';

const EventType = proto.temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
type Failure = proto.temporal.api.failure.v1.IFailure;

const ACTION_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
  EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

export type WorkflowKind = 'link' | 'record' | 'merge' | 'poller' | 'other';

export interface TemporalCounts {
  actions: number;
  /** Actions by the kind of workflow that took them. */
  actionsByKind: Record<WorkflowKind, number>;
  /** Actions by kind of workflow and event (`link SIGNALED`, `merge local activity`): where they go. */
  actionsByEvent: Record<string, number>;
  workflowTasks: number;
  /** Activities scheduled (first attempts). */
  activities: number;
  /** Retried activity attempts (also counted in `actions`). */
  activityRetries: number;
  /**
   * Activity attempts that failed on a 429: failed activities whose failure is a RateLimitedError, and retried
   * ones whose last failure before the final attempt was one (a lower bound: a history keeps only the last).
   */
  rateLimitFailures: number;
  /** Executions with at least one event in the window. */
  executions: number;
  /**
   * Where the time went, by activity type (`activity <type>`) and for workflow tasks (`workflow task`): how
   * long tasks that ended in the window waited in their task queue (scheduled → started) and ran (started →
   * closed). Sums in ms; divide by `count`.
   */
  timings: Record<string, TaskTiming>;
}

export interface TaskTiming {
  count: number;
  queueMs: number;
  runMs: number;
}

export interface Window {
  name: string;
  from: number;
  to: number;
}

export const emptyCounts = (): TemporalCounts => ({
  actions: 0,
  actionsByKind: { link: 0, record: 0, merge: 0, poller: 0, other: 0 },
  actionsByEvent: {},
  workflowTasks: 0,
  activities: 0,
  activityRetries: 0,
  rateLimitFailures: 0,
  executions: 0,
  timings: {},
});

/** What a history says of each scheduled task, by event id, to time the task when it closes. */
interface Scheduled {
  at: number;
  name: string;
}

function addTiming(counts: TemporalCounts, name: string, scheduled: number, started: number, closed: number): void {
  const timing = (counts.timings[name] ??= { count: 0, queueMs: 0, runMs: 0 });
  timing.count += 1;
  timing.queueMs += Math.max(0, started - scheduled);
  timing.runMs += Math.max(0, closed - started);
}

/** Event ids are int64 (a Long or a number, depending on the decoder). */
const eventId = (value: unknown): number => Number(String(value ?? 0));

/** Times the task an ActivityTask{Completed,Failed,TimedOut} or WorkflowTaskCompleted event closes. */
function timeTask(counts: TemporalCounts, event: HistoryEvent, scheduled: Map<number, Scheduled>): void {
  const closed = tsToMs(event.eventTime);
  const ids =
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.workflowTaskCompletedEventAttributes;
  if (!ids) return;
  const from = scheduled.get(eventId(ids.scheduledEventId));
  const started = 'startedEventId' in ids ? scheduled.get(eventId(ids.startedEventId)) : undefined;
  if (from && started) addTiming(counts, from.name, from.at, started.at, closed);
}

function kindOf(workflowId: string, prefix: string): WorkflowKind {
  const kind = workflowId.slice(prefix.length).split('/')[0];
  return kind === 'link' || kind === 'record' || kind === 'merge' || kind === 'poller' ? kind : 'other';
}

/**
 * Whether a failure is a vendor's 429, by its type (activities/failures.ts gives every rate-limit failure the
 * type RateLimitedError), never by its message, which is the vendor's text.
 */
export const isRateLimit = (failure: Failure | null | undefined): boolean =>
  failure?.applicationFailureInfo?.type === 'RateLimitedError';

/** Adds one event to the counts; returns whether the event counted for anything. */
function countEvent(counts: TemporalCounts, event: HistoryEvent, kind: WorkflowKind): void {
  const type = event.eventType ?? 0;
  // A local activity (a merge's inline find-or-create) is an action and an activity, recorded as a marker.
  const localActivity = event.markerRecordedEventAttributes?.markerName === 'core_local_activity';
  if (ACTION_EVENTS.has(type) || localActivity) {
    counts.actions += 1;
    counts.actionsByKind[kind] += 1;
    const name = localActivity ? 'LOCAL_ACTIVITY' : (EventType[type] ?? String(type)).replace('EVENT_TYPE_', '');
    counts.actionsByEvent[`${kind} ${name}`] = (counts.actionsByEvent[`${kind} ${name}`] ?? 0) + 1;
  }
  if (localActivity) counts.activities += 1;
  switch (type) {
    case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      counts.workflowTasks += 1;
      break;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      counts.activities += 1;
      break;
    case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
      const started = event.activityTaskStartedEventAttributes;
      const retries = Math.max(0, (started?.attempt ?? 1) - 1);
      counts.activityRetries += retries;
      counts.actions += retries;
      counts.actionsByKind[kind] += retries;
      if (retries > 0 && isRateLimit(started?.lastFailure)) counts.rateLimitFailures += 1;
      break;
    }
    case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      if (isRateLimit(event.activityTaskFailedEventAttributes?.failure)) counts.rateLimitFailures += 1;
      break;
    default:
      break;
  }
}

export interface HistoryScan {
  byWindow: Record<string, TemporalCounts>;
  executions: number;
  events: number;
  ms: number;
}

/**
 * Lists the prefix's executions, fetches each history and counts its events per window. Give it a client from
 * `historyReadingClient`: a history with large events is read in smaller pages.
 */
export async function countTemporalCost(
  client: Client,
  idPrefix: string,
  windows: Window[],
  options: { concurrency?: number; onProgress?: (done: number) => void; startedBefore?: number } = {},
): Promise<HistoryScan> {
  const started = Date.now();
  const byWindow: Record<string, TemporalCounts> = {};
  for (const window of windows) byWindow[window.name] = emptyCounts();
  const startedBefore =
    options.startedBefore === undefined || !Number.isFinite(options.startedBefore)
      ? ''
      : ` AND StartTime < "${new Date(options.startedBefore).toISOString()}"`;
  const query = `WorkflowId STARTS_WITH "${idPrefix.replace(/["\\]/g, '')}"${startedBefore}`;
  const executions: { workflowId: string; runId: string }[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: 1000 }))
    executions.push({ workflowId: execution.workflowId, runId: execution.runId });

  let next = 0;
  let events = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const execution = executions[next];
      next += 1;
      if (!execution) return;
      const kind = kindOf(execution.workflowId, idPrefix);
      const touched = new Set<string>();
      const scheduled = new Map<number, Scheduled>();
      for (const event of await readWholeHistory(client, execution.workflowId, execution.runId)) {
        events += 1;
        const at = tsToMs(event.eventTime);
        const id = eventId(event.eventId);
        const type = event.eventType ?? 0;
        if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
          const name = event.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown';
          scheduled.set(id, { at, name: `activity ${name}` });
        } else if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
          scheduled.set(id, { at, name: 'workflow task' });
        } else if (
          type === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED ||
          type === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
        ) {
          scheduled.set(id, { at, name: 'started' });
        }
        for (const window of windows) {
          if (at < window.from || at >= window.to) continue;
          const counts = byWindow[window.name];
          if (!counts) continue;
          countEvent(counts, event, kind);
          timeTask(counts, event, scheduled);
          touched.add(window.name);
        }
      }
      for (const name of touched) {
        const counts = byWindow[name];
        if (counts) counts.executions += 1;
      }
      done += 1;
      if (done % 500 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, () => worker()));
  return { byWindow, executions: executions.length, events, ms: Date.now() - started };
}
