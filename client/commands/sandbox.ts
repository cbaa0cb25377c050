/**
 * `linkflow sandbox start [--json] [--reset] [--profile default|benchmark] [--seed N] [--customers N]
 * [--port SYSTEM=P]… [--rate-limit SYSTEM=N]… [--production-limits]` runs the sandbox of every system linkflow
 * knows until SIGINT/SIGTERM; `linkflow sandbox reset` empties them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../config/config';
import { sandboxPlugins, SYSTEMS, systemEntry } from '../../config/systems';
import { startSandboxes, type RunningSandboxes } from '../../sandboxes';
import { COMPANY_PROFILE_NAMES } from '../../sandboxes/seeder';
import { connectorSettingsForSandboxes } from '../../worker/sync-runtime';
import { writeSandboxConnections } from '../connector-settings';
import { waitForShutdownSignal } from '../shutdown';

const SYSTEM_KEYS = SYSTEMS.map(({ connector }) => connector.system);

/** Each system's limit unit, from its sandbox (loaded by this command only). */
const limitUnits = (): string =>
  sandboxPlugins()
    .map((sandbox) => `${sandbox.system} per ${sandbox.rateLimitUnit}`)
    .join(', ');

const usage =
  (): string => `usage: linkflow sandbox start [--json] [--reset] [--profile default|benchmark] [--seed N] [--customers N]
                             [--port SYSTEM=P]... [--rate-limit SYSTEM=N]... [--production-limits]
                             [--systems SYSTEM,...]
       linkflow sandbox reset

  systems                   ${SYSTEM_KEYS.join(', ')}
  --profile                 the company seeded into empty sandboxes: default (200 customers) or benchmark
                            (10,000 customers, 15,000 contact persons, 20,000 orders); --customers overrides
                            the profile's number of customers
  --port SYSTEM=P           that system's sandbox on port P (default: each sandbox's own port; 0 = any free)
  --rate-limit SYSTEM=N     that system's limit, in the unit its API publishes (${limitUnits()})
  --systems SYSTEM,...      only these systems' sandboxes (default: all)
  --production-limits       the limits of production accounts where a service has two (a live Chargebee site:
                            1,000 requests/min instead of a test site's 150)
`;

export function sandboxDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(loadConfig(env).dataDir, 'sandboxes');
}

const integer = (name: string) =>
  z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`);

/** `SYSTEM=N` options, repeated: a record of numbers by system key. */
const perSystem = (flag: string, min: number, max: number) =>
  z
    .array(z.string())
    .default([])
    .transform((entries, context) => {
      const values: Record<string, number> = {};
      for (const entry of entries) {
        const [system = '', text = ''] = entry.split('=', 2);
        const value = Number(text);
        if (!SYSTEM_KEYS.includes(system))
          context.addIssue({
            code: 'custom',
            message: `${flag} ${entry}: no system "${system}" (${SYSTEM_KEYS.join(', ')})`,
          });
        else if (!Number.isInteger(value) || value < min || value > max)
          context.addIssue({ code: 'custom', message: `${flag} ${entry}: a whole number from ${min} to ${max}` });
        else values[system] = value;
      }
      return values;
    });

const startArgsSchema = z.object({
  json: z.boolean().default(false),
  reset: z.boolean().default(false),
  profile: z.enum(COMPANY_PROFILE_NAMES, { error: '--profile must be default or benchmark' }).default('default'),
  seed: integer('--seed').default(1),
  customers: integer('--customers').min(1).max(100_000).optional(),
  ports: perSystem('--port', 0, 65_535),
  rateLimits: perSystem('--rate-limit', 1, 100_000_000),
  productionLimits: z.boolean().default(false),
  systems: z
    .string()
    .optional()
    .transform((text) => text?.split(',').map((system) => system.trim()))
    .refine((systems) => systems === undefined || systems.every((system) => SYSTEM_KEYS.includes(system)), {
      message: `--systems takes system keys separated by commas (${SYSTEM_KEYS.join(', ')})`,
    }),
});

function describe(sandboxes: RunningSandboxes): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [system, sandbox] of Object.entries(sandboxes.bySystem))
    described[system] = { baseUrl: sandbox.baseUrl, credentials: sandbox.credentials, settings: sandbox.settings };
  return { ...described, seeded: sandboxes.seeded };
}

function humanText(sandboxes: RunningSandboxes): string {
  const lines: string[] = [];
  for (const [system, running] of Object.entries(sandboxes.bySystem)) {
    const sandbox = systemEntry(system).sandbox();
    lines.push(`${sandbox.title} sandbox`, `  API base URL     ${running.baseUrl}`);
    for (const [key, value] of Object.entries(running.credentials)) {
      // A key or certificate (PEM) spans lines: --json prints it whole.
      const shown = value.includes('\n') ? `(${value.split('\n')[0] ?? ''} … ; whole in --json)` : value;
      lines.push(`  ${key.padEnd(16)} ${shown}`);
    }
    for (const line of sandbox.describe(running)) lines.push(`  ${line}`);
  }
  const { seeded } = sandboxes;
  if (seeded) {
    lines.push(`Seeded (profile ${seeded.profile}, ${(seeded.seedMs / 1000).toFixed(1)} s):`);
    for (const [system, counts] of Object.entries(seeded.bySystem)) {
      const shown = Object.entries(counts).map(([resource, count]) => `${count} ${resource}`);
      lines.push(`  ${systemEntry(system).sandbox().title}: ${shown.join(', ') || 'nothing'}`);
    }
  } else lines.push('Not seeded (the sandboxes already hold data; use --reset to start over)');
  lines.push('Press Ctrl+C to stop.');
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
      port: { type: 'string', multiple: true },
      'rate-limit': { type: 'string', multiple: true },
      'production-limits': { type: 'boolean' },
      systems: { type: 'string' },
    },
    strict: true,
  });
  const parsed = startArgsSchema.safeParse({
    json: values.json,
    reset: values.reset,
    profile: values.profile,
    seed: values.seed,
    customers: values.customers,
    ports: values.port,
    rateLimits: values['rate-limit'],
    productionLimits: values['production-limits'],
    systems: values.systems,
  });
  if (!parsed.success) {
    process.stderr.write(
      `linkflow sandbox: ${parsed.error.issues.map((issue) => issue.message).join('; ')}\n${usage()}`,
    );
    return 2;
  }
  const options = parsed.data;
  const sandboxes = await startSandboxes({
    dataDir: sandboxDataDir(),
    ports: options.ports,
    seed: {
      profile: options.profile,
      seed: options.seed,
      ...(options.customers !== undefined ? { customers: options.customers } : {}),
    },
    reset: options.reset,
    productionLimits: options.productionLimits,
    rateLimits: options.rateLimits,
    ...(options.systems ? { systems: options.systems } : {}),
  });
  // Where `linkflow worker` finds the sandboxes when the environment names no real systems.
  writeSandboxConnections(loadConfig(), connectorSettingsForSandboxes(sandboxes.bySystem));
  process.stdout.write(options.json ? `${JSON.stringify(describe(sandboxes), null, 2)}\n` : humanText(sandboxes));
  await waitForShutdownSignal();
  await sandboxes.close();
  return 0;
}

async function reset(): Promise<number> {
  // Port 0: reset must work while another copy holds the fixed ports.
  const sandboxes = await startSandboxes({
    dataDir: sandboxDataDir(),
    anyFreePort: true,
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
      process.stderr.write(`linkflow sandbox: ${error.message}\n${usage()}`);
      return 2;
    }
    throw error;
  }
  process.stderr.write(usage());
  return 2;
}
