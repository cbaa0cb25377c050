/**
 * What a workflow's history did, by name, for tests that count a record's cost: the activities it scheduled,
 * its timers, the updates it accepted, the signals it received and the signals it sent to other workflows.
 */
import type { Client } from '@temporalio/client';

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
