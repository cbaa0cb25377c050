/** The PowerOffice GO sandbox as a plug-in (sandboxes/common/plugin.ts): the ERP the dataflows read from. */
import type { SandboxPlugin } from '../common/plugin';
import { loadIntoPowerOffice } from '../seeder';
import { DEFAULT_POWEROFFICE_PORT, startPowerOfficeSandbox } from './index';

/** PowerOffice GO publishes one limit for every subscription: 10 requests per second per subscription key. */
const REAL_LIMIT_PER_SECOND = 10;

export const powerOfficeSandboxPlugin: SandboxPlugin = {
  system: 'poweroffice-go',
  title: 'PowerOffice GO',
  defaultPort: DEFAULT_POWEROFFICE_PORT,
  rateLimitUnit: 'second',
  start: (options) =>
    startPowerOfficeSandbox({
      port: options.port,
      dataFile: options.dataFile,
      ...(options.faults ? { faults: options.faults } : {}),
      rateLimitPerSecond: options.rateLimit ?? REAL_LIMIT_PER_SECOND,
    }),
  seed: (sandbox, company) => {
    const loaded = loadIntoPowerOffice(sandbox.store, company);
    return { ...loaded };
  },
  describe: (sandbox) => [
    `token URL        ${String(sandbox.settings.tokenUrl)}`,
    `rate limit       ${String(sandbox.settings.rateLimitPerSecond)} requests/s per subscription key`,
  ],
};
