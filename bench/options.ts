/**
 * The benchmark's flags, checked with zod. The default is the full benchmark of docs/BENCHMARKS.md (the
 * `benchmark` company under a Chargebee Performance site's budget; hours); `--quick` is the 200-customer company
 * on a Chargebee test site (about 25 minutes). Every preset value can be overridden by its own flag; a run with
 * overrides prints its figures but does not rewrite docs/BENCHMARKS.md.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { REPO_ROOT } from '../config/config';
import type { CompanyProfile } from '../sandboxes/seeder';

export const BENCH_USAGE = `usage: linkflow bench [--quick] [--json] [--customers N] [--steady-minutes M] [--edits N]
                     [--batch N] [--throughput-records N] [--memory-links N] [--chargebee-per-minute N]
                     [--skip PHASES] [--seed S]
                     [--temporal-port P] [--ui-port P] [--ports A,B,C,D] [--data-dir DIR] [--no-docs]

  default   the benchmark company (10,000 customers, 20,000 orders) at PowerOffice's 10 requests/s and a
            Chargebee Performance site's 1,000/min; 60-minute idle window (hours in all)
  --quick   the default company (200 customers) at 10/s and a Chargebee test site's 150/min; 5-minute idle
            window (about 25 minutes)
  --customers N          another number of customers (development; the default profile only)
  --steady-minutes M     the idle window
  --edits N              edits for the propagation figures (half in each system; at least 200 in a standard run)
  --batch N              new contact persons for the Temporal cost of a batch (default 20)
  --throughput-records N new contact persons for the throughput figure (default 2,000)
  --memory-links N       new contact persons after it, until the sync holds N links: the worker's memory at that
                         size (default 100,000; none with --quick; 0 for none)
  --chargebee-per-minute N  Chargebee's budget (development: 1000 gives the quick company a Performance site)
  --skip PHASES          comma-separated: naive, fresh, steady, propagation, batch, throughput, memory
  --no-docs              do not rewrite docs/BENCHMARKS.md (runs with overrides never do)
  Ports default to 7263 (Temporal), 8263 (Web UI) and 4831-4834 (linkflow's and the baseline's sandboxes);
  data to .linkflow/bench, wiped at every run.
`;

/**
 * The worker's and the embedded server's tuning variables, passed on from the benchmark's environment for
 * development runs (GOGC: the Temporal server's garbage collector; MALLOC_*: glibc's, for the worker).
 */
export const TUNING_VARIABLES = [
  'LINKFLOW_MAX_CACHED_WORKFLOWS',
  'LINKFLOW_TRACE_REQUESTS',
  'LINKFLOW_MAX_CONCURRENT_ACTIVITIES',
  'LINKFLOW_MAX_CONCURRENT_WORKFLOW_TASKS',
  'LINKFLOW_WORKER_HEAP_MB',
  'LINKFLOW_WORKER_SEMI_SPACE_MB',
  'LINKFLOW_TEMPORAL_SQLITE_PRAGMAS',
  'LINKFLOW_TEMPORAL_DYNAMIC_CONFIG',
  'LINKFLOW_TEMPORAL_VISIBILITY_INDEXES',
  'GOGC',
  'MALLOC_ARENA_MAX',
  'MALLOC_MMAP_THRESHOLD_',
] as const;

export const PHASES = ['naive', 'fresh', 'steady', 'propagation', 'batch', 'throughput', 'memory'] as const;
export type Phase = (typeof PHASES)[number];

/** The ports other engineers and the tests use; the benchmark runs its own server, so it never runs there. */
const SHARED_PORTS = new Set([7233, 8233]);

const number = (name: string) => z.coerce.number({ error: `${name} must be a number` });
const whole = (name: string) => number(name).int(`${name} must be a whole number`);
const port = (name: string) =>
  whole(name)
    .min(1024, `${name} must be 1024..65535`)
    .max(65535, `${name} must be 1024..65535`)
    .refine((value) => !SHARED_PORTS.has(value), `${name} must not be 7233 or 8233 (the shared dev server)`);

const rawSchema = z.object({
  quick: z.boolean().default(false),
  json: z.boolean().default(false),
  customers: whole('--customers').min(5).max(100_000).optional(),
  steadyMinutes: number('--steady-minutes').positive('--steady-minutes must be more than 0').max(600).optional(),
  edits: whole('--edits').min(2).max(10_000).optional(),
  batch: whole('--batch').min(1).max(1_000).optional(),
  throughputRecords: whole('--throughput-records').min(1).max(100_000).optional(),
  memoryLinks: whole('--memory-links').min(0).max(1_000_000).optional(),
  chargebeePerMinute: whole('--chargebee-per-minute').min(10).max(100_000).optional(),
  skip: z
    .string()
    .optional()
    .transform((text, context) => {
      const names = (text ?? '').split(',').filter((name) => name.trim() !== '');
      const phases: Phase[] = [];
      for (const name of names) {
        const phase = PHASES.find((candidate) => candidate === name.trim());
        if (phase) phases.push(phase);
        else context.addIssue({ code: 'custom', message: `--skip: unknown phase "${name}" (${PHASES.join(', ')})` });
      }
      return phases;
    }),
  seed: whole('--seed').default(1),
  temporalPort: port('--temporal-port').default(7263),
  uiPort: port('--ui-port').default(8263),
  ports: z
    .string()
    .default('4831,4832,4833,4834')
    .transform((text, context) => {
      const values = text.split(',').map((part) => Number(part.trim()));
      if (values.length !== 4 || values.some((value) => !Number.isInteger(value) || value < 1024 || value > 65535)) {
        context.addIssue({ code: 'custom', message: '--ports takes four ports 1024..65535, comma-separated' });
        return [0, 0, 0, 0] as const;
      }
      return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0, values[3] ?? 0] as const;
    }),
  dataDir: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, '.linkflow', 'bench')),
  noDocs: z.boolean().default(false),
});

export interface BenchOptions {
  mode: 'quick' | 'full';
  json: boolean;
  profile: CompanyProfile;
  /** Customers of the company: the profile's unless overridden. */
  customers: number | undefined;
  seed: number;
  budgets: { powerofficePerSecond: number; chargebeePerMinute: number };
  steadyMs: number;
  edits: number;
  batch: number;
  throughputRecords: number;
  /** The links the memory phase takes the sync to (0: no memory phase). */
  memoryLinks: number;
  skip: ReadonlySet<Phase>;
  /** Cap the baseline at the time linkflow's initial sync took (and extrapolate): the full run only. */
  capNaive: boolean;
  temporalPort: number;
  uiPort: number;
  ports: { poweroffice: number; chargebee: number; naivePoweroffice: number; naiveChargebee: number };
  dataDir: string;
  /** A standard run (no size overrides, nothing skipped) rewrites its section of docs/BENCHMARKS.md. */
  writeDocs: boolean;
  /** The command line as typed, for the docs. */
  command: string;
}

export class BenchUsageError extends Error {}

export function parseBenchArgs(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
      customers: { type: 'string' },
      'steady-minutes': { type: 'string' },
      edits: { type: 'string' },
      batch: { type: 'string' },
      'throughput-records': { type: 'string' },
      'memory-links': { type: 'string' },
      'chargebee-per-minute': { type: 'string' },
      skip: { type: 'string' },
      seed: { type: 'string' },
      'temporal-port': { type: 'string' },
      'ui-port': { type: 'string' },
      ports: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-docs': { type: 'boolean' },
    },
  });
  const parsed = rawSchema.safeParse({
    quick: values.quick,
    json: values.json,
    customers: values.customers,
    steadyMinutes: values['steady-minutes'],
    edits: values.edits,
    batch: values.batch,
    throughputRecords: values['throughput-records'],
    memoryLinks: values['memory-links'],
    chargebeePerMinute: values['chargebee-per-minute'],
    skip: values.skip,
    seed: values.seed,
    temporalPort: values['temporal-port'],
    uiPort: values['ui-port'],
    ports: values.ports,
    dataDir: values['data-dir'],
    noDocs: values['no-docs'],
  });
  if (!parsed.success) throw new BenchUsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  const raw = parsed.data;
  const quick = raw.quick;
  if (raw.customers !== undefined && !quick)
    throw new BenchUsageError('--customers goes with --quick (the benchmark company has fixed counts)');
  const [poweroffice, chargebee, naivePoweroffice, naiveChargebee] = raw.ports;
  const all = [raw.temporalPort, raw.uiPort, poweroffice, chargebee, naivePoweroffice, naiveChargebee];
  if (new Set(all).size !== all.length) throw new BenchUsageError('the six ports must differ');
  const overridden =
    raw.customers !== undefined ||
    raw.steadyMinutes !== undefined ||
    raw.edits !== undefined ||
    raw.batch !== undefined ||
    raw.throughputRecords !== undefined ||
    raw.memoryLinks !== undefined ||
    raw.chargebeePerMinute !== undefined ||
    raw.skip.length > 0 ||
    raw.seed !== 1 ||
    // The worker's and the embedded server's tuning variables (TUNING_VARIABLES) change what is measured.
    TUNING_VARIABLES.some((name) => Boolean(process.env[name]));
  return {
    mode: quick ? 'quick' : 'full',
    json: raw.json,
    profile: quick ? 'default' : 'benchmark',
    customers: raw.customers ?? (quick ? 200 : undefined),
    seed: raw.seed,
    budgets: { powerofficePerSecond: 10, chargebeePerMinute: raw.chargebeePerMinute ?? (quick ? 150 : 1_000) },
    steadyMs: (raw.steadyMinutes ?? (quick ? 5 : 60)) * 60_000,
    edits: raw.edits ?? 200,
    batch: raw.batch ?? 20,
    throughputRecords: raw.throughputRecords ?? 2_000,
    // The issue's memory target is set at 100,000 links; the quick company stays far below it.
    memoryLinks: raw.memoryLinks ?? (quick ? 0 : 100_000),
    skip: new Set(raw.skip),
    capNaive: !quick,
    temporalPort: raw.temporalPort,
    uiPort: raw.uiPort,
    ports: { poweroffice, chargebee, naivePoweroffice, naiveChargebee },
    dataDir: path.resolve(raw.dataDir),
    writeDocs: !overridden && !raw.noDocs,
    command: ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' '),
  };
}
