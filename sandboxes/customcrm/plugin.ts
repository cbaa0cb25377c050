/** The Custom CRM sandbox as a plug-in (sandboxes/common/plugin.ts): linkflow's reference implementation of the contract. */
import type { SandboxPlugin } from '../common/plugin';
import { customCrmOwnOptionsSchema, DEFAULT_CUSTOMCRM_PORT, DEFAULT_RATE_LIMIT_PER_MINUTE } from './options';
import { seedCustomCrm } from './seed';
import { repositoryOf, startCustomCrmSandbox } from './start';

export const customCrmSandboxPlugin: SandboxPlugin = {
  system: 'customcrm',
  title: 'Custom CRM',
  defaultPort: DEFAULT_CUSTOMCRM_PORT,
  rateLimitUnit: 'minute',
  start: (options) => {
    const own = customCrmOwnOptionsSchema.parse(options.own ?? {});
    return startCustomCrmSandbox({
      port: options.port,
      dataFile: options.dataFile,
      ...(options.faults ? { faults: options.faults } : {}),
      // The contract names no separate production limit: productionLimits changes nothing.
      rateLimitPerMinute: options.rateLimit ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      ...own,
    });
  },
  seed: (sandbox, company) => seedCustomCrm(repositoryOf(sandbox), company),
  describe: (sandbox) => [
    `contract         Custom CRM ${String(sandbox.settings.contractVersion)} (contracts/customcrm/openapi.yaml)`,
    `API key          credentials.apiKey, sent as Authorization: Bearer <key>`,
    `rate limit       ${String(sandbox.settings.rateLimit)}`,
    `webhooks         signed with credentials.webhookSecret; target: PUT ${String(sandbox.settings.webhookAdminUrl)} {"url": …}`,
    ...(sandbox.settings.deviations !== 'none'
      ? [`DEVIATIONS       ${String(sandbox.settings.deviations)} (breaks the contract on purpose)`]
      : []),
  ],
};
