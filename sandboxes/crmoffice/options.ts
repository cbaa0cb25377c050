/**
 * Start-up options of the CRMOffice sandbox. Every behaviour the public material leaves open is an option
 * here, set by default to the sandbox's best guess (README.md lists each one), so that a test or a user who
 * learns how the real API behaves can switch the sandbox over without editing it.
 */
import { z } from 'zod';
import { faultConfigSchema } from '../common/faults';

export const DEFAULT_CRMOFFICE_PORT = 4813;

/** GUESS: no limit is published. 300 requests per minute per user is a cautious figure for a small SaaS API. */
export const GUESSED_RATE_LIMIT_PER_MINUTE = 300;

/** Stated: the access token "only lasts for ~1 hour". */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** GUESS: the largest page the list endpoints hand out. */
export const MAX_PAGE_SIZE = 1000;

/** The sandbox's integration, as CRMOffice would issue it to linkflow (the real ones come from CRMOffice). */
export const SANDBOX_CLIENT = {
  clientId: 'linkflow-sandbox',
  clientSecret: 'crmoffice-sandbox-secret-0000-linkflowdemo',
} as const;

/** The user the authorize page signs in (automatically) and the start-up refresh token belongs to. */
export const SANDBOX_USER = { id: 'u-1', userName: 'test.user@linkflow-demo.no' } as const;

/**
 * How lists page (GUESS: the public connector configures no paging at all):
 * - `skipTake`: `?skip=<offset>&take=<count>`, the sandbox's default;
 * - `pageNumber`: `?page=<1-based>&pageSize=<count>`;
 * - `none`: every record in one answer, paging parameters ignored.
 * Without paging parameters every style answers the whole list, as the public connector expects.
 */
export const PAGING_STYLES = ['skipTake', 'pageNumber', 'none'] as const;
export type PagingStyle = (typeof PAGING_STYLES)[number];

/** GUESS: GUID strings (`guid`) or JSON integers (`integer`) as record ids. */
export const ID_STYLES = ['guid', 'integer'] as const;
export type IdStyle = (typeof ID_STYLES)[number];

export const crmOfficeSandboxOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_CRMOFFICE_PORT),
  host: z.literal('127.0.0.1').default('127.0.0.1'),
  dataFile: z.string().min(1),
  faults: faultConfigSchema.partial().default({}),
  rateLimitPerMinute: z.number().int().positive().default(GUESSED_RATE_LIMIT_PER_MINUTE),
  accessTokenTtlSeconds: z.number().int().positive().default(ACCESS_TOKEN_TTL_SECONDS),
  /** GUESS: how long an authorization code stays redeemable. */
  authorizationCodeTtlSeconds: z.number().int().positive().default(300),
  /**
   * Where the OAuth server lives below the sandbox's root. The real one is on another host than the API
   * (`/connect/authorize` and `/connect/token` there); a prefix here makes a client that mixes the two bases fail.
   */
  authPathPrefix: z
    .string()
    .regex(/^(\/[a-z0-9-]+)+$/, 'authPathPrefix is a path such as /auth')
    .default('/auth'),
  paging: z.enum(PAGING_STYLES).default('skipTake'),
  maxPageSize: z.number().int().positive().default(MAX_PAGE_SIZE),
  idStyle: z.enum(ID_STYLES).default('guid'),
  /** GUESS: whether `PATCH` (JSON merge patch) exists beside `PUT` (full replacement). */
  patchSupported: z.boolean().default(true),
  client: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).default({ ...SANDBOX_CLIENT }),
});
export type CrmOfficeSandboxOptions = z.input<typeof crmOfficeSandboxOptionsSchema>;
export type CrmOfficeSandboxConfig = z.output<typeof crmOfficeSandboxOptionsSchema>;
