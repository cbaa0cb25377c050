/**
 * A local PowerOffice GO v2 API: `startPowerOfficeSandbox` serves the token endpoint at /OAuth/Token and the
 * API under /v2 on loopback, with state in SQLite.
 */
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { faultConfigSchema, type FaultConfig } from '../common/faults';
import { createSandboxHttp, type RunningSandbox } from '../common/http';
import { WindowRateLimiter } from '../common/rate-limiter';
import { SandboxStore } from '../common/store';
import { DEMO_CREDENTIALS, type PowerOfficeCredentials } from './auth';
import { PowerOfficeProblem } from './problems';
import { registerPowerOfficeRoutes } from './routes';

export { DEMO_CREDENTIALS, type PowerOfficeCredentials } from './auth';
export * from './repository';
export { POWEROFFICE_RESOURCES, PRODUCT_GROUPS, type PowerOfficeResource, type Dto } from './resources';
export { formatTimestamp, parseTimestamp } from './clock';

export const DEFAULT_POWEROFFICE_PORT = 4811;

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_POWEROFFICE_PORT),
  host: z.literal('127.0.0.1').default('127.0.0.1'),
  dataFile: z.string().min(1),
  faults: faultConfigSchema.partial().default({}),
  /** The real default product subscription allows 10 requests per second per subscription key. */
  rateLimitPerSecond: z.number().int().positive().default(10),
  tokenTtlSeconds: z.number().int().positive().default(1200),
  credentials: z
    .object({ applicationKey: z.string().min(1), clientKey: z.string().min(1), subscriptionKey: z.string().min(1) })
    .default(DEMO_CREDENTIALS),
});

export interface PowerOfficeSandboxOptions {
  port?: number;
  host?: '127.0.0.1';
  dataFile: string;
  faults?: Partial<FaultConfig>;
  rateLimitPerSecond?: number;
  tokenTtlSeconds?: number;
  credentials?: PowerOfficeCredentials;
}

export async function startPowerOfficeSandbox(options: PowerOfficeSandboxOptions): Promise<RunningSandbox> {
  const config = optionsSchema.parse(options);
  const store = new SandboxStore(config.dataFile);
  const faults = faultConfigSchema.parse(config.faults);
  const limiter = new WindowRateLimiter(faults.rateLimit ?? config.rateLimitPerSecond, 1000);
  const http = createSandboxHttp({
    name: 'poweroffice-go',
    store,
    faults,
    renderInjectedError: (reply) =>
      reply
        .code(500)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(
          JSON.stringify(
            new PowerOfficeProblem(500, 'An unexpected error occurred.', 'Injected fault (sandbox).').body(''),
          ),
        ),
    onFaultsChanged: (changed) => {
      limiter.limit = changed.rateLimit ?? config.rateLimitPerSecond;
    },
  });
  registerPowerOfficeRoutes(http.app, {
    store,
    credentials: config.credentials,
    limiter,
    tokenTtlSeconds: config.tokenTtlSeconds,
  });
  try {
    await http.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = http.app.server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  return {
    name: 'poweroffice-go',
    baseUrl: `${root}/v2`,
    credentials: { ...config.credentials },
    settings: {
      tokenUrl: `${root}/OAuth/Token`,
      rateLimitPerSecond: faults.rateLimit ?? config.rateLimitPerSecond,
      rateLimit: `${faults.rateLimit ?? config.rateLimitPerSecond} requests/s per subscription key`,
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
