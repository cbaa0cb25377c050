/**
 * What the sync activities work with: the loaded dataflows, a connector per system, and a Temporal client
 * for starting and messaging other workflows (signal-with-start, update-with-start).
 */
import type { Client } from '@temporalio/client';
import type { LinkflowConfig } from '../config/config';
import type { Connector } from '../connectors/connector';
import type { Dataflow, Mapping } from '../dataflows/engine';
import { findMapping } from '../dataflows/engine';
import type { QueueBacklog } from './queue-backlog';
import type { RecentHandOvers } from './recent-hand-overs';
import type { RecentWrites } from './recent-writes';
import type { FirstReadBegun, ReferencesFirst } from './references-first';
import type { TargetKeyIndexes } from './target-key-index';

export interface SyncTiming {
  /** A sales order is invoiced once its header has been quiet this long (one poll interval). */
  orderSettleMs: number;
  /** How often a confirmed order with no invoiceable line yet is read again (its lines carry no change time). */
  openOrderSweepMs: number;
  /** How long a poll activity waits for a new record's first pass before leaving it to the link (tests shorten it). */
  firstPassWaitMs?: number;
}

export interface SyncContext {
  config: LinkflowConfig;
  flows: Dataflow[];
  connectors: Record<string, Connector>;
  client: Client;
  taskQueue: string;
  timing: SyncTiming;
  /** Link-first matching from listed pages (built per worker process when absent). */
  targetKeyIndexes?: TargetKeyIndexes;
  /** What this process wrote, so pollers skip our own echoes (set by createActivities). */
  recentWrites?: RecentWrites;
  /** What this process's pollers handed on lately, so a record read twice is handed on once (set by createActivities). */
  recentHandOvers?: RecentHandOvers;
  /** Tasks waiting in the main queue, for the pollers' backpressure (read from Temporal when absent). */
  queueBacklog?: QueueBacklog;
  /** Whether a resource's first read waits for the resources it refers to (read from Temporal when absent). */
  referencesFirst?: ReferencesFirst;
  /** Whether a resource's first read has begun, for the resources that give way to it (read from Temporal). */
  firstReadBegun?: FirstReadBegun;
}

export function connectorFor(context: SyncContext, system: string): Connector {
  const connector = context.connectors[system];
  if (!connector) throw new Error(`No connector is configured for system "${system}".`);
  return connector;
}

export function flowById(context: SyncContext, id: string): Dataflow {
  const flow = context.flows.find((candidate) => candidate.id === id);
  if (!flow) throw new Error(`No dataflow "${id}" is loaded (have: ${context.flows.map((f) => f.id).join(', ')}).`);
  return flow;
}

export function mappingById(context: SyncContext, id: string): Mapping {
  const mapping = findMapping(context.flows, id);
  if (!mapping) throw new Error(`No mapping "${id}" in the loaded dataflows.`);
  return mapping;
}
