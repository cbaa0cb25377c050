/**
 * A record writer's fan-out, sent by its activity as soon as the write is done, instead of by the writer's next
 * workflow task. Sent from the workflow, each signal cost a command, a task in the server's transfer queue and
 * one more workflow task for the writer when the server reported the signal delivered; under a first sync's
 * load that put 3-5 s between a Chargebee edit being written and its link hearing of it (docs/DECISIONS.md
 * 115). The writer gets back an empty fan-out, so its workflow code is unchanged. A retried activity may send
 * a change twice; a link takes a change it holds already as no change.
 */
import type { ProcessRecordEventsInput, ProcessRecordEventsResult } from './record-activities';
import { sendTargetChanges, type Messaging } from './workflow-messaging';

export function fanningOutItself(
  messaging: Messaging,
  processRecordEvents: (input: ProcessRecordEventsInput) => Promise<ProcessRecordEventsResult>,
): (input: ProcessRecordEventsInput) => Promise<ProcessRecordEventsResult> {
  return async (input) => {
    const result = await processRecordEvents(input);
    if (result.fanOut.length === 0) return result;
    for (const { linkId, changes } of result.fanOut) await sendTargetChanges(messaging, linkId, changes);
    return { ...result, fanOut: [] };
  };
}
