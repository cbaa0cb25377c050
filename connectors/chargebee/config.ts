/**
 * Connector configuration. The same code talks to a real Chargebee site and to the sandbox: only the site,
 * the key and (for the sandbox) protocol, host suffix and port differ.
 */
import { z } from 'zod';

/** Chargebee's published limit for test sites and Starter live sites (reference §5). */
export const DEFAULT_REQUESTS_PER_MINUTE = 150;

export const chargebeeConfigSchema = z.object({
  /** The site name as in `https://<site>.chargebee.com` (test sites usually end in `-test`). */
  site: z.string().min(1, 'the Chargebee site name is empty'),
  apiKey: z.string().min(1, 'the Chargebee API key is empty'),
  protocol: z.enum(['https', 'http']).default('https'),
  /** Defaults to the SDK's `.chargebee.com`; the sandbox passes its own so that the host is 127.0.0.1. */
  hostSuffix: z.string().min(1).optional(),
  port: z.number().int().positive().max(65535).optional(),
  /** The site's request budget; the connector stays under it so that 429s stay rare. */
  requestsPerMinute: z.number().int().positive().default(DEFAULT_REQUESTS_PER_MINUTE),
  /** Client-side timeout of one HTTP call. The SDK's own default (80 s) outlives a typical activity attempt. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** The item family every item linkflow creates goes into; the connector creates it when missing. */
  itemFamilyId: z.string().min(1).max(50).default('linkflow'),
  /**
   * Seconds re-read before the change cursor. Chargebee filters `updated_at` in whole seconds and exclusively,
   * so at least 1 is needed not to skip an edit made in the cursor's own second (decisions 12).
   */
  changeOverlapSeconds: z.number().int().min(1).default(2),
  /**
   * How messages name the site. Defaults to the site name, or to host and port when a host suffix points the
   * SDK elsewhere (a sandbox reached as site `127` + suffix `.0.0.1` is named `127.0.0.1:<port>`).
   */
  siteLabel: z.string().min(1).optional(),
});
export type ChargebeeConfigInput = z.input<typeof chargebeeConfigSchema>;
export type ChargebeeConfig = z.output<typeof chargebeeConfigSchema>;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const optionalInteger = (variable: string) =>
  optionalText.pipe(z.string().regex(/^\d+$/, `${variable} must be a whole number`).transform(Number).optional());

const chargebeeEnvSchema = z.object({
  CHARGEBEE_SITE: optionalText.pipe(z.string({ error: 'CHARGEBEE_SITE is not set' })),
  CHARGEBEE_API_KEY: optionalText.pipe(z.string({ error: 'CHARGEBEE_API_KEY is not set' })),
  CHARGEBEE_PROTOCOL: optionalText.pipe(
    z.enum(['https', 'http'], { error: 'CHARGEBEE_PROTOCOL must be https or http' }).optional(),
  ),
  CHARGEBEE_HOST_SUFFIX: optionalText,
  CHARGEBEE_PORT: optionalInteger('CHARGEBEE_PORT'),
  CHARGEBEE_REQUESTS_PER_MINUTE: optionalInteger('CHARGEBEE_REQUESTS_PER_MINUTE'),
});

/**
 * Reads the connector configuration from environment variables: CHARGEBEE_SITE and CHARGEBEE_API_KEY, and
 * for sandboxes CHARGEBEE_PROTOCOL, CHARGEBEE_HOST_SUFFIX and CHARGEBEE_PORT; CHARGEBEE_REQUESTS_PER_MINUTE
 * defaults to 150. Throws an error naming the variable when one is missing or malformed.
 */
export function chargebeeConfigFromEnv(env: Record<string, string | undefined>): ChargebeeConfig {
  const parsed = chargebeeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new Error(`Chargebee configuration from the environment is invalid: ${problems}`);
  }
  const vars = parsed.data;
  return chargebeeConfigSchema.parse({
    site: vars.CHARGEBEE_SITE,
    apiKey: vars.CHARGEBEE_API_KEY,
    protocol: vars.CHARGEBEE_PROTOCOL,
    hostSuffix: vars.CHARGEBEE_HOST_SUFFIX,
    port: vars.CHARGEBEE_PORT,
    requestsPerMinute: vars.CHARGEBEE_REQUESTS_PER_MINUTE,
  });
}

export function siteLabelOf(config: ChargebeeConfig): string {
  if (config.siteLabel !== undefined) return config.siteLabel;
  if (config.hostSuffix === undefined) return config.site;
  return `${config.site}${config.hostSuffix}${config.port !== undefined ? `:${config.port}` : ''}`;
}
