/**
 * One page of changes for a poller: read from the connector since the cursor, hand each record to the
 * workflow that owns it (its link for a source record, its record writer for a target record), and return
 * the new cursor, which the poller stores only after every record was handed on (at-least-once, and the
 * receivers drop what they have already seen).
 */
import { heartbeat } from '@temporalio/activity';
import type { ChangeCursor, RecordSnapshot } from '../connectors/connector';
import { mappingsForTarget } from '../dataflows/engine';
import { asActivityFailure } from './failures';
import { connectorFor, flowById, type SyncContext } from './sync-context';
import { observeSource, observeTarget, type Messaging } from './workflow-messaging';

export interface PollChangesInput {
  dataflow: string;
  system: string;
  resource: string;
  cursor: ChangeCursor;
}

export interface PollChangesResult {
  cursor: ChangeCursor;
  dispatched: number;
  /** True when the page was not the last: poll again at once. */
  more: boolean;
  error?: string;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(workers);
}

export function createPollActivities(context: SyncContext) {
  const messaging: Messaging = { client: context.client, taskQueue: context.taskQueue, idPrefix: context.config.workflowIdPrefix };

  return {
    async pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
      const flow = flowById(context, input.dataflow);
      const isSource = input.system === flow.sourceSystem;
      const isTarget = input.system === flow.targetSystem && mappingsForTarget(flow, input.resource).length > 0;
      const connector = connectorFor(context, input.system);
      const dispatch = async (record: RecordSnapshot): Promise<void> => {
        if (isSource) {
          const source = { system: input.system, resource: input.resource, id: record.id, ...(record.parentId ? { parentId: record.parentId } : {}) };
          await observeSource(messaging, input.dataflow, source, record);
        } else if (isTarget) {
          await observeTarget(messaging, { system: input.system, type: input.resource, id: record.id }, record);
        }
      };
      try {
        for await (const page of connector.readChanges(input.resource, input.cursor)) {
          await inParallel(page.records, 16, dispatch);
          heartbeat();
          // One page per call: the poller stores the cursor before reading on.
          return { cursor: page.cursor, dispatched: page.records.length, more: page.records.length > 0 };
        }
        return { cursor: input.cursor, dispatched: 0, more: false };
      } catch (error) {
        return asActivityFailure(error);
      }
    },
  };
}

export type PollActivities = ReturnType<typeof createPollActivities>;
