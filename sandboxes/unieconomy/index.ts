/**
 * A local Uni Economy: `startUniEconomySandbox` serves the identity server and the AppFramework API of one
 * company on loopback, with state in SQLite and the test client's key pair and certificate beside the data file.
 * `uniEconomySandboxPlugin` is how linkflow starts and seeds it without naming it.
 */
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Company as UniCompany } from '../../generated/unieconomy';
import { DEFAULT_SCOPE } from '../../generated/unieconomy';
import { faultConfigSchema, type FaultConfig } from '../common/faults';
import { createSandboxHttp, type RunningSandbox } from '../common/http';
import type { SandboxPlugin } from '../common/plugin';
import { WindowRateLimiter } from '../common/rate-limiter';
import { SandboxStore } from '../common/store';
import { UniApiError } from './api-error';
import { loadOrCreateClientKeys } from './certificate';
import type { IdentitySettings } from './identity';
import { registerUniEconomyRoutes } from './routes';
import { seedUniEconomy } from './seed';

export * from './repository';
export { formatTimestamp, parseTimestamp } from './clock';
export { seedUniEconomy, uniEconomyOverlap, type UniEconomyOverlap } from './seed';

export const DEFAULT_UNIECONOMY_PORT = 4814;
export const DEFAULT_CLIENT_ID = 'linkflow-sandbox-client';
export const DEFAULT_COMPANY_KEY = '6f1c2a8e-4b7d-4e15-9a3c-1d2e3f405162';
/**
 * GUESS: Uni documents no rate limit. The sandbox enforces this many requests a minute per client (a polite
 * 10 a second) so that a client's throttling is exercised; test and production accounts get the same.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_UNIECONOMY_PORT),
  host: z.literal('127.0.0.1').default('127.0.0.1'),
  dataFile: z.string().min(1),
  faults: faultConfigSchema.partial().default({}),
  rateLimitPerMinute: z.number().int().positive().default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  /** The limit's window; tests shorten it (the limit then counts per this window, not per minute). */
  rateLimitWindowMs: z.number().int().positive().default(60_000),
  /** GUESS: IdentityServer's default lifetime; the real one is undocumented. */
  tokenTtlSeconds: z.number().int().positive().default(3600),
  clientId: z.string().min(1).default(DEFAULT_CLIENT_ID),
  companyKey: z.string().min(1).default(DEFAULT_COMPANY_KEY),
  companyName: z.string().min(1).default('Linkflow Demo AS'),
  companyOrgNumber: z.string().default('999999999'),
});
export type UniEconomySandboxOptions = z.input<typeof optionsSchema>;

export async function startUniEconomySandbox(options: UniEconomySandboxOptions): Promise<RunningSandbox> {
  const config = optionsSchema.parse(options);
  const keys = loadOrCreateClientKeys(config.dataFile, config.clientId);
  const store = new SandboxStore(config.dataFile);
  const faults: FaultConfig = faultConfigSchema.parse(config.faults);
  // A changed limit or a reset starts a fresh window, so a test that lowers the limit counts from zero.
  let limiter = new WindowRateLimiter(faults.rateLimit ?? config.rateLimitPerMinute, config.rateLimitWindowMs);
  let root = '';
  const identity: IdentitySettings = {
    client: { clientId: config.clientId, certificate: keys.certificate },
    tokenUrl: () => `${root}/connect/token`,
    tokenTtlSeconds: config.tokenTtlSeconds,
    clockSkewSeconds: 300,
  };
  const company: UniCompany = {
    ID: 1,
    Name: config.companyName,
    Key: config.companyKey,
    OrganizationNumber: config.companyOrgNumber,
  };
  const http = createSandboxHttp({
    name: 'unieconomy',
    store,
    faults,
    renderInjectedError: (reply) =>
      reply
        .code(500)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(new UniApiError(500, 'An error has occurred.').body())),
    onFaultsChanged: (changed) => {
      const limit = changed.rateLimit ?? config.rateLimitPerMinute;
      if (limit !== limiter.limit) limiter = new WindowRateLimiter(limit, config.rateLimitWindowMs);
    },
    onReset: () => {
      limiter = new WindowRateLimiter(limiter.limit, config.rateLimitWindowMs);
    },
  });
  registerUniEconomyRoutes(http.app, { store, identity, company, limiter: () => limiter, root: () => root });
  try {
    await http.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = http.app.server.address() as AddressInfo;
  root = `http://127.0.0.1:${port}`;
  const limit = faults.rateLimit ?? config.rateLimitPerMinute;
  return {
    name: 'unieconomy',
    // The AppFramework host: the connector adds /api/biz/… itself, as it does for the real host.
    baseUrl: root,
    credentials: {
      clientId: config.clientId,
      privateKeyPem: keys.privateKeyPem,
      certificatePem: keys.certificatePem,
      companyKey: config.companyKey,
    },
    settings: {
      tokenUrl: identity.tokenUrl(),
      identityUrl: root,
      scope: DEFAULT_SCOPE,
      companyName: config.companyName,
      certificateThumbprint: keys.thumbprint,
      ...(keys.privateKeyFile ? { privateKeyFile: keys.privateKeyFile } : {}),
      ...(keys.certificateFile ? { certificateFile: keys.certificateFile } : {}),
      rateLimitPerMinute: limit,
      rateLimit: `${limit} requests/min per client (an assumption: Uni documents no limit)`,
      tokenTtlSeconds: config.tokenTtlSeconds,
      dataFile: config.dataFile,
    },
    store,
    http,
    close: async () => {
      await http.app.close();
      store.close();
    },
  };
}

export const uniEconomySandboxPlugin: SandboxPlugin = {
  system: 'unieconomy',
  title: 'Uni Economy',
  defaultPort: DEFAULT_UNIECONOMY_PORT,
  rateLimitUnit: 'minute',
  start: (options) =>
    startUniEconomySandbox({
      port: options.port,
      dataFile: options.dataFile,
      ...(options.faults ? { faults: options.faults } : {}),
      // No production limit is documented either: productionLimits changes nothing (said in describe).
      ...(options.rateLimit !== undefined ? { rateLimitPerMinute: options.rateLimit } : {}),
    }),
  seed: (sandbox, company) => seedUniEconomy(sandbox.store, company),
  describe: (sandbox) => {
    const settings = sandbox.settings;
    return [
      `Identity server ${String(settings['tokenUrl'])} (client credentials with a signed client assertion, scope ${String(settings['scope'])})`,
      `Company "${String(settings['companyName'])}", CompanyKey ${sandbox.credentials['companyKey'] ?? ''}`,
      `Client certificate ${String(settings['certificateFile'] ?? '(in memory)')}, private key ${String(settings['privateKeyFile'] ?? '(in memory)')}`,
      `Rate limit ${String(settings['rateLimit'])}; test and production accounts alike`,
    ];
  },
};
