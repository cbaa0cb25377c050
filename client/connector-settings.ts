/**
 * Where a worker started from the CLI finds its systems: the environment (real PowerOffice GO and
 * Chargebee), or, when the environment names none, the sandboxes that `linkflow sandbox start` runs, as
 * recorded in `<dataDir>/sandboxes/connections.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LinkflowConfig } from '../config/config';
import { connectorSettingsFromEnv, type ConnectorSettings } from '../worker/sync-runtime';

const sandboxConnectionsSchema = z.object({
  poweroffice: z.object({
    baseUrl: z.string(),
    tokenUrl: z.string(),
    applicationKey: z.string(),
    clientKey: z.string(),
    subscriptionKey: z.string(),
    requestsPerSecond: z.number(),
  }),
  chargebee: z.object({
    site: z.string(),
    apiKey: z.string(),
    protocol: z.enum(['http', 'https']),
    hostSuffix: z.string(),
    port: z.number(),
    requestsPerMinute: z.number(),
  }),
});

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
  if (env.POWEROFFICE_APPLICATION_KEY || env.CHARGEBEE_SITE)
    return { settings: connectorSettingsFromEnv(env), from: 'the environment' };
  const file = sandboxConnectionsFile(config);
  if (!fs.existsSync(file)) {
    throw new Error(
      'No systems are configured: set POWEROFFICE_* and CHARGEBEE_* in the environment (see README), ' +
        'or start the local sandboxes with `npx linkflow sandbox start`.',
    );
  }
  const parsed = sandboxConnectionsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return { settings: parsed, from: `the sandboxes (${file})` };
}
