/** The CRMOffice sandbox as a plug-in (sandboxes/common/plugin.ts): a target of the PowerOffice GO dataflow. */
import type { SandboxPlugin } from '../common/plugin';
import { issueRefreshToken } from './oauth';
import {
  DEFAULT_CRMOFFICE_PORT,
  GUESSED_RATE_LIMIT_PER_MINUTE,
  ID_STYLES,
  SANDBOX_USER,
  type IdStyle,
} from './options';
import { seedCrmOffice } from './seed';
import { startCrmOfficeSandbox } from './start';

const idStyleOf = (value: unknown): IdStyle =>
  (ID_STYLES as readonly unknown[]).includes(value) ? (value as IdStyle) : 'guid';

export const crmOfficeSandboxPlugin: SandboxPlugin = {
  system: 'crmoffice',
  title: 'CRMOffice',
  defaultPort: DEFAULT_CRMOFFICE_PORT,
  rateLimitUnit: 'minute',
  start: (options) =>
    startCrmOfficeSandbox({
      port: options.port,
      dataFile: options.dataFile,
      ...(options.faults ? { faults: options.faults } : {}),
      // CRMOffice publishes no limit, and no separate production limit either: productionLimits changes nothing.
      rateLimitPerMinute: options.rateLimit ?? GUESSED_RATE_LIMIT_PER_MINUTE,
    }),
  // linkflow's worker uses the refresh token issued at start; a second client (a test acting as a person) gets
  // its own, as a second person's authorization would give it.
  anotherClient: (sandbox) => ({
    baseUrl: sandbox.baseUrl,
    settings: sandbox.settings,
    credentials: {
      ...sandbox.credentials,
      refreshToken: issueRefreshToken(
        sandbox.store,
        String(sandbox.credentials.clientId),
        String(sandbox.settings.scopes),
        SANDBOX_USER.id,
      ),
    },
  }),
  seed: (sandbox, company) => seedCrmOffice(sandbox.store, company, idStyleOf(sandbox.settings.idStyle)),
  describe: (sandbox) => [
    `OAuth            ${String(sandbox.settings.authorizeUrl)} (approves ${String(sandbox.settings.testUser)} at once)`,
    `token URL        ${String(sandbox.settings.tokenUrl)} (scopes ${String(sandbox.settings.scopes)})`,
    `refresh token    issued at start for the test user (credentials.refreshToken); it rotates on every use`,
    `rate limit       ${String(sandbox.settings.rateLimit)}`,
    `paging           ${String(sandbox.settings.paging)}, at most ${String(sandbox.settings.maxPageSize)} a page; no change filter (none is known)`,
  ],
};
