/**
 * `linkflow worker`: serves linkflow's task queue until Ctrl-C, with connectors to the systems configured in
 * the environment (or the local sandboxes).
 */
import { getHeapStatistics } from 'node:v8';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { systemEntry } from '../../config/systems';
import { pollerWorkflowId } from '../../model/ids';
import { startWebhookReceiver, type WebhookReceiver } from '../../worker/webhook-receiver';
import { pollNowSignal } from '../../workflows/messages';
import { temporalAddress } from '../../temporal/connection';
import { createConnectors, startSyncWorker } from '../../worker/sync-runtime';
import { watchEventLoopLoad } from '../../worker/event-loop-load';
import { resolveConnectorSettings } from '../connector-settings';
import { waitForShutdownSignal } from '../shutdown';

export async function run(): Promise<number> {
  const config = loadConfig();
  const heapLimitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  console.log(`Worker process ${process.pid}, heap limit ${heapLimitMiB} MiB (LINKFLOW_WORKER_HEAP_MB).`);
  const { settings, from } = resolveConnectorSettings(config);
  const sync = await startSyncWorker({ config, connectors: createConnectors(settings, config.dataDir) });
  console.log(
    `Worker on task queue "${config.temporal.taskQueue}" at ${temporalAddress(config)}, systems from ${from}.`,
  );
  for (const [system, systemConfig] of Object.entries(settings)) {
    const { connector } = systemEntry(system);
    console.log(`  ${connector.title}: ${connector.describe(systemConfig)}`);
  }
  let receiver: WebhookReceiver | undefined;
  const port = config.webhooks.port;
  if (port !== undefined) {
    const systems = Object.entries(settings).flatMap(([system, systemConfig]) => {
      const { connector } = systemEntry(system);
      return connector.webhook ? [{ plugin: connector, config: systemConfig }] : [];
    });
    receiver = await startWebhookReceiver({
      port,
      host: config.webhooks.host,
      systems,
      pollNow: async (system, resource) => {
        try {
          await sync.client.workflow
            .getHandle(pollerWorkflowId(config.workflowIdPrefix, system, resource))
            .signal(pollNowSignal);
          return true;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        }
      },
    });
    const names = systems.map((entry) => `${receiver?.url ?? ''}${entry.plugin.system}`);
    console.log(`Webhooks: ${names.length > 0 ? names.join(', ') : 'no configured system sends any'}.`);
  }
  console.log('Ctrl-C stops.');
  const stopWatching = watchEventLoopLoad((warning) => console.warn(`${new Date().toISOString()} ${warning}`));
  await Promise.race([waitForShutdownSignal(), sync.running]);
  stopWatching();
  await receiver?.close();
  await sync.close();
  // The workers have drained. What the activities they cancelled left running in the background (a call waiting
  // for an update's answer, a request in its retry back-off) is given up, as a killed worker's would be: the
  // retry finds it. Waiting for it kept a stopped worker alive for up to a minute (docs/DECISIONS.md 119).
  process.exit(0);
}
