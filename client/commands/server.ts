/**
 * `linkflow server`: gives the user a Temporal server. Uses TEMPORAL_ADDRESS when it answers; otherwise runs
 * the embedded dev server (building the pinned CLI once if needed) until Ctrl-C.
 */
import { loadConfig } from '../../config/config';
import { ensureTemporalServer } from '../../temporal/dev-server';
import { waitForShutdownSignal } from '../shutdown';

export async function run(): Promise<number> {
  const config = loadConfig();
  const server = await ensureTemporalServer(config);
  if (!server.startedHere) {
    console.log(
      `A Temporal server already answers at ${server.address} (namespace ${server.namespace}); nothing to start.`,
    );
    if (server.webUiUrl) console.log(`Web UI: ${server.webUiUrl}`);
    return 0;
  }
  console.log('Press Ctrl-C to stop the server.');
  await waitForShutdownSignal();
  console.log('Stopping the Temporal dev server…');
  await server.stop();
  return 0;
}
