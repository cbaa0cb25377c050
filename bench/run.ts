/**
 * `linkflow bench`: the API-budget benchmark of docs/BENCHMARKS.md. linkflow runs as a user runs it, each part
 * in its own process (`linkflow server` on a port and database of its own, `linkflow sandbox start`, `linkflow
 * worker`, `linkflow sync start` with its default poll intervals), against sandboxes held to the real rate
 * limits; a naive sequential script syncs a second, identically seeded pair of sandboxes beside it. The
 * benchmark measures from outside: the sandboxes' request counts (admin API), their stores (edits and
 * arrivals), visibility, the server's histories, and the worker's /proc status.
 */
import { portAnswers } from '../harness/waits';
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConnectorSettings, writeSandboxConnections } from '../client/connector-settings';
import { pollIntervals } from '../client/commands/sync';
import { sandboxPlugins } from '../config/systems';
import { pollIntervalsInForce, syncProgress, unsettledLinkCount } from '../client/sync-control';
import { loadConfig, REPO_ROOT, workerNodeArgs, workerProcessEnv } from '../config/config';
import { dataflowsBetween, loadDataflows, type Dataflow } from '../dataflows/engine';
import { sandboxOf, startSandboxes } from '../sandboxes';
import { generateCompany } from '../sandboxes/seeder';
import { connectClient, isServerReachable } from '../temporal/connection';
import { DEFAULT_IDLE_CEILING_MS } from '../workflows/poll-interval';
import { DEFAULT_TIMING } from '../worker/sync-runtime';
import { Aborted, at, clock, message, MINUTE, readStats, sleep, type BenchContext, type Out } from './context';
import { writeBenchmarksSection } from './docs';
import { runNaiveSync, type NaiveProgress, type NaiveResult } from './naive-sync';
import { TUNING_VARIABLES, type BenchOptions } from './options';
import {
  batch,
  firstEditAfterIdle,
  freshChanges,
  linkStatuses,
  memoryAtLinks,
  perChange,
  propagation,
  settle,
  steadyState,
  throughput,
  type BatchResult,
  type SteadyResult,
} from './phases';
import { Children, fileSize, killLeftovers, RssSampler, waitForLogLine } from './processes';
import {
  failedChecks,
  meanTimings,
  budgetProfile,
  renderText,
  vendorUse,
  type BenchReport,
  type MemoryAtLinks,
  type NaiveFigures,
} from './report';
import { SandboxAdmin, statsBetween, VENDORS, type Stats, type Vendor } from '../harness/sandbox-admin';
import { ChargebeeStore, PowerOfficeStore } from './stores';
import { countTemporalCost, type HistoryScan, type Window } from './temporal-cost';
import { historyReadingClient } from '../temporal/read-history';
import { ArrivalWatcher } from './watch';

/** The environment of every part: the benchmark's ports, data, prefix and queue; never a configured system. */
function partEnv(dataDir: string, options: BenchOptions, idPrefix: string, taskQueue: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(TEMPORAL_|POWEROFFICE_|CHARGEBEE_|LINKFLOW_)/.test(name)) continue;
    env[name] = value;
  }
  if (process.env.LINKFLOW_TEMPORAL_BIN) env.LINKFLOW_TEMPORAL_BIN = process.env.LINKFLOW_TEMPORAL_BIN;
  if (process.env.LINKFLOW_TOOLS_DIR) env.LINKFLOW_TOOLS_DIR = process.env.LINKFLOW_TOOLS_DIR;
  // Development only (a run with it never rewrites docs/BENCHMARKS.md): the worker's tuning knobs.
  for (const name of TUNING_VARIABLES) if (process.env[name]) env[name] = process.env[name];
  return {
    ...env,
    LINKFLOW_DATA_DIR: dataDir,
    LINKFLOW_TEMPORAL_PORT: String(options.temporalPort),
    LINKFLOW_TEMPORAL_UI_PORT: String(options.uiPort),
    LINKFLOW_WORKFLOW_ID_PREFIX: idPrefix,
    LINKFLOW_TASK_QUEUE: taskQueue,
  };
}

/** The commit this run's code is from, and whether the work tree holds changes beside it. */
function currentCommit(): string {
  const git = (args: string[]): string =>
    spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 10_000 }).stdout?.trim() ?? '';
  const commit = git(['rev-parse', '--short', 'HEAD']);
  if (commit === '') return 'unknown';
  const changed = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return changed ? `${commit} + uncommitted changes` : commit;
}

/** The seeder's own figure: the benchmark company generated and bulk-loaded into fresh sandboxes. */
async function timeSeeder(seed: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-bench-seed-'));
  const sandboxes = await startSandboxes({ dataDir, anyFreePort: true, seed: false });
  try {
    const plugins = sandboxPlugins();
    const started = performance.now();
    const company = generateCompany({ profile: 'benchmark', seed });
    for (const sandbox of plugins) sandbox.seed(sandboxOf(sandboxes, sandbox.system), company);
    return (performance.now() - started) / 1000;
  } finally {
    await sandboxes.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Seeded {
  customers: number;
  contactPersons: number;
  employees: number;
  products: number;
  salesOrders: number;
  salesOrderLines: number;
  suppliers: number;
  departments: number;
  seedMs: number;
}

const seededReportSchema = z.object({
  seedMs: z.number(),
  bySystem: z.record(z.string(), z.record(z.string(), z.number())),
});

function parseSeeded(logText: string): Seeded {
  const match = /^\{$[\s\S]*?^\}$/m.exec(logText);
  if (!match) throw new Error('linkflow sandbox start printed no JSON description');
  const parsed: unknown = JSON.parse(match[0]);
  const seeded = seededReportSchema.safeParse(
    typeof parsed === 'object' && parsed !== null && 'seeded' in parsed ? parsed.seeded : undefined,
  );
  if (!seeded.success) throw new Error(`linkflow sandbox start reported no seeded company: ${seeded.error.message}`);
  const loaded = seeded.data.bySystem['poweroffice-go'] ?? {};
  const numberOf = (name: string): number => {
    const value = name === 'seedMs' ? seeded.data.seedMs : loaded[name];
    if (value === undefined)
      throw new Error(`linkflow sandbox start did not report what PowerOffice GO loaded: ${name}`);
    return value;
  };
  return {
    customers: numberOf('customers'),
    contactPersons: numberOf('contactPersons'),
    employees: numberOf('employees'),
    products: numberOf('products'),
    salesOrders: numberOf('salesOrders'),
    salesOrderLines: numberOf('salesOrderLines'),
    suppliers: numberOf('suppliers'),
    departments: numberOf('departments'),
    seedMs: numberOf('seedMs'),
  };
}

/** Starts one pair of sandboxes (`linkflow sandbox start`) and waits for its description. */
async function startSandboxPair(
  children: Children,
  name: string,
  env: NodeJS.ProcessEnv,
  options: BenchOptions,
  ports: { poweroffice: number; chargebee: number },
): Promise<Seeded> {
  const args = ['sandbox', 'start', '--json', '--reset', '--profile', options.profile, '--seed', String(options.seed)];
  if (options.customers !== undefined) args.push('--customers', String(options.customers));
  args.push('--systems', 'poweroffice-go,chargebee');
  args.push('--port', `poweroffice-go=${ports.poweroffice}`, '--port', `chargebee=${ports.chargebee}`);
  args.push('--rate-limit', `chargebee=${options.budgets.chargebeePerMinute}`);
  args.push('--rate-limit', `poweroffice-go=${options.budgets.powerofficePerSecond}`);
  const log = children.logFileOf(name);
  const from = fileSize(log);
  children.start(name, args, env);
  await waitForLogLine(log, from, /^\}$/m, 15 * MINUTE, () => children.get(name) !== undefined);
  return parseSeeded(fs.readFileSync(log).subarray(from).toString('utf8'));
}

async function startWorker(children: Children, env: NodeJS.ProcessEnv): Promise<RssSampler> {
  const log = children.logFileOf('worker');
  const from = fileSize(log);
  // Under its heap cap from the start, so that the pid sampled is the worker's own (client/worker-process.ts).
  const worker = children.start('worker', ['worker'], workerProcessEnv(env), workerNodeArgs(loadConfig(env)));
  await waitForLogLine(log, from, /Worker on task queue/, 10 * MINUTE, () => children.get('worker') !== undefined);
  return new RssSampler(worker.pid);
}

/** The limits of the throughput and memory phases: high enough that Temporal, not an API, binds. */
const RAISED_POWEROFFICE_PER_SECOND = 100_000;
const RAISED_CHARGEBEE_PER_MINUTE = 10_000_000;

/** The intervals `linkflow sync start` puts in force for these budgets (at most 5 % of each on polling). */
function intervalsInForce(
  flows: Dataflow[],
  budgets: { powerofficePerSecond: number; chargebeePerMinute: number },
): Record<Vendor, number> {
  const inForce = pollIntervalsInForce(flows, pollIntervals(), {
    'poweroffice-go': budgets.powerofficePerSecond * 60,
    chargebee: budgets.chargebeePerMinute,
  });
  return { 'poweroffice-go': inForce['poweroffice-go'] ?? 5_000, chargebee: inForce['chargebee'] ?? 5_000 };
}

/** `linkflow <args>` as a command that runs to its end; a failure names its log. */
async function runCommand(context: BenchContext, name: string, args: string[]): Promise<void> {
  const child = context.children.start(name, args, context.env);
  child.expectedExit = true;
  const code = await child.exited;
  if (code !== 0) throw new Error(`linkflow ${args.join(' ')} failed (exit ${String(code)}); see ${child.logFile}`);
}

/** When the pollers started (the first one's start time in visibility): the initial sync's time zero. */
async function pollersStarted(context: BenchContext): Promise<number> {
  const prefix = `${context.idPrefix}poller/`.replace(/["\\]/g, '');
  for (let attempt = 0; attempt < 30; attempt += 1) {
    let first: number | undefined;
    for await (const execution of context.client.workflow.list({ query: `WorkflowId STARTS_WITH "${prefix}"` }))
      first = Math.min(first ?? Infinity, execution.startTime.getTime());
    if (first !== undefined) return first;
    await sleep(1_000, context.signal);
  }
  throw new Error('no poller appeared in visibility after sync start');
}

interface InitialResult {
  from: number;
  to: number;
  byStatus: Record<string, number>;
  stats: Record<Vendor, Stats>;
  orderLines: number;
  fresh: BenchReport['fresh'];
}

/** `linkflow sync start`, then the first sync until it has settled; the fresh changes are made on the way. */
async function initialSync(
  context: BenchContext,
  expectedLinks: number,
  onStarted: (from: number) => void,
  naiveProgress: () => NaiveProgress | undefined,
): Promise<InitialResult> {
  const before = await readStats(context.admins);
  await runCommand(context, 'sync-start', ['sync', 'start']);
  const from = await pollersStarted(context);
  onStarted(from);
  context.out(`${at(context)} Initial sync under way (pollers started ${clock(Date.now() - from)} ago).`);

  let fresh: Promise<BenchReport['fresh']> | undefined;
  let lastLine = 0;
  let quietSince: number | undefined;
  let settledSince: number | undefined;
  let previous = '';
  const progressLine = async (byStatus: Record<string, number>): Promise<void> => {
    const stats = await readStats(context.admins).catch(() => undefined);
    const cb = stats ? statsBetween(before.chargebee, stats.chargebee) : undefined;
    const naive = naiveProgress();
    const statuses = Object.entries(byStatus)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    context.out(
      `  ${at(context)} links: ${statuses || 'none yet'}` +
        (cb ? `; Chargebee ${cb.requests} requests, ${cb.rateLimited} 429s` : '') +
        (naive ? `; naive ${naive.visited} records, ${naive.synced} synced` : ''),
    );
  };
  const startedWaiting = Date.now();
  const timeoutMs = context.options.mode === 'quick' ? 120 * MINUTE : 24 * 60 * MINUTE;
  for (;;) {
    if (Date.now() - startedWaiting > timeoutMs)
      throw new Error(`the initial sync did not settle within ${clock(timeoutMs)} (${previous || 'no links'})`);
    const checkStarted = Date.now();
    // The watch must not load what it measures: a count reads the visibility row of every link it counts, on
    // the embedded server's one SQLite connection. While links are at work only the unsettled are counted;
    // every status only for the progress line (whose linked count also starts the fresh changes) and once
    // none is unsettled, to see the end. Checking takes at most a fifth of the time.
    const unsettled = await unsettledLinkCount(context.client, context.config);
    const lineDue = Date.now() - lastLine >= 30_000;
    if (unsettled > 0 && !lineDue) {
      settledSince = undefined;
      quietSince = undefined;
      await sleep(Math.max(1_000, 4 * (Date.now() - checkStarted)), context.signal);
      continue;
    }
    const progress = await syncProgress(context.client, context.config, context.flows);
    const pauseMs = Math.max(1_000, 4 * (Date.now() - checkStarted));
    const linked = progress.byStatus['linked'] ?? 0;
    if (!fresh && !context.options.skip.has('fresh') && linked >= 0.25 * expectedLinks) {
      context.out(`  ${at(context)} ${linked} of about ${expectedLinks} links linked: making the fresh changes`);
      fresh = freshChanges(context);
      // A failure is reported with the figures, not here.
      fresh.catch(() => undefined);
    }
    const allSettled = progress.links > 0 && progress.settled === progress.links;
    const quiet = allSettled && progress.pollersCaughtUp === progress.pollers;
    const fingerprint = JSON.stringify(progress.byStatus);
    // The sync ends when its last link settled. Pollers still reading back linkflow's own writes then only
    // confirm it; a record they find anew changes the counts, and the end moves on.
    if (!allSettled) settledSince = undefined;
    else if (settledSince === undefined || fingerprint !== previous) settledSince = checkStarted;
    if (!quiet) quietSince = undefined;
    else if (quietSince === undefined || fingerprint !== previous) quietSince = Date.now();
    previous = fingerprint;
    // Settled: quiet for three checks in a row with nothing changing (visibility lags a moment behind).
    if (quietSince !== undefined && Date.now() - quietSince >= 3_000 && (fresh || context.options.skip.has('fresh'))) {
      const after = await readStats(context.admins);
      const stats = {
        'poweroffice-go': statsBetween(before['poweroffice-go'], after['poweroffice-go']),
        chargebee: statsBetween(before.chargebee, after.chargebee),
      };
      const orderLines = context.cb.invoicedOrders().lines;
      const to = settledSince ?? quietSince;
      context.out(
        `  ${at(context)} settled; the initial sync took ${clock(to - from)} (pollers caught up ${clock(quietSince - to)} later)`,
      );
      await progressLine(progress.byStatus);
      const freshResult = fresh
        ? await fresh.catch((error: unknown) => failed(context, 'fresh changes', error))
        : undefined;
      return { from, to, byStatus: progress.byStatus, stats, orderLines, fresh: freshResult };
    }
    if (Date.now() - lastLine >= 30_000) {
      lastLine = Date.now();
      await progressLine(progress.byStatus);
    }
    await sleep(pauseMs, context.signal);
  }
}

function failed(context: BenchContext, what: string, error: unknown): undefined {
  if (error instanceof Aborted) throw error;
  context.out(`  ! ${what}: ${message(error)}`);
  notes.push(`${what} failed: ${message(error)}`);
  return undefined;
}

/** Notes for the report (phases that failed, caps, …). */
const notes: string[] = [];

/** Runs a phase; a failure is noted and the benchmark goes on with the next one. */
async function phase<T>(context: BenchContext, name: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    return failed(context, name, error);
  }
}

function naiveFigures(
  result: NaiveResult,
  stats: Record<Vendor, Stats>,
  orderLines: number,
  totalRecords: number,
  options: BenchOptions,
  linkflow: { seconds: number; chargebeeRequestsPerSyncedRecord: number },
): NaiveFigures {
  const seconds = result.elapsedMs / 1000;
  const extrapolatedSeconds =
    result.complete || result.visited === 0 ? undefined : (seconds * totalRecords) / result.visited;
  const naiveSeconds = extrapolatedSeconds ?? seconds;
  const synced = result.synced + orderLines;
  const perRecord = synced > 0 ? stats.chargebee.requests / synced : 0;
  const budgetPerMs = {
    'poweroffice-go': options.budgets.powerofficePerSecond / 1000,
    chargebee: options.budgets.chargebeePerMinute / MINUTE,
  };
  return {
    seconds,
    complete: result.complete,
    extrapolatedSeconds,
    visited: result.visited,
    totalRecords,
    synced: result.synced,
    orderLines,
    failures: result.failures,
    rateLimitRetries: result.rateLimitRetries,
    firstErrors: result.firstErrors,
    requests: {
      'poweroffice-go': vendorUse(stats['poweroffice-go'], budgetPerMs['poweroffice-go'], result.elapsedMs),
      chargebee: vendorUse(stats.chargebee, budgetPerMs.chargebee, result.elapsedMs),
    },
    chargebeeRequestsPerSyncedRecord: perRecord,
    ratios: {
      time: naiveSeconds > 0 ? linkflow.seconds / naiveSeconds : undefined,
      chargebeeRequestsPerSyncedRecord:
        perRecord > 0 ? linkflow.chargebeeRequestsPerSyncedRecord / perRecord : undefined,
    },
  };
}

export async function runBench(options: BenchOptions): Promise<number> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const commit = currentCommit();
  notes.length = 0;
  const stamp = new Date(started).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const idPrefix = `bench/${stamp}/`;
  const taskQueue = `linkflow-bench-${stamp}`;
  const logDir = path.join(options.dataDir, 'logs', stamp);
  fs.mkdirSync(logDir, { recursive: true });
  // With --json, stdout carries the figures only: progress goes to stderr.
  const out: Out = (line) => {
    (options.json ? process.stderr : process.stdout).write(`${line}\n`);
    fs.appendFileSync(path.join(logDir, 'bench.log'), `${line}\n`);
  };
  const pidFile = path.join(options.dataDir, 'pids.json');
  killLeftovers(pidFile, out, 'benchmark');

  const naiveDir = path.join(options.dataDir, 'naive');
  const env = partEnv(options.dataDir, options, idPrefix, taskQueue);
  const naiveEnv = partEnv(naiveDir, options, idPrefix, taskQueue);
  const config = loadConfig(env);
  if (await isServerReachable(config)) {
    throw new Error(`a Temporal server already answers on 127.0.0.1:${options.temporalPort}; pass --temporal-port`);
  }
  const { ports } = options;
  for (const port of [
    options.uiPort,
    ports.poweroffice,
    ports.chargebee,
    ports.naivePoweroffice,
    ports.naiveChargebee,
  ]) {
    if (await portAnswers(port)) throw new Error(`port ${port} is in use; pass other ports (see --help)`);
  }
  // A fresh dev-server database and fresh sandboxes every run; the logs of earlier runs stay.
  for (const dir of ['temporal', 'sandboxes', 'naive'])
    fs.rmSync(path.join(options.dataDir, dir), { recursive: true, force: true });

  const children = new Children(logDir, pidFile);
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) {
      children.killAllNow();
      process.exit(130);
    }
    out(`\n${signal}: stopping the benchmark and every process it started…`);
    abort.abort();
  };
  const onExit = (): void => children.killAllNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  children.onUnexpectedExit = (child) =>
    out(`  ! ${child.name} exited on its own (code ${String(child.exitCode)}); see ${child.logFile}`);

  // The intervals `linkflow sync start` puts in force for these budgets (at most 5 % of each on polling).
  const benchFlows = dataflowsBetween(loadDataflows(), ['poweroffice-go', 'chargebee']);
  const intervalsMs = intervalsInForce(benchFlows, options.budgets);
  const watcher = new ArrivalWatcher();
  let context: BenchContext | undefined;
  let sampler: RssSampler | undefined;
  let throughputSampler: RssSampler | undefined;
  const stores: { close: () => void }[] = [];
  try {
    out(
      `linkflow bench${options.mode === 'quick' ? ' --quick' : ''}: ${options.profile} company` +
        `${options.customers !== undefined ? ` (${options.customers} customers)` : ''}, PowerOffice GO ` +
        `${options.budgets.powerofficePerSecond} requests/s, Chargebee ${options.budgets.chargebeePerMinute}/min`,
    );
    out(
      `Temporal 127.0.0.1:${options.temporalPort} (UI ${options.uiPort}); workflow ids "${idPrefix}…"; logs ${logDir}`,
    );

    out('\nTiming the seeder on the benchmark company…');
    const seederSeconds = await timeSeeder(options.seed);
    out(`  generated and loaded in ${seederSeconds.toFixed(1)} s`);

    out('Starting the Temporal dev server (linkflow server)…');
    children.start('server', ['server'], env);
    const serverDeadline = Date.now() + 20 * MINUTE;
    while (!(await isServerReachable(config, 2_000))) {
      if (!children.get('server')) throw new Error(`linkflow server exited; see ${children.logFileOf('server')}`);
      if (Date.now() > serverDeadline) throw new Error('no Temporal server answered within 20 minutes');
      await sleep(1_000, abort.signal);
    }
    const runNaive = !options.skip.has('naive');
    out(`Starting the sandboxes (linkflow sandbox start)${runNaive ? ', and a second pair for the baseline' : ''}…`);
    const [seeded] = await Promise.all([
      startSandboxPair(children, 'sandboxes', env, options, {
        poweroffice: ports.poweroffice,
        chargebee: ports.chargebee,
      }),
      runNaive
        ? startSandboxPair(children, 'naive-sandboxes', naiveEnv, options, {
            poweroffice: ports.naivePoweroffice,
            chargebee: ports.naiveChargebee,
          })
        : Promise.resolve(undefined),
    ]);
    const company = {
      customers: seeded.customers,
      'contact persons': seeded.contactPersons,
      employees: seeded.employees,
      products: seeded.products,
      'sales orders': seeded.salesOrders,
      'order lines': seeded.salesOrderLines,
      suppliers: seeded.suppliers,
      departments: seeded.departments,
    };
    out(
      `  seeded ${Object.entries(company)
        .map(([name, count]) => `${count} ${name}`)
        .join(', ')} in ${(seeded.seedMs / 1000).toFixed(1)} s`,
    );
    const sandboxData = path.join(options.dataDir, 'sandboxes');
    const po = new PowerOfficeStore(path.join(sandboxData, 'poweroffice-go.sqlite'));
    const cb = new ChargebeeStore(path.join(sandboxData, 'chargebee.sqlite'));
    stores.push(po, cb);
    const naiveCb = runNaive ? new ChargebeeStore(path.join(naiveDir, 'sandboxes', 'chargebee.sqlite')) : undefined;
    if (naiveCb) stores.push(naiveCb);
    const { settings } = resolveConnectorSettings(config, env);
    const naiveSettings = runNaive ? resolveConnectorSettings(loadConfig(naiveEnv), naiveEnv).settings : undefined;

    out('Starting the worker (linkflow worker)…');
    sampler = await startWorker(children, env);
    out(`  worker pid ${sampler.pid}; its RSS is sampled every second`);
    const client = await connectClient(config);
    context = {
      options,
      stamp,
      idPrefix,
      env,
      config,
      client,
      flows: benchFlows,
      settings,
      children,
      admins: {
        'poweroffice-go': new SandboxAdmin('poweroffice-go', ports.poweroffice),
        chargebee: new SandboxAdmin('chargebee', ports.chargebee),
      },
      po,
      cb,
      watcher,
      intervalsMs,
      out,
      signal: abort.signal,
      started,
      usedSubjects: new Set(),
    };
    const ctx = context;

    // ---- the initial sync, with the baseline beside it ----
    out(
      `\nStarting the sync (linkflow sync start: polls PowerOffice GO every ${intervalsMs['poweroffice-go'] / 1000} s, ` +
        `Chargebee every ${intervalsMs.chargebee / 1000} s, idle ceiling ${DEFAULT_IDLE_CEILING_MS / 1000} s)…`,
    );
    const naiveAbort = new AbortController();
    abort.signal.addEventListener('abort', () => naiveAbort.abort(), { once: true });
    let naiveLatest: NaiveProgress | undefined;
    let naiveRun: Promise<{ result: NaiveResult; stats: Record<Vendor, Stats> } | undefined> =
      Promise.resolve(undefined);
    const naiveAdmins = {
      'poweroffice-go': new SandboxAdmin('poweroffice-go', ports.naivePoweroffice),
      chargebee: new SandboxAdmin('chargebee', ports.naiveChargebee),
    };
    const expectedLinks =
      seeded.customers + seeded.contactPersons + seeded.employees + seeded.products + seeded.salesOrders;
    const initial = await initialSync(
      ctx,
      expectedLinks,
      () => {
        if (!naiveSettings) return;
        naiveRun = (async () => {
          const before = await readStats(naiveAdmins);
          const result = await runNaiveSync(naiveSettings, {
            signal: naiveAbort.signal,
            onProgress: (progress) => {
              naiveLatest = progress;
            },
          });
          const after = await readStats(naiveAdmins);
          out(
            `  ${at(ctx)} the naive script ${result.complete ? 'finished' : 'was stopped'} after ${clock(result.elapsedMs)}`,
          );
          return {
            result,
            stats: {
              'poweroffice-go': statsBetween(before['poweroffice-go'], after['poweroffice-go']),
              chargebee: statsBetween(before.chargebee, after.chargebee),
            },
          };
        })();
        naiveRun.catch(() => undefined);
      },
      () => naiveLatest,
    );
    if (options.capNaive) naiveAbort.abort();
    const initialMs = initial.to - initial.from;
    const budgetPerMs: Record<Vendor, number> = {
      'poweroffice-go': options.budgets.powerofficePerSecond / 1000,
      chargebee: options.budgets.chargebeePerMinute / MINUTE,
    };
    const requests = {
      'poweroffice-go': vendorUse(initial.stats['poweroffice-go'], budgetPerMs['poweroffice-go'], initialMs),
      chargebee: vendorUse(initial.stats.chargebee, budgetPerMs.chargebee, initialMs),
    };
    const bindingVendor: Vendor =
      requests.chargebee.budgetUsed >= requests['poweroffice-go'].budgetUsed ? 'chargebee' : 'poweroffice-go';
    for (const vendor of VENDORS) {
      // What the reads were (a feed read, a batched read, a search): the requests that carried no work.
      const reads = Object.entries(requests[vendor].byQuery)
        .filter(([shape]) => shape.startsWith('GET '))
        .sort(([, a], [, b]) => b - a)
        .slice(0, 6)
        .map(([shape, count]) => `${count} ${shape}`);
      if (reads.length > 0) out(`  ${vendor} reads with a query in the initial sync: ${reads.join('; ')}`);
    }
    const linked = initial.byStatus['linked'] ?? 0;
    const syncedTotal = linked + initial.orderLines;
    const floorSeconds = requests.chargebee.writes / (options.budgets.chargebeePerMinute / 60);
    const initialSyncFigures: BenchReport['initialSync'] = {
      seconds: initialMs / 1000,
      links: initial.byStatus,
      synced: { links: linked, orderLines: initial.orderLines, total: syncedTotal },
      requests,
      bindingVendor,
      workShareOfBindingBudget: requests[bindingVendor].writes / (budgetPerMs[bindingVendor] * initialMs),
      chargebeeRequestsPerSyncedRecord: syncedTotal > 0 ? requests.chargebee.requests / syncedTotal : 0,
      rateLimitFailures: undefined,
      floorSeconds,
      timeOverFloor: floorSeconds > 0 ? initialMs / 1000 / floorSeconds : 0,
      bindingProfile: budgetProfile(
        initial.stats[bindingVendor].timeline,
        { from: initial.from, to: initial.to },
        budgetPerMs[bindingVendor] * 1000,
      ),
    };
    const windows: Window[] = [{ name: 'initial', from: initial.from, to: initial.to }];

    // ---- the idle window, the first edit after it, the stream of edits, a batch ----
    let steady: SteadyResult | undefined;
    if (!options.skip.has('steady')) steady = await phase(ctx, 'steady state', () => steadyState(ctx));
    if (steady) windows.push(steady.window);
    const idleEdit = options.skip.has('steady')
      ? undefined
      : await phase(ctx, 'first edit after the idle window', () => firstEditAfterIdle(ctx));
    const propagationFrom = Date.now();
    const propagated = options.skip.has('propagation')
      ? undefined
      : await phase(ctx, 'propagation', () => propagation(ctx));
    // Where the stream's time goes (its tasks' waits in the queues), read from the histories like the others.
    if (propagated) windows.push({ name: 'propagation', from: propagationFrom, to: Date.now() });
    let batchResult: BatchResult | undefined;
    if (!options.skip.has('batch')) {
      await phase(ctx, 'settling before the batch', () => settle(ctx, 30 * MINUTE));
      batchResult = await phase(ctx, 'batch', () => batch(ctx));
    }
    if (batchResult) windows.push(batchResult.window);

    // ---- throughput: the limits raised, and a worker that keeps to the raised ones ----
    sampler.stop();
    const workerPeak = sampler.peakMiB();
    const workerLast = sampler.lastMiB();
    const workerSamples = sampler.samples;
    let throughputFigures: BenchReport['throughput'];
    let memoryFigures: MemoryAtLinks | undefined;
    const memoryWanted = options.memoryLinks > 0 && !options.skip.has('memory');
    if (!options.skip.has('throughput') || memoryWanted) {
      out(`\n${at(ctx)} Raising the sandboxes' limits and the worker's budgets (worker restarted)…`);
      await children.stop('worker');
      await ctx.admins['poweroffice-go'].setRateLimit(RAISED_POWEROFFICE_PER_SECOND);
      await ctx.admins.chargebee.setRateLimit(RAISED_CHARGEBEE_PER_MINUTE);
      writeSandboxConnections(config, {
        ...settings,
        'poweroffice-go': { ...settings['poweroffice-go'], requestsPerSecond: RAISED_POWEROFFICE_PER_SECOND },
        chargebee: { ...settings['chargebee'], requestsPerMinute: RAISED_CHARGEBEE_PER_MINUTE },
      });
      throughputSampler = await startWorker(children, env);
      // `sync start` derives the poll intervals from the budgets (at most 5 % of each on polling), and running
      // pollers keep the interval they were started with: a user applies a raised budget to them by stopping the
      // sync and starting it again, and so does the benchmark (docs/DECISIONS.md 159).
      await runCommand(ctx, 'sync-stop', ['sync', 'stop']);
      await runCommand(ctx, 'sync-start', ['sync', 'start']);
      ctx.intervalsMs = intervalsInForce(benchFlows, {
        powerofficePerSecond: RAISED_POWEROFFICE_PER_SECOND,
        chargebeePerMinute: RAISED_CHARGEBEE_PER_MINUTE,
      });
      out(
        `  ${at(ctx)} sync restarted: polls PowerOffice GO every ${ctx.intervalsMs['poweroffice-go'] / 1000} s, ` +
          `Chargebee every ${ctx.intervalsMs.chargebee / 1000} s`,
      );
      await sleep(5_000, abort.signal);
    }
    if (!options.skip.has('throughput')) {
      throughputFigures = await phase(ctx, 'throughput', async () => {
        out(`\n${at(ctx)} Throughput: ${options.throughputRecords} new contact persons at once…`);
        const result = await throughput(ctx);
        windows.push(result.window);
        return result.figures;
      });
    }
    const memorySampler = throughputSampler;
    if (memoryWanted && memorySampler)
      memoryFigures = await phase(ctx, 'memory', () => memoryAtLinks(ctx, options.memoryLinks, memorySampler));
    const linksAtEnd = await linkStatuses(ctx).catch(() => ({}));
    out(`\n${at(ctx)} Stopping the worker; reading the histories…`);
    throughputSampler?.stop();
    await children.stop('worker');

    // ---- Temporal cost, from the histories ----
    let scan: HistoryScan | undefined;
    try {
      // Only executions started by the time the last window closed can have events in one (the memory phase's
      // hundred thousand executions would add minutes to the scan and nothing to its counts).
      const historyClient = await historyReadingClient(config);
      try {
        scan = await countTemporalCost(historyClient, idPrefix, windows, {
          startedBefore: Math.max(...windows.map((window) => window.to)),
          onProgress: (done) => out(`  ${at(ctx)} ${done} histories read`),
        });
      } finally {
        await historyClient.connection.close();
      }
      out(`  ${scan.executions} executions, ${scan.events} events read in ${clock(scan.ms)}`);
    } catch (error) {
      failed(ctx, 'reading the histories', error);
    }
    initialSyncFigures.rateLimitFailures = scan?.byWindow['initial']?.rateLimitFailures;
    const steadyCounts = scan?.byWindow['steady'];

    // ---- the baseline ----
    let naive: NaiveFigures | undefined;
    if (naiveSettings && naiveCb) {
      if (!options.capNaive) out(`${at(ctx)} Waiting for the naive script to finish…`);
      const capTimer = setTimeout(() => naiveAbort.abort(), 90 * MINUTE);
      const finished = await naiveRun.catch((error: unknown) => failed(ctx, 'naive script', error));
      clearTimeout(capTimer);
      if (finished) {
        const total =
          seeded.customers + seeded.contactPersons + seeded.employees + seeded.products + seeded.salesOrders;
        naive = naiveFigures(finished.result, finished.stats, naiveCb.invoicedOrders().lines, total, options, {
          seconds: initialSyncFigures.seconds,
          chargebeeRequestsPerSyncedRecord: initialSyncFigures.chargebeeRequestsPerSyncedRecord,
        });
        if (!finished.result.complete)
          notes.push(
            `The naive script was stopped after ${clock(finished.result.elapsedMs)} (linkflow's initial sync time); its time is extrapolated from the records/s it reached.`,
          );
      }
    }

    const report: BenchReport = {
      mode: options.mode,
      command: options.command,
      startedAt: new Date(started).toISOString(),
      commit,
      durationSeconds: (Date.now() - started) / 1000,
      machine: {
        cores: os.cpus().length,
        ramGiB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number((os.loadavg()[0] ?? 0).toFixed(2)) },
      },
      company,
      budgets: options.budgets,
      pollIntervals: {
        powerofficeMs: intervalsMs['poweroffice-go'],
        chargebeeMs: intervalsMs.chargebee,
        idleCeilingMs: DEFAULT_IDLE_CEILING_MS,
        orderSettleMs: DEFAULT_TIMING.orderSettleMs,
      },
      idPrefix,
      logDir,
      seeder: { benchmarkCompanySeconds: seederSeconds, runCompanySeconds: seeded.seedMs / 1000 },
      initialSync: initialSyncFigures,
      fresh: initial.fresh,
      steady: steady && {
        ...steady.figures,
        temporal: steadyCounts && {
          actions: steadyCounts.actions,
          actionsPerIdleHour: (steadyCounts.actions * 60 * MINUTE) / (steady.window.to - steady.window.from),
          workflowTasks: steadyCounts.workflowTasks,
        },
      },
      idleEdit,
      propagation: propagated,
      temporalCost: {
        initial: perChange(scan?.byWindow['initial'], linked),
        batch:
          batchResult &&
          perChange(
            scan?.byWindow['batch'],
            options.batch,
            // The pollers' idle routine over the batch's window, at the idle window's rate.
            steady && steadyCounts
              ? (steadyCounts.actions * (batchResult.window.to - batchResult.window.from)) /
                  (steady.window.to - steady.window.from)
              : undefined,
          ),
      },
      throughput: throughputFigures,
      memory: {
        workerPeakMiB: workerPeak,
        workerLastMiB: workerLast,
        samples: workerSamples,
        throughputWorkerPeakMiB: throughputSampler?.peakMiB(),
        ...(memoryFigures ? { atLinks: memoryFigures } : {}),
      },
      naive,
      linksAtEnd,
      histories: scan && { executions: scan.executions, events: scan.events, seconds: scan.ms / 1000 },
      taskTimings: Object.fromEntries(
        Object.entries(scan?.byWindow ?? {}).map(([name, counts]) => [name, meanTimings(counts.timings)]),
      ),
      notes,
    };
    fs.writeFileSync(path.join(logDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (options.json)
      process.stdout.write(`${JSON.stringify({ ...report, failedChecks: failedChecks(report) }, null, 2)}\n`);
    else out(`\nlinkflow bench${options.mode === 'quick' ? ' --quick' : ''}: figures${renderText(report)}`);
    if (options.writeDocs) {
      writeBenchmarksSection(report);
      out(`\nWrote the ${options.mode} section of docs/BENCHMARKS.md.`);
    } else {
      out('\ndocs/BENCHMARKS.md left as it was (a run with overrides, or --no-docs).');
    }
    return 0;
  } catch (error) {
    if (error instanceof Aborted) return 130;
    out(`\nlinkflow bench: ${message(error)}`);
    return 1;
  } finally {
    abort.abort();
    watcher.stop();
    sampler?.stop();
    throughputSampler?.stop();
    await context?.client.connection.close().catch(() => undefined);
    out('Stopping every process the benchmark started…');
    await children.stopAll(['sync-start', 'worker', 'sandboxes', 'naive-sandboxes', 'server']);
    for (const store of stores) store.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}
