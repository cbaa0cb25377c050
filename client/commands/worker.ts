/**
 * `linkflow worker`: serves linkflow's task queue until Ctrl-C, with connectors to the systems configured in
 * the environment (or the local sandboxes).
 */
import { loadConfig } from '../../config/config';
import { systemEntry } from '../../config/systems';
import { temporalAddress } from '../../temporal/connection';
import { createConnectors, startSyncWorker } from '../../worker/sync-runtime';
import { resolveConnectorSettings } from '../connector-settings';
import { waitForShutdownSignal } from '../shutdown';

export async function run(): Promise<number> {
  const config = loadConfig();
  const { settings, from } = resolveConnectorSettings(config);
  const sync = await startSyncWorker({ config, connectors: createConnectors(settings, config.dataDir) });
  console.log(
    `Worker on task queue "${config.temporal.taskQueue}" at ${temporalAddress(config)}, systems from ${from}.`,
  );
  for (const [system, systemConfig] of Object.entries(settings)) {
    const { connector } = systemEntry(system);
    console.log(`  ${connector.title}: ${connector.describe(systemConfig)}`);
  }
  console.log('Ctrl-C stops.');
  await Promise.race([waitForShutdownSignal(), sync.running]);
  await sync.close();
  return 0;
}
