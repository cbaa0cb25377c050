/**
 * One page of changes for a poller: read from the connector since the cursor, hand each record to the
 * workflow that owns it (its link for a source record, its record writer for a target record), and return
 * the new cursor, which the poller stores only after every record was handed on (at-least-once, and the
 * receivers drop what they have already seen).
 */
import { heartbeat, log } from '@temporalio/activity';
import type { ChangeCursor, RecordSnapshot, UnreadableRecord } from '../connectors/connector';
import { mappingsForSourceRecord, mappingsForTarget, sourceDisplayName } from '../dataflows/engine';
import { asActivityFailure } from './failures';
import { connectorFor, flowById, type SyncContext } from './sync-context';
import {
  observeSource,
  observeTarget,
  reportUnreadableSource,
  settleLinksOfInterimTarget,
  type Messaging,
} from './workflow-messaging';

export interface PollChangesInput {
  dataflow: string;
  system: string;
  resource: string;
  cursor: ChangeCursor;
}

export interface PollChangesResult {
  cursor: ChangeCursor;
  dispatched: number;
  /** Records on the page that could not be read (handed to their links to park, or logged and skipped). */
  unreadable?: number;
  /** True when the page was not the last: poll again at once. */
  more: boolean;
  /** True while this worker has requests waiting for a vendor's budget (a backlog is being worked off). */
  busy?: boolean;
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
  const busy = (): boolean =>
    Object.values(context.connectors).some((connector) => (connector.waitingRequests?.() ?? 0) > 0);

  const messaging: Messaging = {
    client: context.client,
    taskQueue: context.taskQueue,
    idPrefix: context.config.workflowIdPrefix,
  };

  return {
    async pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
      const flow = flowById(context, input.dataflow);
      const isSource = input.system === flow.sourceSystem;
      const isTarget = input.system === flow.targetSystem && mappingsForTarget(flow, input.resource).length > 0;
      const connector = connectorFor(context, input.system);
      const settlesFrom = isTarget
        ? flow.mappings.find(
            (mapping) =>
              mapping.target.system === input.system &&
              mapping.target.resource === input.resource &&
              mapping.target.settlesFrom !== undefined,
          )?.target.settlesFrom
        : undefined;
      // A page of a caught-up feed is fresh changes, handled ahead of any backlog; a first pass, or a page the
      // listing goes on after, is backlog (a first sync, or a catch-up after an outage).
      let live = false;
      const dispatch = async (record: RecordSnapshot): Promise<void> => {
        // Our own write coming back: its workflow would drop it; not signalling it saves an action and a task.
        if (context.recentWrites?.isOwnEcho(record) === true) return;
        if (isSource) {
          const source = {
            system: input.system,
            resource: input.resource,
            id: record.id,
            ...(record.parentId ? { parentId: record.parentId } : {}),
          };
          const feeds = mappingsForSourceRecord(flow, input.resource, record.data).mappings[0];
          const displayName = sourceDisplayName(feeds, input.resource, record.data);
          await observeSource(messaging, input.dataflow, source, record, { live }, displayName);
        } else if (isTarget) {
          const known = await observeTarget(
            messaging,
            { system: input.system, type: input.resource, id: record.id },
            record,
            { live },
          );
          // A record the target made itself from an interim one linkflow wrote (an order from a paid invoice).
          const interimId = settlesFrom ? record.data[settlesFrom.field] : undefined;
          if (!known && settlesFrom && typeof interimId === 'string' && interimId !== '') {
            const interim = { system: input.system, type: settlesFrom.resource, id: interimId };
            await settleLinksOfInterimTarget(messaging, input.dataflow, interim, record);
          }
        }
      };
      // One bad record must not stop the poller: it goes to its own link, which parks with the reason, and the
      // cursor moves on past it. A later good read of the record un-parks the link.
      const report = async (record: UnreadableRecord): Promise<void> => {
        const where = `${input.system} ${input.resource}`;
        if (record.id === undefined) {
          // Only the position and the reason: the record's values may be personal data.
          log.warn(`Skipped a ${where} record whose id cannot be read (${record.position}): ${record.reason}`);
        } else if (isSource) {
          const parent = record.parentId ? { parentId: record.parentId } : {};
          const source = { system: input.system, resource: input.resource, id: record.id, ...parent };
          const problem = { reason: record.reason, ...(record.field ? { field: record.field } : {}) };
          await reportUnreadableSource(messaging, input.dataflow, source, problem);
        } else if (isTarget) {
          // A record writer has no way to park on a record it cannot read yet; its next good read reaches it.
          log.warn(`Skipped ${where} ${record.id}, which cannot be read: ${record.reason}`);
        }
      };
      try {
        for await (const page of connector.readChanges(input.resource, input.cursor)) {
          live = input.cursor.since !== null && !page.more;
          await inParallel(page.records, 16, dispatch);
          await inParallel(page.unreadable, 16, report);
          heartbeat();
          // One page per call: the poller stores the cursor before reading on.
          const { records, unreadable } = page;
          // No second read after a short page: it would only find what the next pass finds anyway.
          const more = page.more;
          return { cursor: page.cursor, dispatched: records.length, unreadable: unreadable.length, more, busy: busy() };
        }
        return { cursor: input.cursor, dispatched: 0, more: false, busy: busy() };
      } catch (error) {
        return asActivityFailure(error);
      }
    },
  };
}

export type PollActivities = ReturnType<typeof createPollActivities>;
