/**
 * The Chargebee v2 sandbox (Product Catalog 2.0): a local server the official `chargebee` SDK reaches
 * unmodified. One sandbox is one site; requests are told apart by API key, not host name, because the SDK
 * builds its host as `site + hostSuffix` and only `127.0.0.1` resolves here:
 *
 *   new Chargebee({ site: '127', hostSuffix: '.0.0.1', protocol: 'http', port, apiKey })
 *
 * `settings` of the running sandbox carry exactly those values.
 */
import type { AddressInfo } from 'node:net';
import { createSandboxHttp, type RunningSandbox } from '../common/http';
import { WindowRateLimiter } from '../common/rate-limiter';
import { SandboxStore } from '../common/store';
import { installApi, sendError, API_PATH } from './api';
import { internalError } from './api-error';
import { IdempotencyStore } from './idempotency';
import { chargebeeSandboxOptionsSchema, type ChargebeeSandboxOptions } from './options';
import { createViews, registerRoutes } from './routes';
import type { SiteConfig } from './site';

export {
  DEFAULT_API_KEY,
  DEFAULT_CHARGEBEE_PORT,
  DEFAULT_SITE,
  TEST_SITE_RATE_LIMIT,
  type ChargebeeSandboxOptions,
} from './options';

const RATE_WINDOW_MS = 60_000;

export async function startChargebeeSandbox(options: ChargebeeSandboxOptions): Promise<RunningSandbox> {
  const config = chargebeeSandboxOptionsSchema.parse(options);
  const site: SiteConfig = {
    site: config.site,
    apiKey: config.apiKey,
    customFields: config.customFields,
    legacyOrders: config.legacyOrders,
    baseCurrency: config.baseCurrency,
  };
  const store = new SandboxStore(config.dataFile);
  const views = createViews(store);
  // A changed limit (the faults' rateLimit override) or a reset starts a fresh window, so a test that lowers
  // the limit counts from zero rather than from whatever ran before it.
  let limiter = new WindowRateLimiter(config.faults.rateLimit ?? config.rateLimitPerMinute, RATE_WINDOW_MS);
  const renewLimiter = (limit: number) => {
    limiter = new WindowRateLimiter(limit, RATE_WINDOW_MS);
  };

  const http = createSandboxHttp({
    name: 'chargebee',
    store,
    faults: { errorRate: 0, latencyMs: 0, dropRate: 0, rateLimit: null, ...config.faults },
    renderInjectedError: (reply) => sendError(reply, internalError()),
    onFaultsChanged: (faults) => {
      const limit = faults.rateLimit ?? config.rateLimitPerMinute;
      if (limit !== limiter.limit) renewLimiter(limit);
    },
    onReset: () => {
      for (const view of Object.values(views)) view.clear();
      renewLimiter(limiter.limit);
    },
  });
  const router = installApi(http.app, site, () => limiter, new IdempotencyStore(store, site.site));
  registerRoutes(router, store, site, views);

  try {
    await http.app.listen({ host: '127.0.0.1', port: config.port });
  } catch (error) {
    store.close();
    throw error;
  }
  const port = (http.app.server.address() as AddressInfo).port;

  return {
    name: 'chargebee',
    baseUrl: `http://127.0.0.1:${port}${API_PATH}`,
    credentials: { site: site.site, apiKey: site.apiKey },
    settings: {
      protocol: 'http',
      site: '127',
      hostSuffix: '.0.0.1',
      port,
      chargebeeSite: site.site,
      rateLimitPerMinute: config.rateLimitPerMinute,
      legacyOrders: site.legacyOrders,
      customFields: site.customFields.join(','),
    },
    store,
    http,
    close: async () => {
      await http.app.close();
      store.close();
    },
  };
}
