/** PowerOffice GO as a linkflow plug-in (connectors/plugin.ts). */
import { defineConnectorPlugin, type ServiceDescriptor } from '../plugin';
import { powerOfficeConfigFromEnv, powerOfficeConfigSchema, type PowerOfficeConfig } from './config';
import { POWEROFFICE_SYSTEM } from './errors';
import { createPowerOfficeConnector } from './index';

const ENVIRONMENT_VARIABLES = [
  'POWEROFFICE_APPLICATION_KEY',
  'POWEROFFICE_CLIENT_KEY',
  'POWEROFFICE_SUBSCRIPTION_KEY',
  'POWEROFFICE_API_BASE',
  'POWEROFFICE_TOKEN_URL',
  'POWEROFFICE_REQUESTS_PER_SECOND',
  'POWEROFFICE_USER_AGENT',
] as const;

function reported(service: ServiceDescriptor, group: 'credentials' | 'settings', name: string): string {
  const value = service[group][name];
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`The PowerOffice GO service at ${service.baseUrl} did not report ${name}.`);
  return String(value);
}

export const powerOfficeConnectorPlugin = defineConnectorPlugin<PowerOfficeConfig>({
  system: POWEROFFICE_SYSTEM,
  title: 'PowerOffice GO',
  configSchema: powerOfficeConfigSchema,
  environmentVariables: ENVIRONMENT_VARIABLES,
  configFromEnv: (env) =>
    ENVIRONMENT_VARIABLES.some((name) => (env[name] ?? '').trim() !== '') ? powerOfficeConfigFromEnv(env) : null,
  configFromSandbox: (service) =>
    powerOfficeConfigSchema.parse({
      baseUrl: service.baseUrl,
      tokenUrl: reported(service, 'settings', 'tokenUrl'),
      applicationKey: reported(service, 'credentials', 'applicationKey'),
      clientKey: reported(service, 'credentials', 'clientKey'),
      subscriptionKey: reported(service, 'credentials', 'subscriptionKey'),
      requestsPerSecond: Number(reported(service, 'settings', 'rateLimitPerSecond')),
    }),
  create: (config) => createPowerOfficeConnector(config),
  requestsPerMinute: (config) => config.requestsPerSecond * 60,
  // 5 s keeps polling of its resources under 5 % of 10 requests/s, and pollers back off while idle.
  defaultPollIntervalMs: 5_000,
  describe: (config) => `${config.baseUrl}, ${config.requestsPerSecond} requests/s`,
});
