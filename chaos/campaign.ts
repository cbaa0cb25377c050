/**
 * `linkflow chaos`: a fault campaign against linkflow running as a new user runs it, each part in its own
 * process (server, sandboxes, worker, `sync start`), on a Temporal dev server, ports and database of its own.
 * While the first sync of a seeded company and a stream of edits on both sides run, it kills the worker,
 * restarts the server, injects 5xx, 429 storms, latency spikes and an outage of each vendor, replays old and
 * duplicated deliveries and races edits on both sides of one record. Then, once the faults have stopped and
 * the sync has settled, it proves through the public APIs that nothing was lost or duplicated, that the bad
 * records are parked with their reasons, and that no credential reached a history or a log.
 */
import { portAnswers } from '../harness/waits';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { resolveConnectorSettings } from '../client/connector-settings';
import { loadConfig, type LinkflowConfig } from '../config/config';
import { loadDataflows, normaliseEmail, type Dataflow } from '../dataflows/engine';
import { SeededRandom } from '../sandboxes/seeder/random';
import { connectClient, isServerReachable } from '../temporal/connection';
import { historyReadingClient } from '../temporal/read-history';
import type { ConnectorSettings } from '../worker/sync-runtime';
import { plantBadCorpus, type BadRecord } from './bad-corpus';
import { checkConvergence, fingerprint, isClean, type ConvergenceReport, type Side } from './convergence';
import { chooseSubjects, EditMaker, type MadeEdit, type Subject } from './edits';
import type { ChaosOptions } from './options';
import { Parts, type Counters } from './parts';
import { faultsAt, makePlan, phaseAt, type Plan } from './plan';
import { killLeftovers, ProcessSet } from './processes';
import { failures, printReport, type CampaignFigures } from './report';
import { Replayer } from './replays';
import { SandboxAdmin, type Vendor } from '../harness/sandbox-admin';
import { collectSecrets, scanForSecrets, type SecretsReport } from './secrets';
import { connectSystems, readChargebee, readPowerOffice, readSystems } from './systems';
import { Aborted, minutesText, sleep } from './util';
import { judgeBadRecords, listLinks, type BadRecordOutcome, type LinkView } from './visibility';

const DATAFLOW = 'poweroffice-to-chargebee';
const MINUTE = 60_000;

type Out = (line: string) => void;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The environment every part runs with: the campaign's own ports, data, prefix and queue; no real systems. */
function campaignEnv(options: ChaosOptions, idPrefix: string, taskQueue: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // The campaign talks to the local sandboxes and its own dev server only, never to a configured system.
    if (/^(TEMPORAL_|POWEROFFICE_|CHARGEBEE_)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    LINKFLOW_DATA_DIR: options.dataDir,
    LINKFLOW_TEMPORAL_PORT: String(options.temporalPort),
    LINKFLOW_TEMPORAL_UI_PORT: String(options.uiPort),
    LINKFLOW_WORKFLOW_ID_PREFIX: idPrefix,
    LINKFLOW_TASK_QUEUE: taskQueue,
    LINKFLOW_CHAOS_BLOCK_MS: String(options.blockMs),
  };
}

interface CampaignState {
  options: ChaosOptions;
  plan: Plan;
  flow: Dataflow;
  settings: ConnectorSettings;
  parts: Parts;
  admins: Record<Vendor, SandboxAdmin>;
  edits: EditMaker;
  replayer: Replayer;
  pools: { stream: Subject[]; races: Subject[] };
  random: SeededRandom;
  out: Out;
  signal: AbortSignal;
  chaosStart: number;
  made: MadeEdit[];
  client: Client;
  taskQueue: string;
}

const elapsed = (state: CampaignState): number => Date.now() - state.chaosStart;
const between = (random: SeededRandom, [min, max]: [number, number]): number => random.int(min, max);
const stamp = (state: CampaignState): string => `[${minutesText(elapsed(state))}]`;

/** Keeps each sandbox's faults as the plan says for this moment. */
async function faultLoop(state: CampaignState): Promise<void> {
  const applied: Record<string, string> = {};
  let lastForced = Date.now();
  while (elapsed(state) < state.plan.durationMs) {
    // A sandbox restarted on its own forgets its faults: apply them again now and then.
    const force = Date.now() - lastForced > 30_000;
    if (force) lastForced = Date.now();
    for (const vendor of ['poweroffice-go', 'chargebee'] as const) {
      const wanted = faultsAt(state.plan, vendor, elapsed(state));
      const key = JSON.stringify(wanted);
      if (!force && applied[vendor] === key) continue;
      try {
        await state.admins[vendor].setFaults(wanted);
        if (applied[vendor] !== key) state.out(`  ${stamp(state)} ${vendor} faults ${key}`);
        applied[vendor] = key;
      } catch (error) {
        state.out(`  ! ${message(error)}`);
      }
    }
    await sleep(1_000, state.signal);
  }
}

/**
 * The worker's main thread blocked for longer than a workflow task's timeout; then the same process must poll
 * again within a minute. A process that exits instead is revived (and counted) by the keeper; one that stays
 * alive without polling is the fault of docs/RELIABILITY.md: counted, and killed so that the campaign goes on.
 */
async function blockWorker(state: CampaignState): Promise<void> {
  const { blockMs } = state.options;
  const blocked = state.parts.blockWorker();
  if (!blocked) {
    state.out(`  ${stamp(state)} main-thread block skipped: no worker running`);
    return;
  }
  state.out(`  ${stamp(state)} SIGUSR2 worker: main thread blocked for ${blockMs / 1000} s`);
  const endsAt = Date.now() + blockMs;
  await sleep(blockMs + 2_000, state.signal);
  while (Date.now() < endsAt + MINUTE) {
    if (state.parts.processes.get('worker')?.pid !== blocked.pid) {
      state.out(`  ! ${stamp(state)} the blocked worker exited (the keeper starts another)`);
      return;
    }
    const polls = await state.parts.pollsSince(state.client, state.taskQueue, blocked.pid, endsAt).catch(() => false); // the server restarting: ask again
    if (polls) {
      state.out(`  ${stamp(state)} worker serving again after the block`);
      return;
    }
    await sleep(5_000, state.signal);
  }
  state.parts.counters.stuckAfterBlock += 1;
  state.out(`  ! ${stamp(state)} the worker polls nothing a minute after the block: killing it`);
  await state.parts.killWorker(1_000, false);
}

/** Worker SIGKILLs, main-thread blocks and server restarts at the planned moments, one at a time. */
async function disruptionLoop(state: CampaignState): Promise<void> {
  for (const disruption of state.plan.disruptions) {
    await sleep(disruption.at - elapsed(state), state.signal);
    if (disruption.kind === 'block-worker') {
      await blockWorker(state);
    } else if (disruption.kind === 'kill-worker') {
      const pause = between(state.random, state.options.restartPauseMs);
      state.out(`  ${stamp(state)} SIGKILL worker (back in ${(pause / 1000).toFixed(1)} s)`);
      await state.parts.killWorker(pause);
    } else {
      const pause = state.random.int(2_000, 6_000);
      const after = `restart after ${(pause / 1000).toFixed(1)} s`;
      state.out(`  ${stamp(state)} ${disruption.signal} Temporal server (${after})`);
      await state.parts.restartServer(disruption.signal, pause);
      state.out(`  ${stamp(state)} Temporal server back`);
    }
  }
}

const otherSide = (side: Side): Side => (side === 'poweroffice-go' ? 'chargebee' : 'poweroffice-go');

/** One edit of the stream: a random subject, property and side (the side that is up during an outage). */
async function streamEdit(state: CampaignState): Promise<void> {
  const outage = phaseAt(state.plan, elapsed(state))?.outage;
  const subject = state.random.pick(state.pools.stream);
  const field = state.random.pick(subject.fields);
  let side: Side = outage ? otherSide(outage) : state.random.chance(0.5) ? 'poweroffice-go' : 'chargebee';
  const kind = outage ? 'during-outage' : 'stream';
  let made = await state.edits.edit(subject, field, side, kind);
  // A Chargebee record that the first sync has not created yet cannot be edited there: edit PowerOffice.
  if (!made && side === 'chargebee' && outage !== 'poweroffice-go') {
    side = 'poweroffice-go';
    made = await state.edits.edit(subject, field, side, kind);
  }
  if (made) state.made.push(made);
}

/**
 * A race: one property edited in one system, then 1 s later in the other; the later edit must win. Each race
 * has a number of its own, used or not, so that the check never pairs edits of two different races.
 */
async function race(state: CampaignState, raceNo: number): Promise<void> {
  const candidates = state.pools.races.splice(0, 3);
  for (const [index, subject] of candidates.entries()) {
    if (!(await state.edits.chargebeeExists(subject).catch(() => false))) continue;
    // The others go back for a later race; a raced subject is never edited again.
    state.pools.races.push(...candidates.filter((_candidate, i) => i !== index));
    // Looking for a candidate takes a while: an outage may have begun meanwhile, and a race needs both sides.
    if (phaseAt(state.plan, elapsed(state) + 5_000)?.outage || phaseAt(state.plan, elapsed(state))?.outage) return;
    const field = subject.fields[raceNo % 2] ?? subject.fields[0];
    if (!field) return;
    const first: Side = raceNo % 2 === 0 ? 'poweroffice-go' : 'chargebee';
    const a = await state.edits.edit(subject, field, first, 'race', raceNo);
    if (!a) return;
    await sleep(1_000, state.signal);
    const b = await state.edits.edit(subject, field, otherSide(first), 'race', raceNo);
    const record = `${subject.po.resource}/${subject.po.id} ${field.cb}`;
    const second = `${otherSide(first)} "${b?.edit.value ?? '(refused)'}"`;
    state.out(`  ${stamp(state)} race ${raceNo}: ${record}: ${first} "${a.edit.value}", 1 s later ${second}`);
    return;
  }
  state.pools.races.push(...candidates);
}

async function editLoop(state: CampaignState): Promise<void> {
  let step = 0;
  let races = 0;
  while (elapsed(state) < state.plan.durationMs) {
    await sleep(between(state.random, state.options.editPauseMs), state.signal);
    step += 1;
    const outage = phaseAt(state.plan, elapsed(state))?.outage;
    if (step % 4 === 0 && !outage && state.pools.races.length > 0) {
      races += 1;
      await race(state, races);
      continue;
    }
    await streamEdit(state);
  }
}

/** Re-sends snapshots of edited records: the newer twice, then the older one. */
async function replayLoop(state: CampaignState): Promise<void> {
  while (elapsed(state) < state.plan.durationMs) {
    await sleep(state.random.int(8_000, 15_000), state.signal);
    const ready = state.made.filter((made) => Date.now() - made.after.changedAt > 5_000);
    if (ready.length > 0) await state.replayer.replay(state.random.pick(ready));
  }
}

interface Settled {
  report: ConvergenceReport;
  outcome: 'clean' | 'stable' | 'timeout';
  checks: number;
  ms: number;
}

/**
 * Waits until the sync has settled: a clean check twice in a row, or three checks 30 s apart that agree
 * with no write at either system in between (retries back off up to a minute), or the timeout.
 */
async function settle(state: CampaignState, excluded: ReadonlySet<string>): Promise<Settled> {
  const start = Date.now();
  const deadline = start + state.options.settleMinutes * MINUTE;
  let previous: { print: string; writes: number; clean: boolean } | undefined;
  let agreeing = 0;
  let checks = 0;
  let report: ConvergenceReport | undefined;
  for (;;) {
    await sleep(30_000, state.signal);
    checks += 1;
    try {
      const view = await readSystems(state.settings);
      report = checkConvergence(state.flow, view, state.edits.made, excluded);
      const writes = (await state.admins['poweroffice-go'].writes()) + (await state.admins.chargebee.writes());
      const print = fingerprint(report);
      const clean = isClean(report);
      const { targets, edits, duplicates } = report;
      state.out(
        `  [settling ${minutesText(Date.now() - start)}] targets ${targets.matching}/${targets.sources}, ` +
          `${targets.missing.length} missing, ${edits.lost.length} lost edits, ${duplicates.length} duplicates, ` +
          `${targets.ordersInvoiced}/${targets.orders} orders invoiced, ${writes} writes so far`,
      );
      agreeing = previous && previous.print === print && previous.writes === writes ? agreeing + 1 : 0;
      const ms = Date.now() - start;
      if (clean && previous?.clean) return { report, outcome: 'clean', checks, ms };
      if (agreeing >= 2 && ms >= 2 * MINUTE) return { report, outcome: 'stable', checks, ms };
      previous = { print, writes, clean };
    } catch (error) {
      if (error instanceof Aborted) throw error;
      state.out(`  ! check: ${message(error)}`);
    }
    if (Date.now() > deadline && report) return { report, outcome: 'timeout', checks, ms: Date.now() - start };
    if (Date.now() > deadline + 5 * MINUTE) throw new Error('the systems could not be read after the faults stopped');
  }
}

/** Refuses to start where it would disturb something: the shared ports, or a server already there. */
async function checkPortsFree(options: ChaosOptions, client: { reachable: () => Promise<boolean> }): Promise<void> {
  if (await client.reachable()) {
    throw new Error(
      `a Temporal server already answers on 127.0.0.1:${options.temporalPort}; the campaign kills its server, ` +
        'so it needs a port of its own (--temporal-port)',
    );
  }
  for (const port of [options.uiPort, options.powerofficePort, options.chargebeePort]) {
    if (await portAnswers(port)) throw new Error(`port ${port} is in use; pass other ports (see --help)`);
  }
}

/** `Resource/Id` of every bad record and of the records that exist only for them. */
function plantedKeys(bad: readonly BadRecord[]): Set<string> {
  return new Set(bad.flatMap((record) => [`${record.resource}/${record.id}`, ...record.dependants]));
}

interface Findings {
  settled: Settled;
  bad: BadRecordOutcome[];
  goodParked: LinkView[];
  linkStatuses: Record<string, number>;
  secrets: SecretsReport;
}

/** After the run: bad records and parked good ones from visibility, and the secrets scan. */
async function gatherFindings(
  client: Client,
  config: LinkflowConfig,
  state: CampaignState,
  run: RunInfo,
  bad: BadRecord[],
  settled: Settled,
): Promise<Findings> {
  const { options, out } = state;
  const links = await listLinks(client, run.idPrefix);
  const linkIdOf = (key: string): string => `${run.idPrefix}link/${DATAFLOW}/${key}`;
  const planted = new Set([...plantedKeys(bad)].map(linkIdOf));
  const goodParked = [...links.values()].filter((link) => link.status === 'parked' && !planted.has(link.workflowId));
  const linkStatuses: Record<string, number> = {};
  for (const link of links.values()) linkStatuses[link.status] = (linkStatuses[link.status] ?? 0) + 1;

  out('Scanning every workflow history and log line for credentials…');
  const logFiles = fs.readdirSync(run.logDir).map((file) => path.join(run.logDir, file));
  // Its own client: one whose retry leaves a page refused as too large to the reader (docs/DECISIONS.md 155).
  const historyClient = await historyReadingClient(config);
  const secrets = await scanForSecrets({
    client: historyClient,
    idPrefix: run.idPrefix,
    // The dev server's own log sits beside its database.
    logFiles: [...logFiles, path.join(options.dataDir, 'temporal', 'server.log')],
    secrets: collectSecrets(state.settings, path.join(options.dataDir, 'sandboxes', 'poweroffice-go.sqlite')),
    vendorLogs: [state.parts.processes.logFileOf('sandboxes')],
  }).finally(() => historyClient.connection.close());
  return { settled, bad: judgeBadRecords(bad, links, run.idPrefix, DATAFLOW), goodParked, linkStatuses, secrets };
}

interface RunInfo {
  started: number;
  idPrefix: string;
  taskQueue: string;
  logDir: string;
}

function figuresOf(state: CampaignState, run: RunInfo, chaosMs: number, findings: Findings): CampaignFigures {
  const { options, plan } = state;
  const counters = state.parts.counters;
  const made = state.edits.made;
  const windows = plan.windows.filter((w) => !w.label.startsWith('outage'));
  return {
    startedAt: new Date(run.started).toISOString(),
    flags: {
      quick: options.quick,
      customers: options.customers,
      outageMinutes: options.outageMinutes,
      kills: options.kills,
      serverRestarts: options.serverRestarts,
      blocks: options.blocks,
      stormMinutes: options.stormMinutes,
      settleMinutes: options.settleMinutes,
      pollSeconds: options.pollSeconds,
      seed: options.seed,
      randomSeed: options.randomSeed,
    },
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
    idPrefix: run.idPrefix,
    logDir: run.logDir,
    durationMs: Date.now() - run.started,
    chaosMs,
    settle: { outcome: findings.settled.outcome, ms: findings.settled.ms, checks: findings.settled.checks },
    kills: { planned: options.kills, done: counters.kills, restartMs: counters.restartMs },
    serverRestarts: { planned: options.serverRestarts, done: counters.serverRestarts },
    blocks: { planned: options.blocks, done: counters.blocks, stuck: counters.stuckAfterBlock, ms: options.blockMs },
    unexpectedExits: counters.unexpected,
    outages: plan.phases.flatMap((p) => (p.outage ? [{ vendor: p.outage, minutes: (p.to - p.from) / MINUTE }] : [])),
    faultWindows: windows.map((w) => `${w.label} on ${w.vendor} for ${Math.round((w.to - w.from) / 1000)} s`),
    edits: {
      made: made.length,
      byPowerOffice: made.filter((edit) => edit.system === 'poweroffice-go').length,
      byChargebee: made.filter((edit) => edit.system === 'chargebee').length,
      duringOutage: made.filter((edit) => edit.kind === 'during-outage').length,
      refused: state.edits.failed,
    },
    replays: state.replayer.counts,
    convergence: findings.settled.report,
    linkStatuses: findings.linkStatuses,
    goodParked: findings.goodParked,
    bad: findings.bad,
    secrets: findings.secrets,
  };
}

/** Everything between "the parts are up" and the figures: planting, faults, settling, findings. */
async function campaign(
  options: ChaosOptions,
  run: RunInfo,
  parts: Parts,
  admins: CampaignState['admins'],
  out: Out,
  signal: AbortSignal,
): Promise<CampaignFigures> {
  const plan = makePlan(options);
  const phases = plan.phases.map((phase) => `${phase.name} ${minutesText(phase.to - phase.from)}`).join(' → ');
  out(`Plan: ${phases}, then settle (at most ${options.settleMinutes} min)`);
  out('\nStarting the Temporal dev server (linkflow server)…');
  await parts.startServer(20 * MINUTE);
  out('Starting the sandboxes (linkflow sandbox start)…');
  await parts.startSandboxes(true);
  const env = campaignEnv(options, run.idPrefix, run.taskQueue);
  const config = loadConfig(env);
  const { settings } = resolveConnectorSettings(config, env);
  const systems = connectSystems(settings);
  const flow = loadDataflows().find((candidate) => candidate.id === DATAFLOW);
  if (!flow) throw new Error(`the dataflow ${DATAFLOW} is missing`);
  const client = await connectClient(config);
  try {
    const random = new SeededRandom(options.randomSeed);
    const poBefore = await readPowerOffice(settings);
    const cbBefore = await readChargebee(settings);
    const emails = cbBefore.customer.map((customer) => normaliseEmail(customer['email']));
    const existingEmails = new Set(emails.filter((email): email is string => email !== undefined));
    const sizes = { persons: options.editPersons, products: options.editProducts, races: options.quick ? 4 : 12 };
    const pools = chooseSubjects(flow, poBefore, existingEmails, random, sizes);
    const po = poBefore;
    out(
      `Seeded ${po.Customers.length} customers, ${po.ContactPersons.length} contact persons, ${po.Employees.length} ` +
        `employees, ${po.Products.length} products, ${po.SalesOrders.length} sales orders; edits will touch ` +
        `${pools.stream.length} records, races ${pools.races.length}.`,
    );

    const storeFile = path.join(options.dataDir, 'sandboxes', 'poweroffice-go.sqlite');
    const productId = String(poBefore.Products[0]?.['Id'] ?? '');
    const bad = await plantBadCorpus({ po: systems.po, storeFile, productId, random });
    const viaApi = bad.filter((record) => record.plantedVia === 'api').length;
    out(`Planted ${bad.length} malformed records (${viaApi} through the API, ${bad.length - viaApi} in the store).`);
    fs.writeFileSync(path.join(run.logDir, 'bad-records.json'), `${JSON.stringify(bad, null, 2)}\n`);
    const excluded = plantedKeys(bad);

    out('Starting the worker (linkflow worker) and the sync (linkflow sync start)…');
    await parts.startWorker();
    await parts.syncStart();
    parts.startKeeper();

    const state: CampaignState = {
      options,
      plan,
      flow,
      settings,
      parts,
      admins,
      random,
      out,
      pools,
      signal,
      edits: new EditMaker(systems, random, path.join(run.logDir, 'edits.jsonl')),
      replayer: new Replayer(client, run.idPrefix, run.taskQueue, DATAFLOW),
      chaosStart: Date.now(),
      made: [],
      client,
      taskQueue: run.taskQueue,
    };
    out(`\nFaults on for ${minutesText(plan.durationMs)}:`);
    await Promise.all([faultLoop(state), disruptionLoop(state), editLoop(state), replayLoop(state)]);
    const chaosMs = Date.now() - state.chaosStart;

    out('\nFaults off; waiting for the sync to settle…');
    await Promise.all([admins['poweroffice-go'].setFaults({}), admins.chargebee.setFaults({})]);
    const settled = await settle(state, excluded);
    const findings = await gatherFindings(client, config, state, run, bad, settled);
    return figuresOf(state, run, chaosMs, findings);
  } finally {
    await client.connection.close().catch(() => undefined);
  }
}

export async function runCampaign(options: ChaosOptions, print: Out = console.log): Promise<number> {
  const started = Date.now();
  const runStamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const run: RunInfo = {
    started,
    idPrefix: `chaos/${runStamp}/`,
    taskQueue: `linkflow-chaos-${runStamp}`,
    logDir: path.join(options.dataDir, 'logs', runStamp),
  };
  fs.mkdirSync(run.logDir, { recursive: true });
  const out: Out = (line) => {
    print(line);
    fs.appendFileSync(path.join(run.logDir, 'chaos.log'), `${line}\n`);
  };
  const pidFile = path.join(options.dataDir, 'pids.json');
  killLeftovers(pidFile, out, 'campaign');
  const env = campaignEnv(options, run.idPrefix, run.taskQueue);
  const config = loadConfig(env);
  await checkPortsFree(options, { reachable: () => isServerReachable(config) });
  // A fresh dev-server database and fresh sandboxes for every campaign; the logs of earlier runs stay.
  fs.rmSync(path.join(options.dataDir, 'temporal'), { recursive: true, force: true });
  fs.rmSync(path.join(options.dataDir, 'sandboxes'), { recursive: true, force: true });

  const processes = new ProcessSet(env, run.logDir, pidFile);
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) {
      processes.killAllNow();
      process.exit(130);
    }
    out(`\n${signal}: stopping the campaign and every process it started…`);
    abort.abort();
  };
  const onExit = (): void => processes.killAllNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  const admins: CampaignState['admins'] = {
    'poweroffice-go': new SandboxAdmin('poweroffice-go', options.powerofficePort),
    chargebee: new SandboxAdmin('chargebee', options.chargebeePort),
  };
  const counters: Counters = {
    kills: 0,
    restartMs: [],
    serverRestarts: [],
    blocks: 0,
    stuckAfterBlock: 0,
    unexpected: {},
  };
  const parts = new Parts(processes, config, options, Object.values(admins), counters, out, abort.signal);

  try {
    const o = options;
    out(
      `linkflow chaos${o.quick ? ' --quick' : ''}: ${o.customers} customers, ${o.kills} worker kills, ` +
        `${o.blocks} main-thread blocks, ${o.serverRestarts} server restarts, ${o.outageMinutes}-minute outages, random seed ${o.randomSeed}`,
    );
    out(
      `Temporal 127.0.0.1:${options.temporalPort} (UI ${options.uiPort}), ` +
        `sandboxes ${options.powerofficePort}/${options.chargebeePort}, data ${options.dataDir}`,
    );
    out(`Workflow ids start with "${run.idPrefix}"; logs in ${run.logDir}`);
    const figures = await campaign(options, run, parts, admins, out, abort.signal);
    printReport(figures, out);
    fs.writeFileSync(path.join(run.logDir, 'report.json'), `${JSON.stringify(figures, null, 2)}\n`);
    return failures(figures).length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof Aborted) return 130;
    out(`\nlinkflow chaos: ${message(error)}`);
    return 2;
  } finally {
    abort.abort();
    await parts.stopKeeper();
    out('Stopping every process the campaign started…');
    await processes.stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}
