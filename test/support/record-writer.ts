/**
 * Hands an event to the record writer of a Chargebee customer in a test, as linkflow does: signal-with-start of a
 * writer born with every current patch.
 */
import type { RecordEvent } from '../../model/sync-state';
import { recordEventSignal } from '../../workflows/messages';
import { CURRENT_PATCHES } from '../../workflows/patches';
import type { TemporalTestContext } from './temporal';

export async function signalCustomerWriter(
  temporal: TemporalTestContext,
  workflowId: string,
  id: string,
  event: RecordEvent,
): Promise<void> {
  await temporal.client.workflow.signalWithStart('recordWorkflow', {
    workflowId,
    taskQueue: temporal.taskQueue,
    args: [{ target: { system: 'chargebee', type: 'customer', id }, bornWith: CURRENT_PATCHES }],
    signal: recordEventSignal,
    signalArgs: [event],
  });
}
