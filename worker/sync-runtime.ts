/**
 * Builds what a sync worker needs: connectors from configuration (the environment for real systems, or the
 * URLs and keys a running sandbox reports), the loaded dataflows, and a Temporal client; then the worker.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { SyncTiming } from '../activities/sync-context';
import type { LinkflowConfig } from '../config/config';
import type { Connector } from '../connectors/connector';
import { setRequestTrace } from '../connectors/common/request-trace';
import { systemEntry, SYSTEMS } from '../config/systems';
import { dataflowsBetween, loadDataflows, type Dataflow } from '../dataflows/engine';
import type { ServiceDescriptor } from '../connectors/plugin';
import { closeWhenRetriesEnd, connectClient, connectWorker } from '../temporal/connection';
import {
  DEPENDENCIES_QUEUE_SUFFIX,
  LIVE_QUEUE_SUFFIX,
  LIVE_TARGETS_QUEUE_SUFFIX,
  pollersQueue,
  TARGETS_QUEUE_SUFFIX,
} from '../workflows/activity-options';
import { createPollersWorker, createWorker, workflowBundleFromChild } from './create-worker';
import { detachSdkStopOnSignals } from './sdk-signals';
import { exitForRestart, watchWorker, WorkerSupervisor } from './supervisor';

/** Each configured system's connector configuration, by system key (plain JSON, parsed by its plug-in). */
export type ConnectorSettings = Record<string, object>;

/** The systems the environment configures (a system none of whose variables is set is left out). */
export function connectorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectorSettings {
  const settings: ConnectorSettings = {};
  for (const { connector } of SYSTEMS) {
    const config = connector.configFromEnv(env);
    if (config !== null) settings[connector.system] = config;
  }
  return settings;
}

/**
 * Connector settings for running sandboxes (or any services describing themselves alike): the same connectors,
 * pointed at loopback.
 */
export function connectorSettingsForSandboxes(sandboxes: Record<string, ServiceDescriptor>): ConnectorSettings {
  const settings: ConnectorSettings = {};
  for (const [system, sandbox] of Object.entries(sandboxes))
    settings[system] = systemEntry(system).connector.configFromSandbox(sandbox);
  return settings;
}

/** The request budget of each configured system, per minute. */
export function budgetsPerMinute(settings: ConnectorSettings): Record<string, number> {
  return Object.fromEntries(
    Object.entries(settings).map(([system, config]) => [
      system,
      systemEntry(system).connector.requestsPerMinute(config),
    ]),
  );
}

/** Where connectors keep durable files (rotating refresh tokens): `<dataDir>/connectors/<system>`. */
export function connectorStateDir(dataDir: string, system: string): string {
  return path.join(dataDir, 'connectors', system);
}

export function createConnectors(settings: ConnectorSettings, dataDir: string): Record<string, Connector> {
  return Object.fromEntries(
    Object.entries(settings).map(([system, config]) => [
      system,
      systemEntry(system).connector.create(config, { stateDir: connectorStateDir(dataDir, system) }),
    ]),
  );
}

export const DEFAULT_TIMING: SyncTiming = { orderSettleMs: 5_000, openOrderSweepMs: 30_000 };

export interface SyncWorker {
  worker: Worker;
  client: Client;
  flows: Dataflow[];
  connectors: Record<string, Connector>;
  /** Resolves when the worker has stopped. */
  running: Promise<void>;
  close: () => Promise<void>;
}

export async function startSyncWorker(options: {
  config: LinkflowConfig;
  connectors: Record<string, Connector>;
  timing?: SyncTiming;
  taskQueue?: string;
  /**
   * Called once if the workers stop serving their queues without `close()` (worker/supervisor.ts). By
   * default the process logs why and exits non-zero, so that its supervisor starts a fresh one.
   */
  onWorkerFailure?: (reason: string) => void;
}): Promise<SyncWorker> {
  // Development: a line for every vendor request, on stderr (docs/DECISIONS.md 144).
  if (options.config.traceRequests) setRequestTrace((line) => void process.stderr.write(line));
  // Only the dataflows whose two systems have connectors here.
  const flows = dataflowsBetween(loadDataflows(), Object.keys(options.connectors));
  const client = await connectClient(options.config);
  const connection: NativeConnection = await connectWorker(options.config);
  detachSdkStopOnSignals();
  const taskQueue = options.taskQueue ?? options.config.temporal.taskQueue;
  const activities = createActivities({
    config: options.config,
    flows,
    connectors: options.connectors,
    client,
    taskQueue,
    timing: options.timing ?? DEFAULT_TIMING,
  });
  const bundle = await workflowBundleFromChild();
  const worker = await createWorker({
    config: options.config,
    connection,
    activities: activities.main,
    taskQueue,
    workflowBundle: bundle,
  });
  const pollersWorker = await createPollersWorker({
    config: options.config,
    connection,
    taskQueue,
    workflowBundle: bundle,
  });
  // Activity-only workers, one per queue that must not share slots with the work it waits for.
  const activityQueues: Array<[string, object]> = [
    [TARGETS_QUEUE_SUFFIX, activities.targets],
    [DEPENDENCIES_QUEUE_SUFFIX, activities.dependencies],
    [LIVE_QUEUE_SUFFIX, activities.live],
    [LIVE_TARGETS_QUEUE_SUFFIX, activities.liveTargets],
  ];
  const activityWorkers = await Promise.all(
    activityQueues.map(([suffix, queueActivities]) =>
      Worker.create({
        connection,
        namespace: options.config.temporal.namespace,
        taskQueue: `${taskQueue}${suffix}`,
        activities: queueActivities,
        maxConcurrentActivityTaskExecutions: options.config.maxConcurrentActivities,
      }),
    ),
  );
  const workers = [worker, pollersWorker, ...activityWorkers];
  const queues = [taskQueue, pollersQueue(taskQueue), ...activityQueues.map(([suffix]) => `${taskQueue}${suffix}`)];
  const runs = workers.map((w) => w.run());
  const running = Promise.all(runs).then(() => undefined);
  const supervisor = new WorkerSupervisor(
    workers.map((w, index) =>
      watchWorker(w, {
        taskQueue: queues[index] ?? taskQueue,
        pollsWorkflows: w === worker || w === pollersWorker,
        pollsActivities: w !== pollersWorker,
        running: runs[index] ?? running,
      }),
    ),
    { onFailure: options.onWorkerFailure ?? exitForRestart },
  );
  return {
    worker,
    client,
    flows,
    connectors: options.connectors,
    running,
    close: async () => {
      supervisor.stop();
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      try {
        await running;
      } finally {
        supervisor.dispose();
      }
      await connection.close();
      // An activity cancelled by the stop may have left a call in its retry back-off (docs/DECISIONS.md 119).
      closeWhenRetriesEnd(client.connection);
    },
  };
}
