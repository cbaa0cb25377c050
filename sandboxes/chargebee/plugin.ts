/** The Chargebee sandbox as a plug-in (sandboxes/common/plugin.ts). */
import { z } from 'zod';
import type { SandboxPlugin } from '../common/plugin';
import { chargebeeOverlap } from '../seeder';
import { DEFAULT_CHARGEBEE_PORT, startChargebeeSandbox } from './index';
import { getCustomer, insertCustomer } from './repository';

/** A live Chargebee site on the Performance plan allows 1,000 requests a minute (a test site 150). */
export const LIVE_SITE_RATE_LIMIT = 1000;

/** `legacyOrders`: whether the site has the legacy Orders API switched on (default true, as most older sites). */
const ownOptionsSchema = z.object({ legacyOrders: z.boolean().optional() }).strict();

export const chargebeeSandboxPlugin: SandboxPlugin = {
  system: 'chargebee',
  title: 'Chargebee',
  defaultPort: DEFAULT_CHARGEBEE_PORT,
  rateLimitUnit: 'minute',
  start: (options) => {
    const limit = options.rateLimit ?? (options.productionLimits ? LIVE_SITE_RATE_LIMIT : undefined);
    const own = ownOptionsSchema.parse(options.own ?? {});
    return startChargebeeSandbox({
      ...own,
      port: options.port,
      dataFile: options.dataFile,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(limit !== undefined ? { rateLimitPerMinute: limit } : {}),
    });
  },
  // Customers that already exist in Chargebee before the first sync, for link-first to find.
  seed: (sandbox, company) => {
    let customers = 0;
    for (const customer of chargebeeOverlap(company)) {
      if (getCustomer(sandbox.store, customer.id)) continue;
      insertCustomer(sandbox.store, customer);
      customers += 1;
    }
    return { customers };
  },
  describe: (sandbox) => [
    `SDK settings     site=${String(sandbox.settings.site)} hostSuffix=${String(sandbox.settings.hostSuffix)} protocol=${String(sandbox.settings.protocol)} port=${String(sandbox.settings.port)}`,
    `rate limit       ${String(sandbox.settings.rateLimitPerMinute)} requests/min per site`,
  ],
};
