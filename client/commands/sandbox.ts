/**
 * `linkflow sandbox start [--json] [--reset] [--profile default|benchmark] [--seed N] [--customers N]
 * [--poweroffice-port P] [--chargebee-port P] [--live-chargebee-site] [--chargebee-rate-limit N]
 * [--poweroffice-rate-limit N]` runs the PowerOffice GO and Chargebee sandboxes until SIGINT/SIGTERM;
 * `linkflow sandbox reset` empties them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../config/config';
import { startSandboxes, type RunningSandboxes } from '../../sandboxes';
import { COMPANY_PROFILE_NAMES } from '../../sandboxes/seeder';
import { connectorSettingsForSandboxes } from '../../worker/sync-runtime';
import { writeSandboxConnections } from '../connector-settings';
import { waitForShutdownSignal } from '../shutdown';

const USAGE = `usage: linkflow sandbox start [--json] [--reset] [--profile default|benchmark] [--seed N] [--customers N]
                             [--poweroffice-port P] [--chargebee-port P] [--live-chargebee-site]
                             [--chargebee-rate-limit N] [--poweroffice-rate-limit N]
       linkflow sandbox reset

  --profile                 the company seeded into empty sandboxes: default (200 customers) or benchmark
                            (10,000 customers, 15,000 contact persons, 20,000 orders); --customers overrides
                            the profile's number of customers
  --live-chargebee-site     Chargebee with a live site's limit (1,000 requests/min) instead of a test site's (150)
  --chargebee-rate-limit    Chargebee's limit in requests per minute (overrides --live-chargebee-site)
  --poweroffice-rate-limit  PowerOffice GO's limit in requests per second (default 10)
`;

export function sandboxDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(loadConfig(env).dataDir, 'sandboxes');
}

const integer = (name: string) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`);
const startArgsSchema = z.object({
  json: z.boolean().default(false),
  reset: z.boolean().default(false),
  profile: z.enum(COMPANY_PROFILE_NAMES, { error: '--profile must be default or benchmark' }).default('default'),
  seed: integer('--seed').default(1),
  customers: integer('--customers').min(1).max(100_000).optional(),
  chargebeeRateLimit: integer('--chargebee-rate-limit').min(1).optional(),
  powerofficeRateLimit: integer('--poweroffice-rate-limit').min(1).optional(),
  poweroffice: integer('--poweroffice-port').min(0).max(65535).optional(),
  chargebee: integer('--chargebee-port').min(0).max(65535).optional(),
  live: z.boolean().default(false),
});

function describe(sandboxes: RunningSandboxes): Record<string, unknown> {
  const view = (sandbox: RunningSandboxes['poweroffice']) => ({
    baseUrl: sandbox.baseUrl,
    credentials: sandbox.credentials,
    settings: sandbox.settings,
  });
  return { poweroffice: view(sandboxes.poweroffice), chargebee: view(sandboxes.chargebee), seeded: sandboxes.seeded };
}

function humanText(sandboxes: RunningSandboxes): string {
  const { poweroffice, chargebee, seeded } = sandboxes;
  const lines = [
    'PowerOffice GO sandbox',
    `  API base URL     ${poweroffice.baseUrl}`,
    `  token URL        ${String(poweroffice.settings.tokenUrl)}`,
    ...Object.entries(poweroffice.credentials).map(([key, value]) => `  ${key.padEnd(16)} ${value}`),
    `  rate limit       ${String(poweroffice.settings.rateLimitPerSecond)} requests/s per subscription key`,
    'Chargebee sandbox',
    `  API base URL     ${chargebee.baseUrl}`,
    ...Object.entries(chargebee.credentials).map(([key, value]) => `  ${key.padEnd(16)} ${value}`),
    `  SDK settings     site=${String(chargebee.settings.site)} hostSuffix=${String(chargebee.settings.hostSuffix)} protocol=${String(chargebee.settings.protocol)} port=${String(chargebee.settings.port)}`,
    `  rate limit       ${String(chargebee.settings.rateLimitPerMinute)} requests/min per site`,
    seeded
      ? `Seeded (profile ${seeded.profile}, ${(seeded.seedMs / 1000).toFixed(1)} s): ${seeded.customers} customers, ${seeded.contactPersons} contact persons, ${seeded.employees} employees, ${seeded.suppliers} suppliers, ${seeded.products} products, ${seeded.salesOrders} sales orders; ${seeded.chargebeeCustomers} customers already in Chargebee`
      : 'Not seeded (the sandboxes already hold data; use --reset to start over)',
    'Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean' },
      reset: { type: 'boolean' },
      profile: { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      'chargebee-rate-limit': { type: 'string' },
      'poweroffice-rate-limit': { type: 'string' },
      'poweroffice-port': { type: 'string' },
      'chargebee-port': { type: 'string' },
      'live-chargebee-site': { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = startArgsSchema.safeParse({
    json: values.json,
    reset: values.reset,
    profile: values.profile,
    seed: values.seed,
    customers: values.customers,
    chargebeeRateLimit: values['chargebee-rate-limit'],
    powerofficeRateLimit: values['poweroffice-rate-limit'],
    poweroffice: values['poweroffice-port'],
    chargebee: values['chargebee-port'],
    live: values['live-chargebee-site'],
  });
  if (!parsed.success) {
    process.stderr.write(`linkflow sandbox: ${parsed.error.issues.map((issue) => issue.message).join('; ')}\n${USAGE}`);
    return 2;
  }
  const options = parsed.data;
  const sandboxes = await startSandboxes({
    dataDir: sandboxDataDir(),
    ports: {
      ...(options.poweroffice !== undefined ? { poweroffice: options.poweroffice } : {}),
      ...(options.chargebee !== undefined ? { chargebee: options.chargebee } : {}),
    },
    seed: {
      profile: options.profile,
      seed: options.seed,
      ...(options.customers !== undefined ? { customers: options.customers } : {}),
    },
    reset: options.reset,
    liveChargebeeSite: options.live,
    rateLimits: {
      ...(options.chargebeeRateLimit !== undefined ? { chargebeePerMinute: options.chargebeeRateLimit } : {}),
      ...(options.powerofficeRateLimit !== undefined ? { powerofficePerSecond: options.powerofficeRateLimit } : {}),
    },
  });
  // Where `linkflow worker` finds the sandboxes when the environment names no real systems.
  const chargebeeLimit = Number(sandboxes.chargebee.settings.rateLimitPerMinute);
  writeSandboxConnections(
    loadConfig(),
    connectorSettingsForSandboxes(sandboxes.poweroffice, sandboxes.chargebee, chargebeeLimit),
  );
  process.stdout.write(options.json ? `${JSON.stringify(describe(sandboxes), null, 2)}\n` : humanText(sandboxes));
  await waitForShutdownSignal();
  await sandboxes.close();
  return 0;
}

async function reset(): Promise<number> {
  // Port 0: reset must work while another copy holds the fixed ports.
  const sandboxes = await startSandboxes({
    dataDir: sandboxDataDir(),
    ports: { poweroffice: 0, chargebee: 0 },
    reset: true,
    seed: false,
  });
  await sandboxes.close();
  process.stdout.write(`Emptied the sandboxes in ${sandboxDataDir()}\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'start') return await start(rest);
    if (subcommand === 'reset') return await reset();
  } catch (error) {
    if (
      error instanceof TypeError &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`linkflow sandbox: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  process.stderr.write(USAGE);
  return 2;
}
