/**
 * A first sync reads the records others refer to before the records that refer to them (docs/DECISIONS.md 93).
 * An order read while its customer and items are still being read and linked has to ask for each of them (and
 * a customer its poller has not reached yet is read on its own, and later handed over again by the poller).
 * Read after them, it finds them linked and is written in its first activity.
 *
 * So a resource's first page waits while a resource it refers to has not been read at all, or while more of
 * their links than a small slack have not run yet. The wait is an optimisation, never a condition for
 * correctness: it ends after FIRST_READ_HOLD_LIMIT_MS whatever the others do, and a resource whose poller does
 * not run is not waited for. Meanwhile the resources nothing waits for give way to those that are waited for
 * (docs/DECISIONS.md 108): the waiting resource then starts as early as it can. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { pollerWorkflowId } from '../model/ids';
import { isWritten, referencedResources, sameName, type Dataflow } from '../dataflows/engine';
import { LinkSourceSystem, LinkSourceType, LinkStatus, runningLinksQuery } from '../temporal/search-attributes';

/** Why the first read of `resource` should wait for `references` to be read and linked first; undefined: read. */
export type ReferencesFirst = (system: string, resource: string, references: string[]) => Promise<string | undefined>;

/**
 * Whether the first read of `resource` has begun (its links exist, or its poller read to the end and found
 * nothing), or will not come here (its poller does not run): either way nothing needs to give way to it.
 */
export type FirstReadBegun = (system: string, resource: string) => Promise<boolean>;

/** A poller holds its first read at most this long after its run started (a busy company may never go quiet). */
export const FIRST_READ_HOLD_LIMIT_MS = 30 * 60_000;

/**
 * The first read starts once at most one in a hundred of the links of the resources referred to, and at most
 * this many, have not run yet: the last of them are still being written when the first orders come, so the
 * budget does not idle between the two (an order that meets one of them asks it by update, docs/DECISIONS.md
 * 95). With a tenth, the quick benchmark's orders came while 54 of them waited for a test site's budget, and
 * most orders had to ask for them.
 */
export const REFERENCES_NOT_RUN_SLACK = 100;

function temporalLookups(client: Client, idPrefix: string) {
  const describePoller = async (system: string, resource: string) => {
    try {
      return await client.workflow.getHandle(pollerWorkflowId(idPrefix, system, resource)).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  };
  const countLinks = async (system: string, resource: string, status?: string): Promise<number> => {
    const query = runningLinksQuery(idPrefix, [
      [LinkSourceSystem, system],
      [LinkSourceType, resource],
      ...(status === undefined ? [] : [[LinkStatus, status] as const]),
    ]);
    return (await client.workflow.count(query)).count;
  };
  return { describePoller, countLinks };
}

export function temporalFirstReadBegun(client: Client, idPrefix: string): FirstReadBegun {
  const { describePoller, countLinks } = temporalLookups(client, idPrefix);
  return async (system, resource) => {
    const poller = await describePoller(system, resource);
    if (poller === undefined || poller.status.name !== 'RUNNING') return true;
    // Read to its end and found nothing (`caught-up`), or read at least in part: links exist.
    return poller.typedSearchAttributes.get(LinkStatus) === 'caught-up' || (await countLinks(system, resource)) > 0;
  };
}

export function temporalReferencesFirst(client: Client, idPrefix: string, now = () => Date.now()): ReferencesFirst {
  const { describePoller, countLinks } = temporalLookups(client, idPrefix);
  return async (system, resource, references) => {
    const own = await describePoller(system, resource);
    if (own === undefined || now() - own.startTime.getTime() > FIRST_READ_HOLD_LIMIT_MS) return undefined;
    let notRun = 0;
    let links = 0;
    for (const reference of references) {
      const poller = await describePoller(system, reference);
      if (poller === undefined || poller.status.name !== 'RUNNING') continue;
      const [all, pending] = await Promise.all([
        countLinks(system, reference),
        countLinks(system, reference, 'pending'),
      ]);
      // Read to its end and found nothing since (`caught-up`), or read at least in part: links exist.
      const status = poller.typedSearchAttributes.get(LinkStatus);
      if (all === 0 && (status === undefined || status === 'polling')) return `${reference} have not been read yet`;
      links += all;
      notRun += pending;
    }
    const slack = Math.min(REFERENCES_NOT_RUN_SLACK, Math.floor(links / 100));
    return notRun > slack ? `${notRun} ${references.join(', ')} have not been linked yet` : undefined;
  };
}

/**
 * While a resource's first read waits for the resources it refers to, a resource nothing waits for gives way:
 * its pages wait too, so the queue's room goes to what is waited for and the waiting read starts as early as it
 * can (docs/DECISIONS.md 108); the orders then run beside the contact persons instead of after them. Gives the
 * reason to wait, or undefined. Once a waiting resource's read has begun (or its poller does not run), this
 * process never asks about it again, so the steady state costs no query.
 */
export function giveWayToReferences(
  flows: readonly Dataflow[],
  referencesFirst: ReferencesFirst,
  firstReadBegun: FirstReadBegun,
): (system: string, resource: string) => Promise<string | undefined> {
  const begun = new Set<string>();
  const waitingBySystem = new Map<string, Map<string, string[]>>();
  /** The resources of `system` whose first read waits for others, with what each waits for. */
  const waitingIn = (system: string): Map<string, string[]> => {
    let waiting = waitingBySystem.get(system);
    if (waiting === undefined) {
      waiting = new Map();
      for (const flow of flows.filter((candidate) => candidate.sourceSystem === system)) {
        for (const mapping of flow.mappings.filter(isWritten)) {
          const references = referencedResources(flow, mapping.source.resource);
          if (references.length === 0) continue;
          const known = waiting.get(mapping.source.resource) ?? [];
          waiting.set(mapping.source.resource, [...new Set([...known, ...references])]);
        }
      }
      waitingBySystem.set(system, waiting);
    }
    return waiting;
  };

  return async (system, resource) => {
    const waiting = waitingIn(system);
    const awaited = [...waiting].some(
      ([waits, references]) => sameName(waits, resource) || references.some((name) => sameName(name, resource)),
    );
    if (awaited) return undefined;
    try {
      for (const [waits, references] of waiting) {
        const key = `${system}/${waits}`;
        if (begun.has(key)) continue;
        if (await firstReadBegun(system, waits)) {
          begun.add(key);
          continue;
        }
        const reason = await referencesFirst(system, waits, references);
        if (reason !== undefined) return `the first read of ${waits} waits (${reason})`;
      }
    } catch {
      return undefined; // an optimisation only: without the figures (visibility unavailable), read
    }
    return undefined;
  };
}
