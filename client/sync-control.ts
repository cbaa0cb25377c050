/**
 * Starting, stopping and reading the sync from outside the worker: pollers by name, links by search
 * attribute. Used by the CLI, the demo and the tests.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { LinkflowConfig } from '../config/config';
import { mappingsForTarget, type Dataflow } from '../dataflows/engine';
import { pollerWorkflowId } from '../model/ids';
import type { LinkStatus, PollerState } from '../model/sync-state';
import { pollerStateQuery, stopPollingSignal } from '../workflows/messages';

export interface PollerTarget {
  dataflow: string;
  system: string;
  resource: string;
}

/** Every (system, resource) a dataflow must watch: the sources of its writable mappings, and the targets of two-way pairs. */
export function pollerTargets(flows: Dataflow[]): PollerTarget[] {
  const targets = new Map<string, PollerTarget>();
  for (const flow of flows) {
    for (const mapping of flow.mappings) {
      if (mapping.unsupported !== undefined || mapping.partOf !== undefined) continue;
      const add = (system: string, resource: string): void => {
        targets.set(`${flow.id}/${system}/${resource}`, { dataflow: flow.id, system, resource });
      };
      add(mapping.source.system, mapping.source.resource);
      if (mapping.props.some((pair) => pair.direction === 'both') && mappingsForTarget(flow, mapping.target.resource).length > 0) {
        add(mapping.target.system, mapping.target.resource);
      }
    }
  }
  return [...targets.values()];
}

export interface StartSyncOptions {
  /** Poll interval per system, ms. */
  intervalMs: Record<string, number>;
  taskQueue?: string;
}

export async function startSync(client: Client, config: LinkflowConfig, flows: Dataflow[], options: StartSyncOptions): Promise<string[]> {
  const started: string[] = [];
  for (const target of pollerTargets(flows)) {
    const workflowId = pollerWorkflowId(config.workflowIdPrefix, target.system, target.resource);
    // A poller stopped earlier resumes from the cursor it returned, so nothing is read twice from scratch.
    let state: PollerState | undefined;
    try {
      const description = await client.workflow.getHandle(workflowId).describe();
      if (description.status.name === 'COMPLETED') state = await client.workflow.getHandle<() => Promise<PollerState>>(workflowId).result();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    await client.workflow.start('pollerWorkflow', {
      workflowId,
      taskQueue: options.taskQueue ?? config.temporal.taskQueue,
      args: [{ ...target, intervalMs: options.intervalMs[target.system] ?? 5_000, ...(state ? { state } : {}) }],
      workflowIdConflictPolicy: 'USE_EXISTING',
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

export interface PollerStatus extends PollerTarget {
  running: boolean;
  caughtUp: boolean;
  dispatched: number;
  lastError?: string;
}

export async function pollerStatuses(client: Client, config: LinkflowConfig, flows: Dataflow[]): Promise<PollerStatus[]> {
  const statuses: PollerStatus[] = [];
  for (const target of pollerTargets(flows)) {
    const handle = client.workflow.getHandle(pollerWorkflowId(config.workflowIdPrefix, target.system, target.resource));
    try {
      const description = await handle.describe();
      const running = description.status.name === 'RUNNING';
      const state = running ? await handle.query(pollerStateQuery) : undefined;
      statuses.push({
        ...target,
        running,
        caughtUp: (state?.idlePasses ?? 0) > 0,
        dispatched: state?.dispatched ?? 0,
        ...(state?.lastError ? { lastError: state.lastError } : {}),
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      statuses.push({ ...target, running: false, caughtUp: false, dispatched: 0 });
    }
  }
  return statuses;
}

export type LinkCounts = Record<string, Partial<Record<LinkStatus, number>>>;

/** Links per dataflow and source type, by status (from visibility, which lags a moment behind). */
export async function linkCounts(client: Client, config: LinkflowConfig): Promise<Record<string, LinkCounts>> {
  const counts: Record<string, LinkCounts> = {};
  const prefix = config.workflowIdPrefix.replace(/"/g, '');
  const query = `LinkflowKind = "link" AND ExecutionStatus = "Running"${prefix ? ` AND WorkflowId STARTS_WITH "${prefix}"` : ''}`;
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    const attributes = execution.searchAttributes;
    const first = (name: string): string => {
      const value = attributes[name];
      return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : 'unknown';
    };
    const dataflow = first('LinkDataflow');
    const type = first('LinkSourceType');
    const status = first('LinkStatus') as LinkStatus;
    const forFlow = (counts[dataflow] ??= {});
    const forType = (forFlow[type] ??= {});
    forType[status] = (forType[status] ?? 0) + 1;
  }
  return counts;
}

export interface SyncProgress {
  links: number;
  settled: number;
  byStatus: Partial<Record<LinkStatus, number>>;
  pollersCaughtUp: number;
  pollers: number;
}

/** Still at work: links seen but not yet linked (or parked, dormant…), or waiting for dependencies. */
const UNSETTLED: LinkStatus[] = ['pending', 'waiting'];

export async function syncProgress(client: Client, config: LinkflowConfig, flows: Dataflow[]): Promise<SyncProgress> {
  const [pollers, counts] = await Promise.all([pollerStatuses(client, config, flows), linkCounts(client, config)]);
  const byStatus: Partial<Record<LinkStatus, number>> = {};
  for (const types of Object.values(counts)) {
    for (const statuses of Object.values(types)) {
      for (const [status, count] of Object.entries(statuses) as [LinkStatus, number][]) byStatus[status] = (byStatus[status] ?? 0) + count;
    }
  }
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
    const quiet = progress.links > 0 && progress.settled === progress.links && progress.pollersCaughtUp === progress.pollers;
    quietChecks = quiet && fingerprint === previous ? quietChecks + 1 : quiet ? 1 : 0;
    previous = fingerprint;
    if (quietChecks >= 3) return progress;
    if (Date.now() > deadline) throw new Error(`the sync did not settle within ${Math.round(options.timeoutMs / 1000)} s (${fingerprint})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}
