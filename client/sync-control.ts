/**
 * Starting, stopping and reading the sync from outside the worker: pollers by name, links by search
 * attribute. Used by the CLI, the demo and the tests.
 */
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import type { LinkflowConfig } from '../config/config';
import { isWritten, mappingsForTarget, referencedResources, type Dataflow } from '../dataflows/engine';
import { pollerWorkflowId } from '../model/ids';
import { linkStatusSchema, type PollerState } from '../model/sync-state';
import { pollerWorkflowInputSchema } from '../model/workflow-inputs';
import {
  LinkDataflow,
  LinkSourceId,
  LinkSourceSystem,
  LinkSourceType,
  LinkStatus as LinkStatusKey,
  LinkTargetId,
  LinkTargetSystem,
  LinkTargetType,
  runningLinksQuery,
} from '../temporal/search-attributes';
import { pollersQueue } from '../workflows/activity-options';
import { stopPollingSignal } from '../workflows/messages';
import { CURRENT_PATCHES } from '../workflows/patches';
import { LIVE_PRIORITY } from '../temporal/task-priority';

export interface PollerTarget {
  /** The dataflows that read this resource, comma-separated (one poller serves them all). */
  dataflow: string;
  system: string;
  resource: string;
}

/**
 * Every (system, resource) a dataflow must watch: the sources of its writable mappings, and the targets of two-way
 * pairs.
 */
export function pollerTargets(flows: Dataflow[]): PollerTarget[] {
  // One poller per (system, resource): a resource several dataflows read is read once per pass, not once each.
  const targets = new Map<string, { system: string; resource: string; dataflows: Set<string> }>();
  for (const flow of flows) {
    for (const mapping of flow.mappings) {
      if (!isWritten(mapping) || mapping.partOf !== undefined) continue;
      const add = (system: string, resource: string): void => {
        const key = `${system}/${resource}`;
        const target = targets.get(key) ?? { system, resource, dataflows: new Set<string>() };
        target.dataflows.add(flow.id);
        targets.set(key, target);
      };
      add(mapping.source.system, mapping.source.resource);
      // Records the target makes itself from an interim one are recognised in the target's change feed.
      if (mapping.target.settlesFrom !== undefined) add(mapping.target.system, mapping.target.resource);
      if (
        mapping.props.some((pair) => pair.direction === 'both') &&
        mappingsForTarget(flow, mapping.target.resource).length > 0
      ) {
        add(mapping.target.system, mapping.target.resource);
      }
    }
  }
  const listed = [...targets.values()].map(({ system, resource, dataflows }) => ({
    dataflow: [...dataflows].join(','),
    system,
    resource,
  }));
  return referencedFirst(listed, flows);
}

/**
 * The pollers in an order where a resource comes after the resources its records refer to (orders after
 * customers and products), so that those pollers run when its first read asks whether they have read
 * (docs/DECISIONS.md 93). Otherwise the order of the dataflow files.
 */
function referencedFirst(targets: PollerTarget[], flows: Dataflow[]): PollerTarget[] {
  const key = (system: string, resource: string): string => `${system}/${resource.toLowerCase()}`;
  const byKey = new Map(targets.map((target) => [key(target.system, target.resource), target]));
  const ordered: PollerTarget[] = [];
  const placed = new Set<string>();
  const place = (target: PollerTarget, path: Set<string>): void => {
    const own = key(target.system, target.resource);
    if (placed.has(own) || path.has(own)) return;
    path.add(own);
    for (const flow of flows) {
      if (flow.sourceSystem !== target.system) continue;
      for (const resource of referencedResources(flow, target.resource)) {
        const referenced = byKey.get(key(target.system, resource));
        if (referenced) place(referenced, path);
      }
    }
    placed.add(own);
    ordered.push(target);
  };
  for (const target of targets) place(target, new Set());
  return ordered;
}

/** The share of a vendor's request budget that polling may take, busy or idle. */
export const POLLING_BUDGET_SHARE = 0.05;

/**
 * The poll interval per system: the one asked for, but never so short that the system's pollers together
 * take more than POLLING_BUDGET_SHARE of its request budget (a Chargebee test site's 150/min shared by three
 * pollers means one pass every 24 s; a Performance site's 1,000/min allows 5 s). What is left is for writes.
 */
export function pollIntervalsInForce(
  flows: Dataflow[],
  requestedMs: Record<string, number>,
  budgetPerMinute: Record<string, number>,
): Record<string, number> {
  const pollersPerSystem = new Map<string, number>();
  for (const target of pollerTargets(flows)) {
    pollersPerSystem.set(target.system, (pollersPerSystem.get(target.system) ?? 0) + 1);
  }
  const inForce: Record<string, number> = { ...requestedMs };
  for (const [system, pollers] of pollersPerSystem) {
    const requested = requestedMs[system] ?? 5_000;
    const budget = budgetPerMinute[system];
    const floorMs = budget === undefined ? 0 : Math.ceil((pollers * 60_000) / (POLLING_BUDGET_SHARE * budget));
    inForce[system] = Math.max(requested, floorMs);
  }
  return inForce;
}

export interface StartSyncOptions {
  /** Poll interval per system, ms. */
  intervalMs: Record<string, number>;
  /** The longest pause between passes once nothing changes (default 30 s; tests shorten it). */
  idleCeilingMs?: number;
  taskQueue?: string;
}

export async function startSync(
  client: Client,
  config: LinkflowConfig,
  flows: Dataflow[],
  options: StartSyncOptions,
): Promise<string[]> {
  const started: string[] = [];
  for (const target of pollerTargets(flows)) {
    const workflowId = pollerWorkflowId(config.workflowIdPrefix, target.system, target.resource);
    // A poller stopped earlier resumes from the cursor it returned, so nothing is read twice from scratch.
    let state: PollerState | undefined;
    try {
      const description = await client.workflow.getHandle(workflowId).describe();
      if (description.status.name === 'COMPLETED')
        state = await client.workflow.getHandle<() => Promise<PollerState>>(workflowId).result();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    const intervalMs = options.intervalMs[target.system] ?? 5_000;
    await client.workflow.start('pollerWorkflow', {
      workflowId,
      // A queue of their own, served by a worker of its own (docs/DECISIONS.md 157).
      taskQueue: pollersQueue(options.taskQueue ?? config.temporal.taskQueue),
      args: [
        pollerWorkflowInputSchema.parse({
          ...target,
          bornWith: CURRENT_PATCHES,
          intervalMs,
          ...(options.idleCeilingMs === undefined ? {} : { idleCeilingMs: options.idleCeilingMs }),
          // The cursor goes on; the interval is the one in force now (a budget raised, `--interval` given).
          ...(state ? { state: { ...state, intervalMs } } : {}),
        }),
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // Pollers find the fresh changes: their workflow tasks go ahead of a first sync's backlog too.
      priority: LIVE_PRIORITY,
    });
    started.push(workflowId);
  }
  return started;
}

export async function stopSync(client: Client, config: LinkflowConfig, flows: Dataflow[]): Promise<void> {
  for (const target of pollerTargets(flows)) {
    const handle = client.workflow.getHandle(pollerWorkflowId(config.workflowIdPrefix, target.system, target.resource));
    try {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') continue;
      await handle.signal(stopPollingSignal);
      await handle.result();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
}

/**
 * What `sync status` shows is read from visibility only (search attributes and memos, one list call per
 * kind of workflow), never by querying workflows: a query needs a worker, and fails or times out while the
 * workers are down or busy, which is exactly when status matters. Visibility lags a moment behind.
 */
const memoTextSchema = z.string().nullish();
const memoCountSchema = z.number().int().nonnegative().optional();

function memoText(execution: WorkflowExecutionInfo, key: string): string | undefined {
  const parsed = memoTextSchema.safeParse(execution.memo?.[key]);
  return parsed.success && parsed.data != null ? parsed.data : undefined;
}

type Kind = 'poller' | 'link' | 'record';

/** Executions of one kind under the configured prefix (ids are `<prefix><kind>/…`: other prefixes never match). */
function listKind(
  client: Client,
  config: LinkflowConfig,
  kind: Kind,
  runningOnly: boolean,
): AsyncIterable<WorkflowExecutionInfo> {
  const idPrefix = `${config.workflowIdPrefix}${kind}/`.replace(/["\\]/g, '');
  const running = runningOnly ? ' AND ExecutionStatus = "Running"' : '';
  const query = `LinkflowKind = "${kind}"${running} AND WorkflowId STARTS_WITH "${idPrefix}"`;
  return client.workflow.list({ query, pageSize: 1000 });
}

export interface PollerStatus extends PollerTarget {
  running: boolean;
  /** The poller's LinkStatus: polling, caught-up, failing, stopped (absent before it first published). */
  status?: string;
  caughtUp: boolean;
  /** Records handed on, as of the poller's last change of status. */
  dispatched: number;
  /** Why the poller is failing (the last error of a page it could not read). */
  lastError?: string;
}

export async function pollerStatuses(
  client: Client,
  config: LinkflowConfig,
  flows: Dataflow[],
): Promise<PollerStatus[]> {
  // Every run of a poller is listed (continue-as-new leaves closed runs): the running one wins, else the newest.
  const latest = new Map<string, WorkflowExecutionInfo>();
  const rank = (info: WorkflowExecutionInfo): [number, number] => [
    info.status.name === 'RUNNING' ? 1 : 0,
    info.startTime.getTime(),
  ];
  for await (const execution of listKind(client, config, 'poller', false)) {
    const known = latest.get(execution.workflowId);
    const [running, started] = rank(execution);
    const [knownRunning, knownStarted] = known ? rank(known) : [-1, 0];
    const better = running > knownRunning || (running === knownRunning && started > knownStarted);
    if (better) latest.set(execution.workflowId, execution);
  }
  return pollerTargets(flows).map((target): PollerStatus => {
    const execution = latest.get(pollerWorkflowId(config.workflowIdPrefix, target.system, target.resource));
    if (!execution) return { ...target, running: false, caughtUp: false, dispatched: 0 };
    const running = execution.status.name === 'RUNNING';
    const published = execution.typedSearchAttributes.get(LinkStatusKey);
    // A poller that ended without publishing `stopped` (failed or terminated) is shown as its execution status.
    const status = running || published === 'stopped' ? published : execution.status.name.toLowerCase();
    const dispatched = memoCountSchema.safeParse(execution.memo?.['dispatched']);
    const lastError = memoText(execution, 'lastError');
    return {
      ...target,
      running,
      ...(status !== undefined ? { status } : {}),
      caughtUp: running && status === 'caught-up',
      dispatched: dispatched.success ? (dispatched.data ?? 0) : 0,
      ...(lastError !== undefined && status === 'failing' ? { lastError } : {}),
    };
  });
}

/**
 * Links per source type, by the status they show: a LinkStatus, or `retrying` while a batch waits out a
 * failure that retrying can fix (an outage, say).
 */
export type LinkCounts = Record<string, Record<string, number>>;
/** Record writers per target type, by status (active, parked, retrying, target-deleted). */
export type RecordCounts = Record<string, Record<string, number>>;

/** A link or record writer that needs attention, with the reason from its memo. */
export interface WorkflowProblem {
  kind: 'link' | 'record';
  workflowId: string;
  /** The link's dataflow (links only). */
  dataflow?: string;
  /** The source system and resource of a link, the target system and type of a record writer. */
  system: string;
  type: string;
  id: string;
  /** From the memo (`parkedReason`, `retryingReason`); null when the workflow has not published one. */
  reason: string | null;
}

interface KindVisibility {
  /** Per group (dataflow for links, target system for record writers), per type, per status. */
  counts: Record<string, Record<string, Record<string, number>>>;
  parked: WorkflowProblem[];
  retrying: WorkflowProblem[];
}

/** Every linkflow search attribute is a keyword. */
const attribute = (execution: WorkflowExecutionInfo, key: typeof LinkDataflow): string =>
  execution.typedSearchAttributes.get(key) ?? 'unknown';

/** Running links or record writers, counted by status, with the parked and retrying ones and their reasons. */
async function kindVisibility(
  client: Client,
  config: LinkflowConfig,
  kind: 'link' | 'record',
): Promise<KindVisibility> {
  const result: KindVisibility = { counts: {}, parked: [], retrying: [] };
  for await (const execution of listKind(client, config, kind, true)) {
    const status = execution.typedSearchAttributes.get(LinkStatusKey);
    if (status === undefined) continue; // not published yet: its first workflow task has not run
    const link = kind === 'link';
    const group = attribute(execution, link ? LinkDataflow : LinkTargetSystem);
    const type = attribute(execution, link ? LinkSourceType : LinkTargetType);
    const byStatus = ((result.counts[group] ??= {})[type] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const list = status === 'parked' ? result.parked : status === 'retrying' ? result.retrying : undefined;
    if (!list) continue;
    const problem: WorkflowProblem = {
      kind,
      workflowId: execution.workflowId,
      ...(link ? { dataflow: group } : {}),
      system: link ? attribute(execution, LinkSourceSystem) : group,
      type,
      id: attribute(execution, link ? LinkSourceId : LinkTargetId),
      reason: memoText(execution, status === 'parked' ? 'parkedReason' : 'retryingReason') ?? null,
    };
    list.push(problem);
  }
  return result;
}

/** Links per dataflow and source type, by status (from visibility, which lags a moment behind). */
export async function linkCounts(client: Client, config: LinkflowConfig): Promise<Record<string, LinkCounts>> {
  return (await kindVisibility(client, config, 'link')).counts;
}

export interface SyncStatus {
  pollers: PollerStatus[];
  /** Links per dataflow, source type and status. */
  links: Record<string, LinkCounts>;
  /** Record writers per target system, type and status. */
  records: Record<string, RecordCounts>;
  /** Parked links and record writers, each with its reason. */
  parked: WorkflowProblem[];
  /** Links and record writers waiting out a failure that retrying can fix, each with the failure. */
  retrying: WorkflowProblem[];
  summary: { failingPollers: number; parkedLinks: number; parkedRecords: number; retrying: number };
}

/** Everything `sync status` shows, from three list calls; needs no worker. */
export async function syncStatus(client: Client, config: LinkflowConfig, flows: Dataflow[]): Promise<SyncStatus> {
  const [pollers, links, records] = await Promise.all([
    pollerStatuses(client, config, flows),
    kindVisibility(client, config, 'link'),
    kindVisibility(client, config, 'record'),
  ]);
  const retrying = [...links.retrying, ...records.retrying];
  return {
    pollers,
    links: links.counts,
    records: records.counts,
    parked: [...links.parked, ...records.parked],
    retrying,
    summary: {
      failingPollers: pollers.filter((poller) => poller.status === 'failing').length,
      parkedLinks: links.parked.length,
      parkedRecords: records.parked.length,
      retrying: retrying.length,
    },
  };
}

export interface SyncProgress {
  links: number;
  settled: number;
  /** Links by the status they show (a LinkStatus, or `retrying`). */
  byStatus: Record<string, number>;
  pollersCaughtUp: number;
  pollers: number;
}

/**
 * Still at work: links seen but not yet linked (or parked, dormant…), waiting for dependencies, or waiting out
 * a failure before they try again.
 */
const UNSETTLED: string[] = ['pending', 'waiting', 'retrying'];

/** Every status a link shows in its search attributes: its state's, or `retrying` while it waits out a failure. */
const SHOWN_LINK_STATUSES: string[] = [...linkStatusSchema.options, 'retrying'];

/**
 * Running links by status, one count query per status. Progress is asked every few seconds while a sync runs;
 * listing every link instead read 48,000 executions with their memos (25 s of the dev server's SQLite, which
 * its own reads and writes wait behind), where the counts take well under a second.
 */
async function linkStatusCounts(
  client: Client,
  config: LinkflowConfig,
  statuses: readonly string[] = SHOWN_LINK_STATUSES,
): Promise<Record<string, number>> {
  const idPrefix = `${config.workflowIdPrefix}link/`;
  const counts = await Promise.all(
    statuses.map(async (status) => {
      const query = runningLinksQuery(idPrefix, [[LinkStatusKey, status]]);
      return [status, (await client.workflow.count(query)).count] as const;
    }),
  );
  return Object.fromEntries(counts.filter(([, count]) => count > 0));
}

/**
 * Links still at work, counted over the unsettled statuses alone. A count reads the visibility row of every
 * link it counts, and most links of a sync under way have settled: at the full benchmark's size counting
 * every status took seconds of the embedded server's one SQLite connection, which the sync itself waits for.
 */
export async function unsettledLinkCount(client: Client, config: LinkflowConfig): Promise<number> {
  const counts = await linkStatusCounts(client, config, UNSETTLED);
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

export async function syncProgress(client: Client, config: LinkflowConfig, flows: Dataflow[]): Promise<SyncProgress> {
  const [pollers, byStatus] = await Promise.all([
    pollerStatuses(client, config, flows),
    linkStatusCounts(client, config),
  ]);
  const links = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
  const unsettled = UNSETTLED.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  return {
    links,
    settled: links - unsettled,
    byStatus,
    pollersCaughtUp: pollers.filter((poller) => poller.running && poller.caughtUp).length,
    pollers: pollers.length,
  };
}

/**
 * Waits until every poller has caught up and no link is pending or waiting, three checks in a row (visibility
 * lags a moment behind the workflows), reporting progress on the way.
 */
export async function waitUntilSettled(
  client: Client,
  config: LinkflowConfig,
  flows: Dataflow[],
  options: { timeoutMs: number; onProgress?: (progress: SyncProgress) => void; intervalMs?: number },
): Promise<SyncProgress> {
  const deadline = Date.now() + options.timeoutMs;
  let quietChecks = 0;
  let previous = '';
  for (;;) {
    const progress = await syncProgress(client, config, flows);
    options.onProgress?.(progress);
    const fingerprint = JSON.stringify(progress.byStatus);
    const quiet =
      progress.links > 0 && progress.settled === progress.links && progress.pollersCaughtUp === progress.pollers;
    quietChecks = quiet && fingerprint === previous ? quietChecks + 1 : quiet ? 1 : 0;
    previous = fingerprint;
    if (quietChecks >= 3) return progress;
    if (Date.now() > deadline)
      throw new Error(`the sync did not settle within ${Math.round(options.timeoutMs / 1000)} s (${fingerprint})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}
