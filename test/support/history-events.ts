/**
 * What a workflow's history did, by name, for tests that count a record's cost: the activities it scheduled,
 * its timers, the updates it accepted, the signals it received and the signals it sent to other workflows.
 */
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';

export async function namedEventsOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) return [`activity ${activity}`];
    if (event.timerStartedEventAttributes) return ['timer'];
    if (event.workflowExecutionUpdateAcceptedEventAttributes) return ['update'];
    const sent = event.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName;
    if (sent) return [`sent ${sent}`];
    const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
    return signal ? [`signal ${signal}`] : [];
  });
}

/** Every event of a workflow's history by its type's name (`EVENT_TYPE_MARKER_RECORDED`). */
export async function eventTypesOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const EventType = proto.api.enums.v1.EventType;
  return (history.events ?? []).map((event) => EventType[event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED]);
}

/**
 * Waits until a workflow has run a local activity (its marker is recorded), and says whether that was all it ran:
 * the activities it scheduled (none, for work done inline) and its markers.
 */
export async function inlineWorkOf(
  client: Client,
  workflowId: string,
): Promise<{ activitiesScheduled: number; markers: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const events = await eventTypesOf(client, workflowId);
    const markers = events.filter((type) => type === 'EVENT_TYPE_MARKER_RECORDED').length;
    if (markers > 0 || Date.now() > deadline) {
      const activitiesScheduled = events.filter((type) => type === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED').length;
      return { activitiesScheduled, markers };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
