/**
 * Where a worker started from the CLI finds its systems: the environment (real systems), or, when the
 * environment configures none, the sandboxes that `linkflow sandbox start` runs, as recorded in
 * `<dataDir>/sandboxes/connections.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LinkflowConfig } from '../config/config';
import { systemEntry, SYSTEMS } from '../config/systems';
import { connectorSettingsFromEnv, type ConnectorSettings } from '../worker/sync-runtime';

/** The file holds each system's configuration under its key; each plug-in parses its own. */
const sandboxConnectionsSchema = z.record(z.string(), z.unknown());

export function sandboxConnectionsFile(config: LinkflowConfig): string {
  return path.join(config.dataDir, 'sandboxes', 'connections.json');
}

export function writeSandboxConnections(config: LinkflowConfig, settings: ConnectorSettings): void {
  fs.mkdirSync(path.dirname(sandboxConnectionsFile(config)), { recursive: true });
  fs.writeFileSync(sandboxConnectionsFile(config), `${JSON.stringify(settings, null, 2)}\n`);
}

export function resolveConnectorSettings(
  config: LinkflowConfig,
  env: NodeJS.ProcessEnv = process.env,
): { settings: ConnectorSettings; from: string } {
  const fromEnv = connectorSettingsFromEnv(env);
  if (Object.keys(fromEnv).length > 0) return { settings: fromEnv, from: 'the environment' };
  const file = sandboxConnectionsFile(config);
  if (!fs.existsSync(file)) {
    const variables = SYSTEMS.map(
      ({ connector }) => `${connector.title}: ${connector.environmentVariables.join(', ')}`,
    );
    throw new Error(
      `No systems are configured: set each system's variables in the environment (see README; ${variables.join('; ')}), ` +
        'or start the local sandboxes with `npx linkflow sandbox start`.',
    );
  }
  const stored = sandboxConnectionsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const settings: ConnectorSettings = {};
  for (const [system, value] of Object.entries(stored))
    settings[system] = systemEntry(system).connector.parseConfig(value);
  return { settings, from: `the sandboxes (${file})` };
}
