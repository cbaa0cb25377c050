/**
 * The campaign's flags, checked with zod. `--quick` is a development preset (a few minutes); the default is
 * the full campaign of docs/RELIABILITY.md. Every preset value can still be overridden by its own flag.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT } from '../config/config';

export const CHAOS_USAGE = `usage: linkflow chaos [--quick] [--customers N] [--outage-minutes M] [--kills K]
                     [--server-restarts R] [--blocks B] [--storm-minutes M] [--settle-minutes M] [--poll-seconds S]
                     [--seed S] [--random-seed S] [--temporal-port P] [--ui-port P]
                     [--poweroffice-port P] [--chargebee-port P] [--data-dir DIR]

  --quick             40 customers, 1-minute outages, 6 worker kills, 1 server restart, 2 blocks (about 7 minutes)
  default             100 customers, 10-minute outages, 20 worker kills, 3 server restarts, 4 blocks (about 35 min)
  --blocks B          the worker's main thread blocked for 15 s B times (SIGUSR2, as a heap snapshot does)
  Ports default to 7243 (Temporal), 8243 (Web UI), 4821 (PowerOffice GO) and 4822 (Chargebee); data to
  .linkflow/chaos. See docs/RELIABILITY.md.
`;

/** The ports other engineers and the tests use; the campaign kills its server, so it never runs there. */
const SHARED_TEMPORAL_PORTS = new Set([7233, 8233]);

const number = (name: string) => z.coerce.number({ error: `${name} must be a number` });
const whole = (name: string) => number(name).int(`${name} must be a whole number`);
const minutes = (name: string) => number(name).positive(`${name} must be more than 0`);
const port = (name: string) =>
  whole(name)
    .min(1024, `${name} must be 1024..65535`)
    .max(65535, `${name} must be 1024..65535`)
    .refine((value) => !SHARED_TEMPORAL_PORTS.has(value), `${name} must not be 7233 or 8233 (the shared dev server)`);

const rawSchema = z.object({
  quick: z.boolean().default(false),
  customers: whole('--customers').min(5).max(2000).optional(),
  outageMinutes: minutes('--outage-minutes').max(60).optional(),
  kills: whole('--kills').min(0).max(200).optional(),
  serverRestarts: whole('--server-restarts').min(0).max(20).optional(),
  blocks: whole('--blocks').min(0).max(50).optional(),
  stormMinutes: minutes('--storm-minutes').max(120).optional(),
  settleMinutes: minutes('--settle-minutes').max(120).optional(),
  pollSeconds: minutes('--poll-seconds').max(60).optional(),
  seed: whole('--seed').default(1),
  randomSeed: whole('--random-seed').optional(),
  temporalPort: port('--temporal-port').default(7243),
  uiPort: port('--ui-port').default(8243),
  powerofficePort: port('--poweroffice-port').default(4821),
  chargebeePort: port('--chargebee-port').default(4822),
  dataDir: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, '.linkflow', 'chaos')),
});

export interface ChaosOptions {
  quick: boolean;
  customers: number;
  outageMinutes: number;
  kills: number;
  serverRestarts: number;
  /** Main-thread blocks of the worker (chaos/main-thread-block.cjs), each `blockMs` long. */
  blocks: number;
  blockMs: number;
  /** Length of the first storm phase (the second is half as long). */
  stormMinutes: number;
  /** Upper bound of the wait for the sync to settle once the faults have stopped. */
  settleMinutes: number;
  pollSeconds: number;
  /** Seed of the generated company. */
  seed: number;
  /** Seed of the campaign's own random choices (kill times, edits), printed so a run can be repeated. */
  randomSeed: number;
  temporalPort: number;
  uiPort: number;
  powerofficePort: number;
  chargebeePort: number;
  dataDir: string;
  /** Size of the pools the edit stream picks from. */
  editPersons: number;
  editProducts: number;
  /** Pause between two edits of the stream, ms (a random value in this range). */
  editPauseMs: [number, number];
  /** Pause before a killed worker is started again, ms. */
  restartPauseMs: [number, number];
  /** Length of one 429 storm and of one latency spike, ms. */
  stormBurstMs: number;
}

export function parseChaosArgs(args: string[]): ChaosOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      customers: { type: 'string' },
      'outage-minutes': { type: 'string' },
      kills: { type: 'string' },
      'server-restarts': { type: 'string' },
      blocks: { type: 'string' },
      'storm-minutes': { type: 'string' },
      'settle-minutes': { type: 'string' },
      'poll-seconds': { type: 'string' },
      seed: { type: 'string' },
      'random-seed': { type: 'string' },
      'temporal-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'poweroffice-port': { type: 'string' },
      'chargebee-port': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const parsed = rawSchema.safeParse({
    quick: values.quick,
    customers: values.customers,
    outageMinutes: values['outage-minutes'],
    kills: values.kills,
    serverRestarts: values['server-restarts'],
    blocks: values.blocks,
    stormMinutes: values['storm-minutes'],
    settleMinutes: values['settle-minutes'],
    pollSeconds: values['poll-seconds'],
    seed: values.seed,
    randomSeed: values['random-seed'],
    temporalPort: values['temporal-port'],
    uiPort: values['ui-port'],
    powerofficePort: values['poweroffice-port'],
    chargebeePort: values['chargebee-port'],
    dataDir: values['data-dir'],
  });
  if (!parsed.success) throw new ChaosUsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  const raw = parsed.data;
  const ports = [raw.temporalPort, raw.uiPort, raw.powerofficePort, raw.chargebeePort];
  if (new Set(ports).size !== ports.length) throw new ChaosUsageError('the four ports must differ');
  const quick = raw.quick;
  return {
    quick,
    customers: raw.customers ?? (quick ? 40 : 100),
    outageMinutes: raw.outageMinutes ?? (quick ? 1 : 10),
    kills: raw.kills ?? (quick ? 6 : 20),
    serverRestarts: raw.serverRestarts ?? (quick ? 1 : 3),
    blocks: raw.blocks ?? (quick ? 2 : 4),
    // Longer than a workflow task's timeout (10 s): the tasks in flight time out meanwhile.
    blockMs: 15_000,
    stormMinutes: raw.stormMinutes ?? (quick ? 1.5 : 6),
    settleMinutes: raw.settleMinutes ?? 10,
    pollSeconds: raw.pollSeconds ?? 3,
    seed: raw.seed,
    randomSeed: raw.randomSeed ?? Date.now() % 1_000_000,
    temporalPort: raw.temporalPort,
    uiPort: raw.uiPort,
    powerofficePort: raw.powerofficePort,
    chargebeePort: raw.chargebeePort,
    dataDir: path.resolve(raw.dataDir),
    editPersons: quick ? 16 : 30,
    editProducts: quick ? 4 : 8,
    editPauseMs: quick ? [2_000, 5_000] : [4_000, 9_000],
    restartPauseMs: quick ? [1_000, 4_000] : [1_000, 10_000],
    stormBurstMs: quick ? 20_000 : 60_000,
  };
}

export class ChaosUsageError extends Error {}
