/**
 * One page of changes for a poller: read from the connector since the cursor, hand each record to the
 * workflow that owns it (its link for a source record, its record writer for a target record), and return
 * the new cursor, which the poller stores only after every record was handed on (at-least-once, and the
 * receivers drop what they have already seen).
 */
import { heartbeat, log, sleep } from '@temporalio/activity';
import type { ChangeCursor, ChangePage, Connector, RecordSnapshot, UnreadableRecord } from '../connectors/connector';
import {
  hasLinkflowId,
  isWritten,
  mappingsForSourceRecord,
  mappingsForTarget,
  referencedResources,
  sourceDisplayName,
  type Dataflow,
  type Mapping,
} from '../dataflows/engine';
import { linkWorkflowId, recordWorkflowId } from '../model/ids';
import { asActivityFailure } from './failures';
import type { FirstPassLeavesDormant, FirstPassLinked } from './link-activities';
import { QUEUE_BACKLOG_LIMIT, temporalQueueBacklog } from './queue-backlog';
import { giveWayToReferences, temporalFirstReadBegun, temporalReferencesFirst } from './references-first';
import { connectorFor, type SyncContext } from './sync-context';
import {
  observeSource,
  observeTarget,
  reportUnreadableSource,
  settleLinksOfInterimTarget,
  messagingOf,
} from './workflow-messaging';

/**
 * Pages one head read may read. During a first sync the head of a target's feed holds linkflow's own creates
 * (up to 17 a second at a Chargebee Performance site's budget, more than one page of 100 an interval), so a
 * head read of one page fell further behind at every interval, and an edit made there waited for the pass:
 * 95 s in the full benchmark. Reading on while the pages are full keeps the head caught up; the requests
 * are few (a page per 100 records written) and each is needed (docs/DECISIONS.md 104).
 */
export const HEAD_READ_PAGES = 10;

/** The most pages one poll call reads after pages read again (see `ChangePage.reread`). */
export const MAX_PAGES_PER_CALL = 50;

/**
 * A poll call reads no further page once its pages have held this many records (readable or not, its own writes and
 * repeats included), however many pages it may read.
 * Pages hold 100 records at Chargebee but 1,000 at PowerOffice GO: fifty of those are 50,000 records, whose
 * hand-over outlasts the call's 5-minute limit. The call then timed out, the poller kept its old cursor, and
 * every retry handed the same records on again before timing out once more (docs/DECISIONS.md 153).
 */
export const MAX_RECORDS_PER_CALL = 1_000;

/**
 * The records of one page whose first pass (an inline merge, the create, a writer's and a link's start) runs at a
 * time while some request waits for a vendor's budget: more in flight would only wait longer (docs/DECISIONS.md 156).
 */
export const FIRST_PASSES_AT_ONCE = 16;

/**
 * The same while no request waits for a budget. A first pass then waits only on round trips to the vendor and to
 * Temporal, and 16 at once left both the worker and the server below a core during a burst of 2,000 new persons
 * (docs/DECISIONS.md 163).
 */
export const FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE = 32;

/** The pages a poll call may read, once it has read `pagesRead` pages holding `recordsRead` records, the last `page`. */
export function pagesAllowedAfter(
  allowed: number,
  pagesRead: number,
  page: Pick<ChangePage, 'reread'>,
  recordsRead = 0,
): number {
  if (recordsRead >= MAX_RECORDS_PER_CALL) return pagesRead;
  return Math.min(MAX_PAGES_PER_CALL, Math.max(allowed, pagesRead + (page.reread ?? 0)));
}

export interface PollChangesInput {
  /** The poller's label (the dataflows it serves); records go to every loaded dataflow that reads the resource. */
  dataflow: string;
  system: string;
  resource: string;
  cursor: ChangeCursor;
  /**
   * A read of the changes made since a long pass began (the poller's head cursor): fresh changes, read on while
   * the pages are full (at most HEAD_READ_PAGES) and handled in the live lane, never held for room in the queue
   * or for references (docs/DECISIONS.md 98, 104).
   */
  head?: boolean;
}

export interface PollChangesResult {
  cursor: ChangeCursor;
  /** Records handed to their workflows (linkflow's own writes coming back are skipped and not counted). */
  dispatched: number;
  /** Records on the page that could not be read (handed to their links to park, or logged and skipped). */
  unreadable?: number;
  /** True when the page was not the last: poll again at once. */
  more: boolean;
  /** True while this worker has requests waiting for a vendor's budget (a backlog is being worked off). */
  busy?: boolean;
  error?: string;
}

export interface Reader {
  flow: Dataflow;
  /** The dataflow reads the resource's records as its sources. */
  isSource: boolean;
  /** The dataflow writes the resource and watches it for edits made there (two-way pairs) or settled records. */
  isTarget: boolean;
  settlesFrom?: { resource: string; field: string };
  /** The mapping whose target settles from an interim record (its target_id tells linkflow's own records). */
  settlingMapping?: Mapping;
}

/**
 * A resource read only to hand over the records the target makes itself from linkflow's (a Chargebee order
 * from a paid invoice), on a system that makes none (a site with legacy order creation, where linkflow
 * writes the order itself): its changes are all linkflow's own, so the poll reads nothing (DECISIONS 92).
 */
export async function watchedForNothing(readers: Reader[], resource: string, connector: Connector): Promise<boolean> {
  const onlySettling = readers.every(
    (reader) =>
      !reader.isSource &&
      reader.settlesFrom !== undefined &&
      mappingsForTarget(reader.flow, resource).every((mapping) => mapping.lines !== undefined),
  );
  if (readers.length === 0 || !onlySettling || connector.makesRecordsItself === undefined) return false;
  return !(await connector.makesRecordsItself(resource));
}

/** Every dataflow that reads a (system, resource), and in which role: one poller serves them all. */
export function flowsReading(flows: Dataflow[], system: string, resource: string): Reader[] {
  const readers: Reader[] = [];
  for (const flow of flows) {
    const isSource =
      flow.sourceSystem === system &&
      flow.mappings.some((mapping) => isWritten(mapping) && mapping.source.resource === resource);
    const isTarget = flow.targetSystem === system && mappingsForTarget(flow, resource).length > 0;
    if (!isSource && !isTarget) continue;
    const settlingMapping = isTarget
      ? flow.mappings.find((mapping) => mapping.target.resource === resource && mapping.target.settlesFrom)
      : undefined;
    const settlesFrom = settlingMapping?.target.settlesFrom;
    readers.push({
      flow,
      isSource,
      isTarget,
      ...(settlesFrom && settlingMapping ? { settlesFrom, settlingMapping } : {}),
    });
  }
  return readers;
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

/** How long one poll waits for room in the queue before it hands back (and the poller asks again). */
export const QUEUE_WAIT_MS = 30_000;
const QUEUE_CHECK_MS = 2_000;

/**
 * A new record's first pass, made by the poll activity with the link activities of the same process: whether its
 * link would only watch it (such a record gets no link until something needs it, docs/DECISIONS.md 118), and the
 * pass itself while the target's budget would serve it at once (its link then starts linked, 145).
 */
export interface FirstPasses {
  leavesDormant?: FirstPassLeavesDormant;
  linked?: FirstPassLinked;
}

export function createPollActivities(context: SyncContext, firstPasses?: FirstPasses) {
  const busy = (): boolean =>
    Object.values(context.connectors).some((connector) => (connector.waitingRequests?.() ?? 0) > 0);
  const queueBacklog =
    context.queueBacklog ?? temporalQueueBacklog(context.client, context.config.temporal.namespace, context.taskQueue);

  /**
   * Backpressure: while the main queue holds more waiting tasks than the worker works off in about 10 s, the
   * next page waits. Reading on would only start links faster than they can run, and every merge or dependency
   * a link waits for would queue behind them (docs/DECISIONS.md 83). False when there was still no room.
   */
  let backlogUnreadable = false;
  async function roomInQueue(): Promise<boolean> {
    const deadline = Date.now() + QUEUE_WAIT_MS;
    for (;;) {
      let waiting: number;
      try {
        waiting = await queueBacklog();
      } catch (error) {
        // Without the figure (a server that does not report it), read on as before; said once per process.
        if (!backlogUnreadable) {
          backlogUnreadable = true;
          const reason = error instanceof Error ? error.message : String(error);
          log.warn(`Pollers read on without backpressure: the task queue's backlog cannot be read (${reason})`);
        }
        return true;
      }
      if (waiting <= QUEUE_BACKLOG_LIMIT) return true;
      if (Date.now() + QUEUE_CHECK_MS > deadline) return false;
      heartbeat();
      await sleep(QUEUE_CHECK_MS);
    }
  }

  const messaging = messagingOf(context);

  /**
   * A resource's first read waits while resources its records refer to are still being read and linked
   * (docs/DECISIONS.md 93): its records then find their references linked instead of demanding each one.
   * Undefined when it may read; the reason it waits otherwise.
   */
  const referencesFirst = context.referencesFirst ?? temporalReferencesFirst(context.client, messaging.idPrefix);
  let referencesUnreadable = false;
  async function waitsForReferences(input: PollChangesInput, sourceOf: Dataflow[]): Promise<string | undefined> {
    const { since, seen, opaque } = input.cursor;
    if (since !== null || seen.length > 0 || opaque !== undefined) return undefined;
    const references = [...new Set(sourceOf.flatMap((flow) => referencedResources(flow, input.resource)))];
    if (references.length === 0) return undefined;
    try {
      return await referencesFirst(input.system, input.resource, references);
    } catch (error) {
      // Without the figures (visibility unavailable), read at once: waiting is an optimisation only.
      if (!referencesUnreadable) {
        referencesUnreadable = true;
        const reason = error instanceof Error ? error.message : String(error);
        log.warn(`${input.resource} is read without waiting for ${references.join(', ')}: ${reason}`);
      }
      return undefined;
    }
  }

  // What nothing waits for gives way while a first read waits for its references (docs/DECISIONS.md 108).
  const givesWay = giveWayToReferences(
    context.flows,
    referencesFirst,
    context.firstReadBegun ?? temporalFirstReadBegun(context.client, messaging.idPrefix),
  );

  return {
    async pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
      const readers = flowsReading(context.flows, input.system, input.resource);
      const sourceOf = readers.filter((flow) => flow.isSource).map(({ flow }) => flow);
      const isTarget = readers.some((flow) => flow.isTarget);
      const settling = readers.flatMap(({ flow, settlesFrom, settlingMapping }) =>
        settlesFrom && settlingMapping ? [{ flow, settlesFrom, settlingMapping }] : [],
      );
      const connector = connectorFor(context, input.system);
      // Where several dataflows read a resource, a write one of them made is news to the others (a Chargebee edit
      // written into PowerOffice goes on to CRMOffice): only a resource with one reader skips its own writes here.
      const skipOwnWrites = readers.length === 1;
      // A page of a caught-up feed is fresh changes, handled ahead of any backlog: the single page of a pass that
      // began where the last one ended. A first pass, every page of a longer pass (its last one too), is backlog
      // (a first sync, or a catch-up after an outage; docs/DECISIONS.md 143).
      let live = false;
      // Own writes coming back are not counted: a pass that finds only them lets the poller back off and show
      // itself caught up, as a pass that finds nothing does.
      let ownEchoes = 0;
      // Dataflows for which a record of this page had a link already: the rest of the page is signalled, so a
      // catch-up of known records costs one refused start per page, not one per record.
      const linkedOnThisPage = new Set<string>();
      // Records this process handed to the same workflows lately, exactly as read now: a long pass and its head
      // read both read what was created meanwhile (activities/recent-hand-overs.ts). Not counted, as own echoes.
      let repeats = 0;
      const handOvers = context.recentHandOvers;
      const dispatch = async (record: RecordSnapshot): Promise<void> => {
        // Our own write coming back: its workflow would drop it; not signalling it saves an action and a task.
        if (skipOwnWrites && context.recentWrites?.isOwnEcho(record) === true) {
          ownEchoes += 1;
          return;
        }
        const source = {
          system: input.system,
          resource: input.resource,
          id: record.id,
          ...(record.parentId ? { parentId: record.parentId } : {}),
        };
        let handedOn = false;
        let repeated = false;
        // New to linkflow, most likely: created after the newest change read before, or on a page whose records
        // have all been new so far (a first sync's). Its link is started with the record, not signalled it. A
        // record a link would only watch (dormant) is handed on only to a link that runs already.
        const since = input.cursor.since;
        const createdSince = since === null || (record.createdAt !== undefined && record.createdAt > since);
        for (const flow of sourceOf) {
          const linkId = linkWorkflowId(messaging.idPrefix, flow.id, input.resource, record.id);
          if (handOvers?.isRepeat(linkId, record) === true) {
            repeated = true;
            continue;
          }
          handedOn = true;
          const feeds = mappingsForSourceRecord(flow, input.resource, record.data).mappings[0];
          const displayName = sourceDisplayName(feeds, input.resource, record.data);
          const likelyNew = createdSince || !linkedOnThisPage.has(flow.id);
          const dormant = (await firstPasses?.leavesDormant?.(flow.id, source, record)) === true;
          // While the target's budget would serve it at once, the first pass of a record made since the last read
          // is made here and its link started linked (docs/DECISIONS.md 145); never on the guess that a page is new.
          const linked =
            createdSince && !dormant ? await firstPasses?.linked?.(flow.id, source, record, live) : undefined;
          if (linked !== undefined) heartbeat();
          const delivered = await observeSource(messaging, flow.id, source, record, {
            delivery: { live },
            displayName,
            likelyNew,
            dormant,
            ...(linked === undefined ? {} : { linked }),
          });
          if (likelyNew && delivered === 'signalled') linkedOnThisPage.add(flow.id);
          // A dormant record found without a link needs none for this version either: whatever starts one reads it.
          handOvers?.note(linkId, record);
        }
        if (isTarget) {
          const target = { system: input.system, type: input.resource, id: record.id };
          const writerId = recordWorkflowId(messaging.idPrefix, target);
          if (handOvers?.isRepeat(writerId, record) === true) repeated = true;
          else {
            handedOn = true;
            const known = await observeTarget(messaging, target, record, { live });
            if (known) handOvers?.note(writerId, record);
            // A record the target made itself from an interim one linkflow wrote (an order from a paid invoice).
            for (const { flow, settlesFrom, settlingMapping } of known ? [] : settling) {
              // An order linkflow wrote itself (a legacy site) has its link already: no search for its invoice,
              // which costs the Temporal server a scan of every link's attributes (seconds each at 50k links).
              if (hasLinkflowId(settlingMapping, record.id)) continue;
              const interimId = record.data[settlesFrom.field];
              if (typeof interimId !== 'string' || interimId === '') continue;
              const interim = { system: input.system, type: settlesFrom.resource, id: interimId };
              await settleLinksOfInterimTarget(messaging, flow.id, interim, record);
            }
          }
        }
        if (repeated && !handedOn) repeats += 1;
      };
      // One bad record must not stop the poller: it goes to its own link, which parks with the reason, and the
      // cursor moves on past it. A later good read of the record un-parks the link.
      const report = async (record: UnreadableRecord): Promise<void> => {
        const where = `${input.system} ${input.resource}`;
        if (record.id === undefined) {
          // Only the position and the reason: the record's values may be personal data.
          log.warn(`Skipped a ${where} record whose id cannot be read (${record.position}): ${record.reason}`);
        } else if (sourceOf.length > 0) {
          const parent = record.parentId ? { parentId: record.parentId } : {};
          const source = { system: input.system, resource: input.resource, id: record.id, ...parent };
          const problem = { reason: record.reason, ...(record.field ? { field: record.field } : {}) };
          for (const flow of sourceOf) await reportUnreadableSource(messaging, flow.id, source, problem);
        } else if (isTarget) {
          // A record writer has no way to park on a record it cannot read yet; its next good read reaches it.
          log.warn(`Skipped ${where} ${record.id}, which cannot be read: ${record.reason}`);
        }
      };
      try {
        if (await watchedForNothing(readers, input.resource, connector))
          return { cursor: input.cursor, dispatched: 0, more: false };
        const head = input.head === true;
        if (!head && !(await roomInQueue())) return { cursor: input.cursor, dispatched: 0, more: true, busy: true };
        const heldFor = head
          ? undefined
          : ((await waitsForReferences(input, sourceOf)) ?? (await givesWay(input.system, input.resource)));
        if (heldFor !== undefined) {
          log.info(`${input.system} ${input.resource} waits: ${heldFor}`);
          // Busy: the poller keeps its base interval, so the read starts soon after the others are done.
          return { cursor: input.cursor, dispatched: 0, more: false, busy: true };
        }
        let read: { cursor: ChangeCursor; records: number; unreadable: number; more: boolean } | undefined;
        let pagesRead = 0;
        let pagesAllowed = head ? HEAD_READ_PAGES : 1;
        for await (const page of connector.readChanges(input.resource, input.cursor)) {
          live = head || (input.cursor.caughtUp === true && !page.more);
          const atOnce = busy() ? FIRST_PASSES_AT_ONCE : FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE;
          await inParallel(page.records, atOnce, dispatch);
          await inParallel(page.unreadable, atOnce, report);
          heartbeat();
          read = {
            cursor: page.cursor,
            records: (read?.records ?? 0) + page.records.length,
            unreadable: (read?.unreadable ?? 0) + page.unreadable.length,
            // No second read after a short page: it would only find what the next pass finds anyway.
            more: page.more,
          };
          // One page per call, so that the poller stores the cursor before reading on; a head read reads on
          // while its pages are full (see HEAD_READ_PAGES). A page reached only after pages read again (a crowd
          // of records at the cursor's edge, paged through from its start by every call) earns as many more
          // pages in this call: the crowd then costs about twice its pages, where a page a call cost their square
          // (2,000 persons made at one instant: 210 pages read for 20; docs/DECISIONS.md 150). Neither reads on
          // past MAX_RECORDS_PER_CALL records, so that the call ends well within its time (153).
          pagesRead += 1;
          pagesAllowed = pagesAllowedAfter(pagesAllowed, pagesRead, page, read.records + read.unreadable);
          if (!page.more || pagesRead >= pagesAllowed) break;
        }
        if (read === undefined) return { cursor: input.cursor, dispatched: 0, more: false, busy: busy() };
        const dispatched = read.records - ownEchoes - repeats;
        // The cursor a pass ends with says so: the next pass starts on a caught-up feed.
        const cursor = read.more ? read.cursor : { ...read.cursor, caughtUp: true };
        return { cursor, dispatched, unreadable: read.unreadable, more: read.more, busy: busy() };
      } catch (error) {
        return asActivityFailure(error);
      }
    },
  };
}

export type PollActivities = ReturnType<typeof createPollActivities>;
