/**
 * Start-up options of the Custom CRM sandbox, linkflow's reference implementation of the Custom CRM contract
 * (contracts/customcrm/openapi.yaml).
 *
 * Beside the usual ones (port, data file, faults, rate limit) it has `deviations`: ways to break the contract on
 * purpose. They exist only so that tests can show that `linkflow contract check` and the connector notice a
 * broken implementation; the sandbox honours the contract when none is set.
 */
import { z } from 'zod';
import { faultConfigSchema } from '../common/faults';

export const DEFAULT_CUSTOMCRM_PORT = 4815;

/** The contract asks implementations to allow at least this many requests per minute per key; the sandbox allows exactly that. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;

/** The API key the sandbox issues to linkflow (a real CRM issues its own). */
export const SANDBOX_API_KEY = 'customcrm-sandbox-key-0000-linkflowdemo';

/** The secret the sandbox signs webhook deliveries with. */
export const SANDBOX_WEBHOOK_SECRET = 'customcrm-sandbox-webhook-secret-0000-linkflowdemo';

/**
 * Ways to break the contract, each a mistake an implementer could plausibly make:
 * - `inclusiveUpdatedSince`: `updatedSince` keeps records changed at exactly that instant (>= instead of >);
 * - `cursorWithoutId`: the cursor holds only the last `updatedAt`, so the next page starts after that instant
 *   and records sharing it with the last record of a page are lost;
 * - `offsetCursor`: the cursor is an offset into the ordering, so a record changed mid-listing shifts the
 *   others and one is skipped;
 * - `createIgnoresExternalId`: a POST with an existing `externalId` creates another record (201);
 * - `patchReplaces`: PATCH replaces the record, so fields left out of the patch are cleared;
 * - `plainErrors`: errors are `application/json` `{ "error": "…" }` instead of RFC 7807 problems.
 */
export const CUSTOMCRM_DEVIATIONS = [
  'inclusiveUpdatedSince',
  'cursorWithoutId',
  'offsetCursor',
  'createIgnoresExternalId',
  'patchReplaces',
  'plainErrors',
] as const;
export type CustomCrmDeviation = (typeof CUSTOMCRM_DEVIATIONS)[number];

/** The options of this sandbox alone, as `SandboxStartOptions.own` carries them. */
export const customCrmOwnOptionsSchema = z.object({
  apiKey: z.string().min(8).optional(),
  webhookSecret: z.string().min(8).optional(),
  /** Where to send webhook notices from the start (also set at run time: `PUT /__sandbox/webhook`). */
  webhookUrl: z.url().optional(),
  /**
   * The clock's resolution: `updatedAt` values are whole multiples of it (1 = milliseconds). A coarse clock is
   * allowed by the contract and makes records share an `updatedAt`, which tests of tie handling need.
   */
  clockResolutionMs: z.number().int().min(1).max(60_000).optional(),
  deviations: z.array(z.enum(CUSTOMCRM_DEVIATIONS)).optional(),
});
export type CustomCrmOwnOptions = z.input<typeof customCrmOwnOptionsSchema>;

export const customCrmSandboxOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(DEFAULT_CUSTOMCRM_PORT),
  host: z.literal('127.0.0.1').default('127.0.0.1'),
  dataFile: z.string().min(1),
  faults: faultConfigSchema.partial().default({}),
  rateLimitPerMinute: z.number().int().positive().default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  /** The limit's window; tests shorten it (the limit then counts per this window, not per minute). */
  rateLimitWindowMs: z.number().int().positive().default(60_000),
  apiKey: z.string().min(8).default(SANDBOX_API_KEY),
  webhookSecret: z.string().min(8).default(SANDBOX_WEBHOOK_SECRET),
  webhookUrl: z.url().optional(),
  clockResolutionMs: z.number().int().min(1).max(60_000).default(1),
  deviations: z.array(z.enum(CUSTOMCRM_DEVIATIONS)).default([]),
  /** The time source (epoch ms), replaceable in tests that need records to share an instant. */
  now: z
    .custom<() => number>((value) => typeof value === 'function', 'now must be a function returning epoch ms')
    .default(() => () => Date.now()),
});
export type CustomCrmSandboxOptions = z.input<typeof customCrmSandboxOptionsSchema>;
export type CustomCrmSandboxConfig = z.output<typeof customCrmSandboxOptionsSchema>;
