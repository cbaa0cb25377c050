/**
 * What a workflow's history did, by name, for tests that count a record's cost: the activities it scheduled,
 * its timers, the updates it accepted and the signals it received.
 */
import type { Client } from '@temporalio/client';

export async function namedEventsOf(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (activity) return [`activity ${activity}`];
    if (event.timerStartedEventAttributes) return ['timer'];
    if (event.workflowExecutionUpdateAcceptedEventAttributes) return ['update'];
    const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
    return signal ? [`signal ${signal}`] : [];
  });
}
