/**
 * Builds what a sync worker needs: connectors from configuration (the environment for real systems, or the
 * URLs and keys a running sandbox reports), the loaded dataflows, and a Temporal client; then the worker.
 */
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { SyncTiming } from '../activities/sync-context';
import type { LinkflowConfig } from '../config/config';
import { createChargebeeConnector, chargebeeConfigFromEnv, type ChargebeeConfigInput } from '../connectors/chargebee';
import type { Connector } from '../connectors/connector';
import {
  createPowerOfficeConnector,
  powerOfficeConfigFromEnv,
  type PowerOfficeConfigInput,
} from '../connectors/poweroffice-go';
import { loadDataflows, type Dataflow } from '../dataflows/engine';
import type { RunningSandbox } from '../sandboxes/common/http';
import { connectClient, connectWorker } from '../temporal/connection';
import {
  DEPENDENCIES_QUEUE_SUFFIX,
  LIVE_QUEUE_SUFFIX,
  LIVE_TARGETS_QUEUE_SUFFIX,
  TARGETS_QUEUE_SUFFIX,
} from '../workflows/activity-options';
import { createWorker, workflowBundleFromChild } from './create-worker';

export interface ConnectorSettings {
  poweroffice: PowerOfficeConfigInput;
  chargebee: ChargebeeConfigInput;
}

export function connectorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectorSettings {
  return { poweroffice: powerOfficeConfigFromEnv(env), chargebee: chargebeeConfigFromEnv(env) };
}

/** Connector settings for the local sandboxes: the same connectors, pointed at loopback. */
export function connectorSettingsForSandboxes(
  poweroffice: RunningSandbox,
  chargebee: RunningSandbox,
  chargebeeRequestsPerMinute: number,
): ConnectorSettings {
  const text = (value: unknown, name: string): string => {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`The sandbox did not report ${name}.`);
    return String(value);
  };
  return {
    poweroffice: {
      baseUrl: poweroffice.baseUrl,
      tokenUrl: text(poweroffice.settings.tokenUrl, 'tokenUrl'),
      applicationKey: text(poweroffice.credentials.applicationKey, 'applicationKey'),
      clientKey: text(poweroffice.credentials.clientKey, 'clientKey'),
      subscriptionKey: text(poweroffice.credentials.subscriptionKey, 'subscriptionKey'),
      requestsPerSecond: Number(poweroffice.settings.rateLimitPerSecond ?? 10),
    },
    chargebee: {
      site: text(chargebee.settings.site, 'site'),
      apiKey: text(chargebee.credentials.apiKey, 'apiKey'),
      protocol: 'http',
      hostSuffix: text(chargebee.settings.hostSuffix, 'hostSuffix'),
      port: Number(chargebee.settings.port),
      requestsPerMinute: chargebeeRequestsPerMinute,
    },
  };
}

export function createConnectors(settings: ConnectorSettings): Record<string, Connector> {
  return {
    'poweroffice-go': createPowerOfficeConnector(settings.poweroffice),
    chargebee: createChargebeeConnector(settings.chargebee),
  };
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
}): Promise<SyncWorker> {
  const flows = loadDataflows();
  const client = await connectClient(options.config);
  const connection: NativeConnection = await connectWorker(options.config);
  const taskQueue = options.taskQueue ?? options.config.temporal.taskQueue;
  const activities = createActivities({
    config: options.config,
    flows,
    connectors: options.connectors,
    client,
    taskQueue,
    timing: options.timing ?? DEFAULT_TIMING,
  });
  const worker = await createWorker({
    config: options.config,
    connection,
    activities: activities.main,
    taskQueue,
    workflowBundle: await workflowBundleFromChild(),
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
  const workers = [worker, ...activityWorkers];
  const running = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  return {
    worker,
    client,
    flows,
    connectors: options.connectors,
    running,
    close: async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
    },
  };
}
