/**
 * CRMOffice connector configuration. The same code talks to the sandbox and to the real service; only these
 * values differ. The API and the OAuth server live on different hosts (`api.crmoffice.no` and, for the one
 * public integration, `sesam.crmoffice.no`), so both bases are configured apart, and the token URL may be set
 * on its own (the public connector declares it per connection).
 *
 * Every option marked GUESS stands for something the public material does not show (README.md).
 */
import { z } from 'zod';

/** Stated: the public connector calls `https://api.crmoffice.no/<resource>`. */
export const CRMOFFICE_DEFAULT_API_BASE = 'https://api.crmoffice.no/';
/** GUESS: no limit is published; the sandbox enforces the same figure by default. */
export const CRMOFFICE_DEFAULT_REQUESTS_PER_MINUTE = 300;
/** GUESS: the largest page the API hands out (the sandbox's default). */
export const CRMOFFICE_MAX_PAGE_SIZE = 1000;

export const crmOfficeConfigSchema = z.object({
  /** Where the resources are (`<base>companies`). */
  apiBaseUrl: z.url().default(CRMOFFICE_DEFAULT_API_BASE),
  /**
   * The OAuth server's base (`<base>/connect/authorize`, `<base>/connect/token`). No default: the only host seen
   * (`https://sesam.crmoffice.no`) looks like one partner's; CRMOffice names the one for an integration.
   */
  authBaseUrl: z.url({ error: 'the CRMOffice OAuth base URL (authBaseUrl) is missing or not a URL' }),
  /** Overrides `<authBaseUrl>/connect/authorize`. */
  authorizeUrl: z.url().optional(),
  /** Overrides `<authBaseUrl>/connect/token`. */
  tokenUrl: z.url().optional(),
  clientId: z.string().min(1, 'the CRMOffice client id is empty'),
  clientSecret: z.string().min(1, 'the CRMOffice client secret is empty'),
  /**
   * A refresh token from a one-time authorization done elsewhere. The connector keeps the rotated ones in its
   * state directory; a value here different from the one it started from takes over again (README.md).
   */
  refreshToken: z.string().min(1).optional(),
  /** Stated: the public connector asks for these. */
  scopes: z.string().min(1).default('crmoffice offline_access'),
  /** GUESS: how the client authenticates at the token endpoint (HTTP Basic or form fields). */
  clientAuthentication: z.enum(['basic', 'post']).default('basic'),
  requestsPerMinute: z.number().positive().default(CRMOFFICE_DEFAULT_REQUESTS_PER_MINUTE),
  pageSize: z.number().int().positive().max(CRMOFFICE_MAX_PAGE_SIZE).default(500),
  /** GUESS: how lists page (`skip`/`take`, `page`/`pageSize`, or not at all). */
  paging: z.enum(['skipTake', 'pageNumber', 'none']).default('skipTake'),
  /** GUESS: the JSON type of ids in bodies (`company.id`); linkflow keeps ids as strings either way. */
  idFormat: z.enum(['string', 'number']).default('string'),
  /** GUESS: `patch` sends a JSON merge patch of the changed fields; a 405 answer switches to `put` by itself. */
  updateMethod: z.enum(['patch', 'put']).default('patch'),
  userAgent: z.string().min(1).default('linkflow/0.1 (CRMOffice connector)'),
  timeoutMs: z.number().int().positive().default(30_000),
  /** A 429 is waited out and retried here this often when the wait is at most `maxRateLimitWaitMs`. */
  rateLimitRetries: z.number().int().min(0).default(1),
  maxRateLimitWaitMs: z.number().int().min(0).default(5000),
  /**
   * How long one change read goes on through pages without changes before it hands back its progress, so
   * that an activity reading a long unchanged list reports back (and stores its place) now and then.
   */
  maxQuietReadMs: z.number().int().positive().default(20_000),
});
export type CrmOfficeConfig = z.output<typeof crmOfficeConfigSchema>;
export type CrmOfficeConfigInput = z.input<typeof crmOfficeConfigSchema>;

/** The environment variable of each configuration field. */
export const CRMOFFICE_ENVIRONMENT: Readonly<Record<string, keyof CrmOfficeConfigInput>> = {
  CRMOFFICE_API_BASE: 'apiBaseUrl',
  CRMOFFICE_AUTH_BASE: 'authBaseUrl',
  CRMOFFICE_AUTHORIZE_URL: 'authorizeUrl',
  CRMOFFICE_TOKEN_URL: 'tokenUrl',
  CRMOFFICE_CLIENT_ID: 'clientId',
  CRMOFFICE_CLIENT_SECRET: 'clientSecret',
  CRMOFFICE_REFRESH_TOKEN: 'refreshToken',
  CRMOFFICE_SCOPES: 'scopes',
  CRMOFFICE_CLIENT_AUTH: 'clientAuthentication',
  CRMOFFICE_REQUESTS_PER_MINUTE: 'requestsPerMinute',
  CRMOFFICE_PAGE_SIZE: 'pageSize',
  CRMOFFICE_PAGING: 'paging',
  CRMOFFICE_ID_FORMAT: 'idFormat',
  CRMOFFICE_UPDATE_METHOD: 'updateMethod',
};
export const CRMOFFICE_ENVIRONMENT_VARIABLES = Object.keys(CRMOFFICE_ENVIRONMENT);

const NUMERIC_FIELDS: ReadonlySet<string> = new Set(['requestsPerMinute', 'pageSize']);

/**
 * The configuration from `CRMOFFICE_*` variables, or null when none is set. Throws an error naming each
 * variable that is missing or malformed (CRMOFFICE_AUTH_BASE, CRMOFFICE_CLIENT_ID and CRMOFFICE_CLIENT_SECRET
 * are required once any is set).
 */
export function crmOfficeConfigFromEnv(env: Record<string, string | undefined>): CrmOfficeConfig | null {
  const input: Record<string, string | number> = {};
  const variableOf = new Map<string, string>();
  for (const [variable, field] of Object.entries(CRMOFFICE_ENVIRONMENT)) {
    variableOf.set(field, variable);
    const value = env[variable]?.trim();
    if (value === undefined || value === '') continue;
    input[field] = NUMERIC_FIELDS.has(field) && /^\d+$/.test(value) ? Number(value) : value;
  }
  if (Object.keys(input).length === 0) return null;
  const parsed = crmOfficeConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const variable = variableOf.get(field) ?? field;
    return input[field] === undefined ? `${variable} is not set` : `${variable}: ${issue.message}`;
  });
  throw new Error(`CRMOffice configuration from the environment is invalid: ${problems.join('; ')}`);
}

export const authorizeUrlOf = (config: CrmOfficeConfig): string =>
  config.authorizeUrl ?? `${config.authBaseUrl.replace(/\/+$/, '')}/connect/authorize`;

export const tokenUrlOf = (config: CrmOfficeConfig): string =>
  config.tokenUrl ?? `${config.authBaseUrl.replace(/\/+$/, '')}/connect/token`;
