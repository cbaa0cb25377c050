/** The Custom CRM as a linkflow plug-in (connectors/plugin.ts): any implementation of the contract. */
import { defineConnectorPlugin, type ServiceDescriptor } from '../plugin';
import {
  CUSTOMCRM_ENVIRONMENT_VARIABLES,
  customCrmConfigFromEnv,
  customCrmConfigSchema,
  type CustomCrmConfig,
} from './config';
import { createCustomCrmConnector } from './customcrm-connector';
import { CUSTOMCRM_SYSTEM } from './errors';
import { verifyCustomCrmWebhook } from './webhook';

function reported(service: ServiceDescriptor, group: 'credentials' | 'settings', name: string): string {
  const value = service[group][name];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`The Custom CRM service at ${service.baseUrl} did not report ${name}.`);
  }
  return String(value);
}

export const customCrmConnectorPlugin = defineConnectorPlugin<CustomCrmConfig>({
  system: CUSTOMCRM_SYSTEM,
  title: 'Custom CRM',
  configSchema: customCrmConfigSchema,
  environmentVariables: CUSTOMCRM_ENVIRONMENT_VARIABLES,
  configFromEnv: (env) => customCrmConfigFromEnv(env),
  configFromSandbox: (service) => {
    const maxPageSize = service.settings['maxPageSize'];
    return customCrmConfigSchema.parse({
      baseUrl: service.baseUrl,
      apiKey: reported(service, 'credentials', 'apiKey'),
      webhookSecret: service.credentials['webhookSecret'],
      requestsPerMinute: Number(reported(service, 'settings', 'rateLimitPerMinute')),
      ...(typeof maxPageSize === 'number' ? { pageSize: maxPageSize } : {}),
    });
  },
  create: (config) => createCustomCrmConnector(config),
  webhook: (config, delivery) => {
    if (config.webhookSecret === undefined) return { ok: false, reason: 'no webhook secret is configured' };
    const verified = verifyCustomCrmWebhook({ secret: config.webhookSecret, ...delivery });
    return verified.ok ? { ok: true, resource: verified.event.resource } : verified;
  },
  requestsPerMinute: (config) => config.requestsPerMinute,
  // A quiet change read is one request per resource. Four resources every 20 s are 12 requests a minute: 4 % of
  // the contract's least budget (300/min), under the 5 % polling share; pollers back off further while idle.
  defaultPollIntervalMs: 20_000,
  describe: (config) =>
    `${config.baseUrl} (API key), ${config.requestsPerMinute} requests/min, ${config.pageSize} a page` +
    (config.webhookSecret ? ', webhooks accepted (LINKFLOW_WEBHOOK_PORT)' : ''),
});
