/**
 * Custom CRM connector configuration. The contract (contracts/customcrm/openapi.yaml) fixes everything but
 * where the API is, its key, its rate limit and the webhook secret, which each company hands out; the same
 * code talks to the reference sandbox and to any company's implementation.
 */
import { z } from 'zod';
import { CUSTOMCRM_PAGE_LIMIT } from '../../generated/customcrm';

/** The contract asks implementations to allow at least this many requests per minute; a company may allow more. */
export const CUSTOMCRM_DEFAULT_REQUESTS_PER_MINUTE = 300;

/**
 * The contract's visibility bound: a change shows in listings within 5 s of its `updatedAt`. A change read
 * starts at a watermark this far (plus CLOCK_ALLOWANCE_MS) behind the server's clock at the previous read, so
 * that neither a late commit nor a record sharing the newest instant is missed (change-feed.ts).
 */
export const CUSTOMCRM_VISIBILITY_LAG_MS = 5000;

/**
 * How far the server's `Date` header may be from the clock that stamps `updatedAt`: the header's whole-second
 * resolution, and a second of skew between an application server and its database.
 */
export const CLOCK_ALLOWANCE_MS = 2000;

/** Without a `Date` header, linkflow's own clock stands in for the server's, allowing this much skew. */
export const LOCAL_CLOCK_ALLOWANCE_MS = 60_000;

export const customCrmConfigSchema = z.object({
  /** The base URL the company gives (`https://crm.example.com/linkflow/v1`); the resources are below it. */
  baseUrl: z.url({ error: 'the Custom CRM base URL (CUSTOMCRM_BASE_URL) is missing or not a URL' }),
  apiKey: z.string().min(1, 'the Custom CRM API key (CUSTOMCRM_API_KEY) is empty'),
  /** Verifies webhook notices (receiving them is not wired in yet; polling does not need it). */
  webhookSecret: z.string().min(1).optional(),
  requestsPerMinute: z.number().positive().default(CUSTOMCRM_DEFAULT_REQUESTS_PER_MINUTE),
  /** Records per list request; the contract's largest page by default, for the fewest requests. */
  pageSize: z.number().int().min(1).max(CUSTOMCRM_PAGE_LIMIT.maximum).default(CUSTOMCRM_PAGE_LIMIT.maximum),
  /** The implementation's visibility bound, when a company states a larger one than the contract's. */
  visibilityLagMs: z.number().int().min(0).default(CUSTOMCRM_VISIBILITY_LAG_MS),
  userAgent: z.string().min(1).default('linkflow/0.1 (Custom CRM connector)'),
  timeoutMs: z.number().int().positive().default(30_000),
  /** A 429 is waited out and retried here this often when the wait is at most `maxRateLimitWaitMs`. */
  rateLimitRetries: z.number().int().min(0).default(1),
  maxRateLimitWaitMs: z.number().int().min(0).default(5000),
});
export type CustomCrmConfig = z.output<typeof customCrmConfigSchema>;
export type CustomCrmConfigInput = z.input<typeof customCrmConfigSchema>;

/** The environment variable of each configuration field. */
export const CUSTOMCRM_ENVIRONMENT: Readonly<Record<string, keyof CustomCrmConfigInput>> = {
  CUSTOMCRM_BASE_URL: 'baseUrl',
  CUSTOMCRM_API_KEY: 'apiKey',
  CUSTOMCRM_WEBHOOK_SECRET: 'webhookSecret',
  CUSTOMCRM_REQUESTS_PER_MINUTE: 'requestsPerMinute',
  CUSTOMCRM_PAGE_SIZE: 'pageSize',
};
export const CUSTOMCRM_ENVIRONMENT_VARIABLES = Object.keys(CUSTOMCRM_ENVIRONMENT);

const NUMERIC_FIELDS: ReadonlySet<string> = new Set(['requestsPerMinute', 'pageSize']);

/**
 * The configuration from `CUSTOMCRM_*` variables, or null when none is set. Throws an error naming each
 * variable that is missing or malformed (CUSTOMCRM_BASE_URL and CUSTOMCRM_API_KEY are required once any is set).
 */
export function customCrmConfigFromEnv(env: Record<string, string | undefined>): CustomCrmConfig | null {
  const input: Record<string, string | number> = {};
  const variableOf = new Map<string, string>();
  for (const [variable, field] of Object.entries(CUSTOMCRM_ENVIRONMENT)) {
    variableOf.set(field, variable);
    const value = env[variable]?.trim();
    if (value === undefined || value === '') continue;
    input[field] = NUMERIC_FIELDS.has(field) && /^\d+$/.test(value) ? Number(value) : value;
  }
  if (Object.keys(input).length === 0) return null;
  const parsed = customCrmConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const variable = variableOf.get(field) ?? field;
    return input[field] === undefined ? `${variable} is not set` : `${variable}: ${issue.message}`;
  });
  throw new Error(`Custom CRM configuration from the environment is invalid: ${problems.join('; ')}`);
}
