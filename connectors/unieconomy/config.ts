/**
 * Uni Economy connector configuration. The same code talks to the sandbox and to the real service: only these
 * values differ. The developer portal hands an integrator a client id and a certificate with its private key
 * (a PKCS#12 file; convert it once to PEM: `openssl pkcs12 -in client.p12 -nocerts -nodes -out key.pem` and
 * `-clcerts -nokeys -out cert.pem`), and the company's key is the `Key` of the company in
 * `GET /api/init/companies`.
 */
import fs from 'node:fs';
import { z } from 'zod';
import type { ServiceDescriptor } from '../plugin';
import { DEFAULT_SCOPE } from '../../generated/unieconomy';

/**
 * GUESS: Uni documents no rate limit. linkflow holds itself to 10 requests a second, which the vendor's own
 * client libraries stay far below of, and the sandbox enforces the same by default.
 */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;
/** GUESS: the largest `top` the API honours is undocumented; one public connector pages with 1000. */
export const MAX_PAGE_SIZE = 1000;

export const uniEconomyConfigSchema = z
  .object({
    /**
     * The AppFramework host, e.g. `https://test.unimicro.no`; the connector adds `/api/biz/…`. No default: the
     * brands (Uni Economy, Unimicro, SoftRig, bank ERPs) have hosts of their own.
     */
    baseUrl: z.url({ error: 'baseUrl must be the URL of the Uni Economy API host (UNIECONOMY_BASE_URL)' }),
    /** The identity server's token endpoint, e.g. `https://test-login.unimicro.no/connect/token`. */
    tokenUrl: z.url({ error: 'tokenUrl must be the URL of the identity server token endpoint (UNIECONOMY_TOKEN_URL)' }),
    clientId: z.string().min(1, 'clientId is empty (UNIECONOMY_CLIENT_ID)'),
    /** The certificate's private key as PEM text … */
    privateKeyPem: z.string().min(1).optional(),
    /** … or the path of a PEM file holding it. */
    privateKeyFile: z.string().min(1).optional(),
    /** Optional: the certificate (PEM text or file). When given, assertions carry it (`x5c`) and its `x5t`. */
    certificatePem: z.string().min(1).optional(),
    certificateFile: z.string().min(1).optional(),
    /** The `CompanyKey` header: which company's books every call reads and writes. */
    companyKey: z.string().min(1, 'companyKey is empty (UNIECONOMY_COMPANY_KEY)'),
    scope: z.string().min(1).default(DEFAULT_SCOPE),
    requestsPerMinute: z.number().int().positive().default(DEFAULT_REQUESTS_PER_MINUTE),
    /** `top` of a listing page. */
    pageSize: z.number().int().positive().max(MAX_PAGE_SIZE).default(500),
    timeoutMs: z.number().int().positive().default(30_000),
    /**
     * How far before the cursor a change read starts again. The filter is inclusive (`ge`), but a write
     * committed late with an earlier timestamp, or two servers' clocks, must not make a poll skip a change.
     */
    changeOverlapMs: z.number().int().min(0).default(2000),
    /** Lifetime of a signed client assertion (the guide: about a minute). */
    assertionLifetimeSeconds: z.number().int().positive().max(300).default(60),
    /** How often the transport waits and retries a 429 itself (when the wait is short) before throwing. */
    rateLimitRetries: z.number().int().min(0).default(1),
    maxRateLimitWaitMs: z.number().int().min(0).default(5000),
  })
  .superRefine((config, context) => {
    const keys = [config.privateKeyPem, config.privateKeyFile].filter((value) => value !== undefined);
    if (keys.length !== 1)
      context.addIssue({
        code: 'custom',
        path: ['privateKeyPem'],
        message:
          'give the client certificate private key exactly once: as PEM text (UNIECONOMY_PRIVATE_KEY) or as a file (UNIECONOMY_PRIVATE_KEY_FILE)',
      });
    if (config.certificatePem !== undefined && config.certificateFile !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['certificatePem'],
        message: 'give the certificate once: UNIECONOMY_CERTIFICATE or UNIECONOMY_CERTIFICATE_FILE',
      });
  });
export type UniEconomyConfig = z.output<typeof uniEconomyConfigSchema>;
export type UniEconomyConfigInput = z.input<typeof uniEconomyConfigSchema>;

export const UNIECONOMY_ENVIRONMENT_VARIABLES = [
  'UNIECONOMY_BASE_URL',
  'UNIECONOMY_TOKEN_URL',
  'UNIECONOMY_CLIENT_ID',
  'UNIECONOMY_PRIVATE_KEY',
  'UNIECONOMY_PRIVATE_KEY_FILE',
  'UNIECONOMY_CERTIFICATE',
  'UNIECONOMY_CERTIFICATE_FILE',
  'UNIECONOMY_COMPANY_KEY',
  'UNIECONOMY_SCOPE',
  'UNIECONOMY_REQUESTS_PER_MINUTE',
  'UNIECONOMY_PAGE_SIZE',
] as const;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/** PEM text from an environment variable may have its line breaks written as `\n`. */
const pemText = (value: string | undefined): string | undefined => nonEmpty(value)?.replace(/\\n/g, '\n');

function wholeNumber(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const value = nonEmpty(env[variable]);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new Error(`Uni Economy configuration: ${variable} must be a whole number, not "${value}"`);
  return Number(value);
}

/** Which variable a configuration field comes from, so that an error names what the user must set. */
const VARIABLE_OF_FIELD: Record<string, string> = {
  baseUrl: 'UNIECONOMY_BASE_URL',
  tokenUrl: 'UNIECONOMY_TOKEN_URL',
  clientId: 'UNIECONOMY_CLIENT_ID',
  privateKeyPem: 'UNIECONOMY_PRIVATE_KEY or UNIECONOMY_PRIVATE_KEY_FILE',
  certificatePem: 'UNIECONOMY_CERTIFICATE or UNIECONOMY_CERTIFICATE_FILE',
  companyKey: 'UNIECONOMY_COMPANY_KEY',
  scope: 'UNIECONOMY_SCOPE',
  requestsPerMinute: 'UNIECONOMY_REQUESTS_PER_MINUTE',
  pageSize: 'UNIECONOMY_PAGE_SIZE',
};

/**
 * The configuration from `UNIECONOMY_*` variables, or null when none of them is set. Throws an error naming the
 * variable when one is missing or malformed.
 */
export function uniEconomyConfigFromEnv(env: NodeJS.ProcessEnv): UniEconomyConfig | null {
  if (UNIECONOMY_ENVIRONMENT_VARIABLES.every((variable) => nonEmpty(env[variable]) === undefined)) return null;
  const parsed = uniEconomyConfigSchema.safeParse({
    baseUrl: nonEmpty(env['UNIECONOMY_BASE_URL']) ?? '',
    tokenUrl: nonEmpty(env['UNIECONOMY_TOKEN_URL']) ?? '',
    clientId: nonEmpty(env['UNIECONOMY_CLIENT_ID']) ?? '',
    privateKeyPem: pemText(env['UNIECONOMY_PRIVATE_KEY']),
    privateKeyFile: nonEmpty(env['UNIECONOMY_PRIVATE_KEY_FILE']),
    certificatePem: pemText(env['UNIECONOMY_CERTIFICATE']),
    certificateFile: nonEmpty(env['UNIECONOMY_CERTIFICATE_FILE']),
    companyKey: nonEmpty(env['UNIECONOMY_COMPANY_KEY']) ?? '',
    scope: nonEmpty(env['UNIECONOMY_SCOPE']),
    requestsPerMinute: wholeNumber(env, 'UNIECONOMY_REQUESTS_PER_MINUTE'),
    pageSize: wholeNumber(env, 'UNIECONOMY_PAGE_SIZE'),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const variable = VARIABLE_OF_FIELD[field];
    return variable && !issue.message.includes('UNIECONOMY_') ? `${variable}: ${issue.message}` : issue.message;
  });
  throw new Error(`Uni Economy configuration from the environment is invalid: ${problems.join('; ')}`);
}

/** The configuration that reaches a running sandbox (or any service describing itself alike). */
export function uniEconomyConfigFromService(service: ServiceDescriptor): UniEconomyConfig {
  const setting = (name: string): string | undefined => {
    const value = service.settings[name];
    return value === undefined ? undefined : String(value);
  };
  const rate = service.settings['rateLimitPerMinute'];
  return uniEconomyConfigSchema.parse({
    baseUrl: service.baseUrl,
    tokenUrl: setting('tokenUrl'),
    clientId: service.credentials['clientId'],
    privateKeyPem: service.credentials['privateKeyPem'],
    certificatePem: service.credentials['certificatePem'],
    companyKey: service.credentials['companyKey'],
    ...(setting('scope') !== undefined ? { scope: setting('scope') } : {}),
    ...(typeof rate === 'number' ? { requestsPerMinute: rate } : {}),
  });
}

/** Reads the private key and certificate PEM, from the configuration or the files it names. */
export function signingMaterial(config: UniEconomyConfig): {
  privateKeyPem: string;
  certificatePem: string | undefined;
} {
  const read = (file: string, what: string): string => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error: unknown) {
      throw new Error(`Uni Economy configuration: cannot read the ${what} file ${file}: ${(error as Error).message}`);
    }
  };
  const privateKeyPem =
    config.privateKeyPem ?? (config.privateKeyFile !== undefined ? read(config.privateKeyFile, 'private key') : '');
  const certificatePem =
    config.certificatePem ??
    (config.certificateFile !== undefined ? read(config.certificateFile, 'certificate') : undefined);
  return { privateKeyPem, certificatePem };
}
