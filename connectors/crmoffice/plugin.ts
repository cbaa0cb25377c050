/** CRMOffice as a linkflow plug-in (connectors/plugin.ts). */
import { defineConnectorPlugin, type ServiceDescriptor } from '../plugin';
import {
  CRMOFFICE_ENVIRONMENT_VARIABLES,
  crmOfficeConfigFromEnv,
  crmOfficeConfigSchema,
  tokenUrlOf,
  type CrmOfficeConfig,
} from './config';
import { authorizeCrmOfficeWithLoopback } from './authorize';
import { createCrmOfficeConnector } from './crmoffice-connector';
import { CRMOFFICE_SYSTEM } from './errors';

function reported(service: ServiceDescriptor, group: 'credentials' | 'settings', name: string): string {
  const value = service[group][name];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`The CRMOffice service at ${service.baseUrl} did not report ${name}.`);
  }
  return String(value);
}

/** A setting the service may leave out (the connector's guess then stands). */
function optional(service: ServiceDescriptor, name: string): string | number | boolean | undefined {
  return service.settings[name];
}

export const crmOfficeConnectorPlugin = defineConnectorPlugin<CrmOfficeConfig>({
  system: CRMOFFICE_SYSTEM,
  title: 'CRMOffice',
  configSchema: crmOfficeConfigSchema,
  environmentVariables: CRMOFFICE_ENVIRONMENT_VARIABLES,
  configFromEnv: (env) => crmOfficeConfigFromEnv(env),
  configFromSandbox: (service) =>
    crmOfficeConfigSchema.parse({
      apiBaseUrl: service.baseUrl,
      authBaseUrl: reported(service, 'settings', 'authBaseUrl'),
      tokenUrl: optional(service, 'tokenUrl'),
      authorizeUrl: optional(service, 'authorizeUrl'),
      clientId: reported(service, 'credentials', 'clientId'),
      clientSecret: reported(service, 'credentials', 'clientSecret'),
      // The sandbox's stand-in for the one-time authorization: a refresh token it issued at start.
      refreshToken: service.credentials['refreshToken'],
      requestsPerMinute: Number(reported(service, 'settings', 'rateLimitPerMinute')),
      paging: optional(service, 'paging'),
      pageSize: Math.min(500, Number(optional(service, 'maxPageSize') ?? 500)),
      idFormat: optional(service, 'idStyle') === 'integer' ? 'number' : 'string',
      updateMethod: optional(service, 'patchSupported') === false ? 'put' : 'patch',
    }),
  create: (config, context) => createCrmOfficeConnector(config, context),
  authorize: async (config, context, show) => {
    const result = await authorizeCrmOfficeWithLoopback(config, context, { openAuthorizeUrl: show });
    return `Authorized (scopes ${result.scope}); the refresh token is kept in ${result.tokenFile}.`;
  },
  requestsPerMinute: (config) => config.requestsPerMinute,
  // Without a change filter every pass re-reads the whole list (⌊N/P⌋ + 1 requests per resource). At the guessed
  // 300 requests/minute, 5 % is 15 a minute: one pass a minute over both resources stays within it up to about
  // 3,000 records each at 500 a page; pollers back off further while idle.
  defaultPollIntervalMs: 60_000,
  describe: (config) =>
    `${config.apiBaseUrl} (OAuth ${tokenUrlOf(config)}, client ${config.clientId}), ${config.requestsPerMinute} requests/min, ${config.pageSize} a page`,
});
