/** Start-up options of the Chargebee sandbox, checked with zod. */
import { z } from 'zod';
import { faultConfigSchema } from '../common/faults';

export const DEFAULT_CHARGEBEE_PORT = 4812;
export const DEFAULT_SITE = 'linkflow-test';
/** A fixed key so the demo and tests can be configured without reading anything back. */
export const DEFAULT_API_KEY = 'test_linkflowSandboxKey0000000000000';
/** A Chargebee test site allows 150 requests a minute; a live Performance site 1,000. */
export const TEST_SITE_RATE_LIMIT = 150;

export const chargebeeSandboxOptionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(DEFAULT_CHARGEBEE_PORT),
  dataFile: z.string().min(1),
  site: z.string().min(1).default(DEFAULT_SITE),
  apiKey: z.string().min(1).default(DEFAULT_API_KEY),
  faults: faultConfigSchema.partial().default({}),
  rateLimitPerMinute: z.number().int().positive().default(TEST_SITE_RATE_LIMIT),
  legacyOrders: z.boolean().default(true),
  customFields: z
    .array(z.string().regex(/^cf_[a-z0-9_]+$/, 'custom fields are named cf_<name>'))
    .default(['cf_org_number']),
  baseCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('NOK'),
});
export type ChargebeeSandboxOptions = z.input<typeof chargebeeSandboxOptionsSchema>;
