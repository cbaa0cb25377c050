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
