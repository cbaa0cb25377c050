/**
 * `linkflow authorize <system>`: the one-time authorization of a system that needs a person's consent (an
 * OAuth authorization code with a loopback redirect, e.g. CRMOffice). Prints the URL to open, waits for the
 * redirect, and keeps the token where the worker reads it (`<dataDir>/connectors/<system>/`).
 */
import { loadConfig } from '../../config/config';
import { SYSTEMS, systemEntry } from '../../config/systems';
import { connectorStateDir } from '../../worker/sync-runtime';
import { resolveConnectorSettings } from '../connector-settings';

export async function run(args: string[]): Promise<number> {
  const [system] = args;
  const needsConsent = SYSTEMS.filter(({ connector }) => connector.authorize !== undefined).map(
    ({ connector }) => connector.system,
  );
  if (system === undefined || !needsConsent.includes(system)) {
    console.error(
      `usage: linkflow authorize <system>   (systems that need a person's consent: ${needsConsent.join(', ')})`,
    );
    return 2;
  }
  const config = loadConfig();
  const { settings, from } = resolveConnectorSettings(config);
  const systemConfig = settings[system];
  const { connector } = systemEntry(system);
  if (systemConfig === undefined || connector.authorize === undefined) {
    console.error(`${connector.title} is not configured (${from}); set ${connector.environmentVariables.join(', ')}.`);
    return 1;
  }
  const stored = await connector.authorize(
    systemConfig,
    { stateDir: connectorStateDir(config.dataDir, system) },
    (url) => {
      console.log(`Open this address in a browser, sign in to ${connector.title} and approve linkflow:\n\n  ${url}\n`);
      console.log('Waiting for the redirect…');
    },
  );
  console.log(stored);
  return 0;
}
