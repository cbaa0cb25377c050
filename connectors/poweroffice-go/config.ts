/**
 * PowerOffice GO v2 connector configuration. The same code talks to the sandbox and to the real service: only
 * these values differ (base URL, token URL and the three keys), read from the environment in production.
 */
import { z } from 'zod';

export const POWEROFFICE_DEFAULT_API_BASE = 'https://goapi.poweroffice.net/v2';
export const POWEROFFICE_DEFAULT_TOKEN_URL = 'https://goapi.poweroffice.net/OAuth/Token';

export const powerOfficeConfigSchema = z.object({
  /** API base including `/v2`, without a trailing slash needed. */
  baseUrl: z.url().default(POWEROFFICE_DEFAULT_API_BASE),
  tokenUrl: z.url().default(POWEROFFICE_DEFAULT_TOKEN_URL),
  /** The integration's key: the OAuth client_id. */
  applicationKey: z.string().min(1, 'PowerOffice applicationKey is empty (env POWEROFFICE_APPLICATION_KEY)'),
  /** The PowerOffice client's (tenant's) key: the OAuth client_secret. */
  clientKey: z.string().min(1, 'PowerOffice clientKey is empty (env POWEROFFICE_CLIENT_KEY)'),
  /** The APIM subscription key, sent on every call including the token call. */
  subscriptionKey: z.string().min(1, 'PowerOffice subscriptionKey is empty (env POWEROFFICE_SUBSCRIPTION_KEY)'),
  /** Client-side budget; PowerOffice allows 10 requests/s per subscription key. */
  requestsPerSecond: z.number().positive().default(10),
  /** PowerOffice asks integrations to identify themselves. */
  userAgent: z.string().min(1).default('linkflow/0.1 (PowerOffice GO connector; https://github.com/linkflow)'),
  /** Deadline per HTTP request. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Page size for listings (the API's default is 5000, its maximum 20 000). */
  pageSize: z.number().int().positive().max(20_000).default(1000),
  /** How far before the cursor a change read starts again ; see connectors/common/change-cursor. */
  changeOverlapMs: z.number().int().min(0).default(1000),
  /**
   * How often the transport itself waits and retries a 429 before throwing RateLimitedError (whose
   * retryAfterMs the caller's retry policy honours). Only waits up to `maxRateLimitWaitMs`.
   */
  rateLimitRetries: z.number().int().min(0).default(1),
  maxRateLimitWaitMs: z.number().int().min(0).default(5000),
});
export type PowerOfficeConfig = z.infer<typeof powerOfficeConfigSchema>;
export type PowerOfficeConfigInput = z.input<typeof powerOfficeConfigSchema>;

const envSchema = z.object({
  POWEROFFICE_API_BASE: z.string().optional(),
  POWEROFFICE_TOKEN_URL: z.string().optional(),
  POWEROFFICE_APPLICATION_KEY: z.string().optional(),
  POWEROFFICE_CLIENT_KEY: z.string().optional(),
  POWEROFFICE_SUBSCRIPTION_KEY: z.string().optional(),
  POWEROFFICE_REQUESTS_PER_SECOND: z.string().optional(),
  POWEROFFICE_USER_AGENT: z.string().optional(),
});

/** Reads the configuration from environment variables; throws a zod error naming the missing variable's field. */
export function powerOfficeConfigFromEnv(env: Record<string, string | undefined> = process.env): PowerOfficeConfig {
  const vars = envSchema.parse(env);
  const nonEmpty = (value: string | undefined): string | undefined =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  const rate = nonEmpty(vars.POWEROFFICE_REQUESTS_PER_SECOND);
  return powerOfficeConfigSchema.parse({
    baseUrl: nonEmpty(vars.POWEROFFICE_API_BASE),
    tokenUrl: nonEmpty(vars.POWEROFFICE_TOKEN_URL),
    applicationKey: nonEmpty(vars.POWEROFFICE_APPLICATION_KEY) ?? '',
    clientKey: nonEmpty(vars.POWEROFFICE_CLIENT_KEY) ?? '',
    subscriptionKey: nonEmpty(vars.POWEROFFICE_SUBSCRIPTION_KEY) ?? '',
    requestsPerSecond: rate === undefined ? undefined : Number(rate),
    userAgent: nonEmpty(vars.POWEROFFICE_USER_AGENT),
  });
}
