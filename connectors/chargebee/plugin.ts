/** Chargebee as a linkflow plug-in (connectors/plugin.ts). */
import { defineConnectorPlugin, type ServiceDescriptor } from '../plugin';
import { createChargebeeConnector } from './chargebee-connector';
import { chargebeeConfigFromEnv, chargebeeConfigSchema, siteLabelOf, type ChargebeeConfig } from './config';
import { CHARGEBEE_SYSTEM } from './error-mapping';

const ENVIRONMENT_VARIABLES = [
  'CHARGEBEE_SITE',
  'CHARGEBEE_API_KEY',
  'CHARGEBEE_PROTOCOL',
  'CHARGEBEE_HOST_SUFFIX',
  'CHARGEBEE_PORT',
  'CHARGEBEE_REQUESTS_PER_MINUTE',
] as const;

function reported(service: ServiceDescriptor, group: 'credentials' | 'settings', name: string): string {
  const value = service[group][name];
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`The Chargebee service at ${service.baseUrl} did not report ${name}.`);
  return String(value);
}

export const chargebeeConnectorPlugin = defineConnectorPlugin<ChargebeeConfig>({
  system: CHARGEBEE_SYSTEM,
  title: 'Chargebee',
  configSchema: chargebeeConfigSchema,
  environmentVariables: ENVIRONMENT_VARIABLES,
  configFromEnv: (env) =>
    ENVIRONMENT_VARIABLES.some((name) => (env[name] ?? '').trim() !== '') ? chargebeeConfigFromEnv(env) : null,
  // The SDK builds its host as site + hostSuffix; the sandbox reports the pieces that make that 127.0.0.1.
  configFromSandbox: (service) =>
    chargebeeConfigSchema.parse({
      site: reported(service, 'settings', 'site'),
      apiKey: reported(service, 'credentials', 'apiKey'),
      protocol: 'http',
      hostSuffix: reported(service, 'settings', 'hostSuffix'),
      port: Number(reported(service, 'settings', 'port')),
      requestsPerMinute: Number(reported(service, 'settings', 'rateLimitPerMinute')),
    }),
  create: (config) => createChargebeeConnector(config),
  requestsPerMinute: (config) => config.requestsPerMinute,
  // 5 s on a live site; on a test site (150/min) the 5 % polling share stretches it (client/sync-control.ts).
  defaultPollIntervalMs: 5_000,
  describe: (config) => `site ${siteLabelOf(config)}, ${config.requestsPerMinute} requests/min`,
});
