/**
 * A first sync reads the records others refer to before the records that refer to them (docs/DECISIONS.md 93).
 * An order read while its customer and items are still being linked demands each of them and waits for their
 * answers: a signal to each, an answer from each, a timer and a second activity, about 16 actions for an order
 * with three references. Read after them, it finds them linked and is written in its first activity.
 *
 * So a resource's first page waits while a resource it refers to is still being read (its poller has not had
 * a pass that found nothing new) or has links that have not run yet. The wait is an optimisation, never a
 * condition for correctness: it ends after FIRST_READ_HOLD_LIMIT_MS whatever the others do, and a resource
 * whose poller does not run (or fails) is not waited for.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { pollerWorkflowId } from '../model/ids';
import { LinkflowKind, LinkSourceSystem, LinkSourceType, LinkStatus } from '../temporal/search-attributes';

/** Why the first read of `resource` should wait for `references` to be read and linked first; undefined: read. */
export type ReferencesFirst = (system: string, resource: string, references: string[]) => Promise<string | undefined>;

/** A poller holds its first read at most this long after its run started (a busy company may never go quiet). */
export const FIRST_READ_HOLD_LIMIT_MS = 30 * 60_000;

export function temporalReferencesFirst(client: Client, idPrefix: string, now = () => Date.now()): ReferencesFirst {
  const describePoller = async (system: string, resource: string) => {
    try {
      return await client.workflow.getHandle(pollerWorkflowId(idPrefix, system, resource)).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  };
  const quoted = (value: string): string => JSON.stringify(value);
  const linksNotRunYet = async (system: string, resource: string): Promise<number> => {
    const query = [
      `${LinkflowKind.name} = "link"`,
      `${LinkSourceSystem.name} = ${quoted(system)}`,
      `${LinkSourceType.name} = ${quoted(resource)}`,
      `${LinkStatus.name} = "pending"`,
      `ExecutionStatus = "Running"`,
      `WorkflowId STARTS_WITH ${quoted(idPrefix)}`,
    ].join(' AND ');
    return (await client.workflow.count(query)).count;
  };

  return async (system, resource, references) => {
    const own = await describePoller(system, resource);
    if (own === undefined || now() - own.startTime.getTime() > FIRST_READ_HOLD_LIMIT_MS) return undefined;
    for (const reference of references) {
      const poller = await describePoller(system, reference);
      if (poller === undefined || poller.status.name !== 'RUNNING') continue;
      // `polling` (or nothing published yet): its last pass found records, or a backlog is still being worked off.
      const status = poller.typedSearchAttributes.get(LinkStatus);
      if (status === undefined || status === 'polling') return `${reference} are still being read`;
    }
    const waiting = await Promise.all(
      references.map(async (reference) => ({ reference, count: await linksNotRunYet(system, reference) })),
    );
    const unfinished = waiting.filter(({ count }) => count > 0);
    if (unfinished.length === 0) return undefined;
    return `${unfinished.map(({ reference, count }) => `${count} ${reference}`).join(', ')} have not been linked yet`;
  };
}
