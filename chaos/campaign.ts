/**
 * `linkflow chaos`: a fault campaign against linkflow running as a new user runs it, each part in its own
 * process (server, sandboxes, worker, `sync start`), on a Temporal dev server, ports and database of its own.
 * While the first sync of a seeded company and a stream of edits on both sides run, it kills the worker,
 * restarts the server, injects 5xx, 429 storms, latency spikes and an outage of each vendor, replays old and
 * duplicated deliveries and races edits on both sides of one record. Then, once the faults have stopped and
 * the sync has settled, it proves through the public APIs that nothing was lost or duplicated, that the bad
 * records are parked with their reasons, and that no credential reached a history or a log.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { resolveConnectorSettings } from '../client/connector-settings';
import { loadConfig, type LinkflowConfig } from '../config/config';
import { loadDataflows, normaliseEmail, type Dataflow } from '../dataflows/engine';
import { SeededRandom } from '../sandboxes/seeder/random';
import { connectClient, isServerReachable } from '../temporal/connection';
import type { ConnectorSettings } from '../worker/sync-runtime';
import { plantBadCorpus, type BadRecord } from './bad-corpus';
import { checkConvergence, fingerprint, isClean, type ConvergenceReport, type Side } from './convergence';
import { chooseSubjects, EditMaker, type MadeEdit, type Subject } from './edits';
import type { ChaosOptions } from './options';
import { faultsAt, makePlan, phaseAt, type Plan } from './plan';
import { fileSize, killLeftovers, ProcessSet, waitForLogLine, type PartName } from './processes';
import { printReport, failures, type CampaignFigures } from './report';
import { Replayer } from './replays';
import { SandboxAdmin, type VendorName } from './sandbox-admin';
import { collectSecrets, scanForSecrets } from './secrets';
import { connectSystems, readChargebee, readPowerOffice, readSystems, type Systems } from './systems';
import { Aborted, minutesText, sleep, withTimeout } from './util';
import { judgeBadRecords, listLinks } from './visibility';

const DATAFLOW = 'poweroffice-to-chargebee';
const MINUTE = 60_000;

type Out = (line: string) => void;

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
  };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

interface Counters {
  kills: number;
  restartMs: number[];
  serverRestarts: { signal: string; downMs: number }[];
  unexpected: Record<string, number>;
}

/** Starts, restarts and watches the parts; knows when each is ready. */
class Parts {
  /** Parts under a deliberate kill or restart: the keeper leaves them alone. */
  readonly busy = new Set<PartName>();
  /** Parts that should be running (the keeper revives them when they die on their own). */
  readonly wanted = new Set<PartName>();
  private keeper: Promise<void> | undefined;

  constructor(
    readonly processes: ProcessSet,
    private readonly config: LinkflowConfig,
    private readonly options: ChaosOptions,
    private readonly admins: SandboxAdmin[],
    private readonly counters: Counters,
    private readonly out: Out,
    private readonly signal: AbortSignal,
  ) {}

  private alive(name: PartName): () => boolean {
    return () => this.processes.get(name) !== undefined;
  }

  async startServer(timeoutMs: number): Promise<void> {
    this.processes.start('server', ['server']);
    this.wanted.add('server');
    const deadline = Date.now() + timeoutMs;
    while (!(await isServerReachable(this.config, 2_000))) {
      if (!this.alive('server')()) throw new Error(`linkflow server exited while starting; see ${this.processes.logFileOf('server')}`);
      if (Date.now() > deadline) throw new Error(`the Temporal server did not answer within ${Math.round(timeoutMs / 1000)} s`);
      await sleep(1_000, this.signal);
    }
  }

  async startSandboxes(reset: boolean): Promise<void> {
    const o = this.options;
    const args = ['sandbox', 'start', '--json', '--customers', String(o.customers), '--seed', String(o.seed), '--live-chargebee-site'];
    args.push('--poweroffice-port', String(o.powerofficePort), '--chargebee-port', String(o.chargebeePort));
    if (reset) args.push('--reset');
    this.processes.start('sandboxes', args);
    this.wanted.add('sandboxes');
    const deadline = Date.now() + 3 * MINUTE;
    for (;;) {
      const healthy = await Promise.all(this.admins.map((admin) => admin.healthy()));
      if (healthy.every(Boolean)) return;
      if (!this.alive('sandboxes')()) throw new Error(`linkflow sandbox start exited; see ${this.processes.logFileOf('sandboxes')}`);
      if (Date.now() > deadline) throw new Error('the sandboxes did not answer within 3 minutes');
      await sleep(500, this.signal);
    }
  }

  async startWorker(): Promise<void> {
    const log = this.processes.logFileOf('worker');
    const from = fileSize(log);
    this.processes.start('worker', ['worker']);
    this.wanted.add('worker');
    // Bundling the workflows takes a while on a busy 2-core machine.
    await waitForLogLine(log, from, /Worker on task queue/, 5 * MINUTE, this.alive('worker'));
  }

  async syncStart(): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const part = this.processes.start('sync-start', ['sync', 'start', '--interval', String(this.options.pollSeconds)]);
      part.expectedExit = true;
      const code = await withTimeout('linkflow sync start', 3 * MINUTE, part.exited);
      if (code === 0) return;
      await sleep(5_000, this.signal);
    }
    throw new Error(`linkflow sync start failed three times; see ${this.processes.logFileOf('sync-start')}`);
  }

  async killWorker(pauseMs: number): Promise<void> {
    this.busy.add('worker');
    try {
      const part = this.processes.get('worker');
      if (part) {
        this.processes.signal('worker', 'SIGKILL');
        await part.exited;
        this.counters.kills += 1;
      }
      await sleep(pauseMs, this.signal);
      const started = Date.now();
      await this.startWorker();
      this.counters.restartMs.push(Date.now() - started);
    } catch (error) {
      if (error instanceof Aborted) throw error;
      this.out(`  ! worker restart: ${error instanceof Error ? error.message : String(error)} (the keeper will try again)`);
    } finally {
      this.busy.delete('worker');
    }
  }

  async restartServer(signal: 'SIGKILL' | 'SIGTERM', pauseMs: number): Promise<void> {
    this.busy.add('server');
    const down = Date.now();
    try {
      const part = this.processes.get('server');
      if (part) {
        // SIGKILL: the whole group at once, as a crash would. SIGTERM: linkflow server stops its dev server.
        if (signal === 'SIGKILL') this.processes.signal('server', 'SIGKILL');
        else await this.processes.stop('server', { signal: 'SIGTERM', mainOnly: true, graceMs: 30_000 });
        await part.exited;
      }
      await sleep(pauseMs, this.signal);
      await this.startServer(5 * MINUTE);
      this.counters.serverRestarts.push({ signal, downMs: Date.now() - down });
    } catch (error) {
      if (error instanceof Aborted) throw error;
      this.out(`  ! server restart: ${error instanceof Error ? error.message : String(error)} (the keeper will try again)`);
    } finally {
      this.busy.delete('server');
    }
  }

  /** Revives a wanted part that died on its own (the server first; the worker only once the server answers). */
  startKeeper(): void {
    const loop = async (): Promise<void> => {
      while (!this.signal.aborted) {
        await sleep(3_000, this.signal).catch(() => undefined);
        for (const name of ['server', 'sandboxes', 'worker'] as const) {
          if (this.signal.aborted || !this.wanted.has(name) || this.busy.has(name) || this.processes.get(name)) continue;
          this.counters.unexpected[name] = (this.counters.unexpected[name] ?? 0) + 1;
          this.out(`  ! ${name} exited on its own; starting it again`);
          this.busy.add(name);
          try {
            if (name === 'server') await this.startServer(5 * MINUTE);
            else if (name === 'sandboxes') await this.startSandboxes(false);
            else if (await isServerReachable(this.config, 2_000)) await this.startWorker();
            // Not yet: the server is down; the next round tries again (and counts again), so take this one back.
            else this.counters.unexpected[name] = (this.counters.unexpected[name] ?? 1) - 1;
          } catch (error) {
            if (!(error instanceof Aborted)) this.out(`  ! ${name} did not come back: ${error instanceof Error ? error.message : String(error)}`);
          } finally {
            this.busy.delete(name);
          }
        }
      }
    };
    this.keeper = loop().catch(() => undefined);
  }

  async stopKeeper(): Promise<void> {
    await this.keeper;
  }
}

interface CampaignState {
  options: ChaosOptions;
  plan: Plan;
  flow: Dataflow;
  systems: Systems;
  settings: ConnectorSettings;
  client: Client;
  parts: Parts;
  admins: Record<VendorName, SandboxAdmin>;
  edits: EditMaker;
  replayer: Replayer;
  pools: { stream: Subject[]; races: Subject[] };
  random: SeededRandom;
  out: Out;
  signal: AbortSignal;
  chaosStart: number;
  made: MadeEdit[];
}

const elapsed = (state: CampaignState): number => Date.now() - state.chaosStart;
const between = (random: SeededRandom, [min, max]: [number, number]): number => random.int(min, max);

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
        if (applied[vendor] !== key) state.out(`  [${minutesText(elapsed(state))}] ${vendor} faults ${key}`);
        applied[vendor] = key;
      } catch (error) {
        state.out(`  ! ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await sleep(1_000, state.signal);
  }
}

/** Worker SIGKILLs and server restarts at the planned moments, one at a time. */
async function disruptionLoop(state: CampaignState): Promise<void> {
  for (const disruption of state.plan.disruptions) {
    await sleep(disruption.at - elapsed(state), state.signal);
    if (disruption.kind === 'kill-worker') {
      const pause = between(state.random, state.options.restartPauseMs);
      state.out(`  [${minutesText(elapsed(state))}] SIGKILL worker (back in ${(pause / 1000).toFixed(1)} s)`);
      await state.parts.killWorker(pause);
    } else {
      const pause = state.random.int(2_000, 6_000);
      state.out(`  [${minutesText(elapsed(state))}] ${disruption.signal} Temporal server (restart after ${(pause / 1000).toFixed(1)} s)`);
      await state.parts.restartServer(disruption.signal, pause);
      state.out(`  [${minutesText(elapsed(state))}] Temporal server back`);
    }
  }
}

/** One edit of the stream: a random subject, property and side (the side that is up during an outage). */
async function streamEdit(state: CampaignState): Promise<void> {
  const outage = phaseAt(state.plan, elapsed(state))?.outage;
  const subject = state.random.pick(state.pools.stream);
  const field = state.random.pick(subject.fields);
  const other = (side: Side): Side => (side === 'poweroffice-go' ? 'chargebee' : 'poweroffice-go');
  let side: Side = outage ? other(outage) : state.random.chance(0.5) ? 'poweroffice-go' : 'chargebee';
  const kind = outage ? 'during-outage' : 'stream';
  let made = await state.edits.edit(subject, field, side, kind);
  // A Chargebee record that the first sync has not created yet cannot be edited there: edit PowerOffice.
  if (!made && side === 'chargebee' && outage !== 'poweroffice-go') {
    side = 'poweroffice-go';
    made = await state.edits.edit(subject, field, side, kind);
  }
  if (made) state.made.push(made);
}

/** A race: one property edited in one system, then 1 s later in the other; the later edit must win. */
async function race(state: CampaignState, raceNo: number): Promise<boolean> {
  const candidates = state.pools.races.splice(0, 3);
  for (const [index, subject] of candidates.entries()) {
    if (!(await state.edits.chargebeeExists(subject).catch(() => false))) continue;
    // The others go back for a later race.
    state.pools.races.push(...candidates.filter((_candidate, i) => i !== index));
    const field = subject.fields[raceNo % 2] ?? subject.fields[0];
    if (!field) return false;
    const first: Side = raceNo % 2 === 0 ? 'poweroffice-go' : 'chargebee';
    const later: Side = first === 'poweroffice-go' ? 'chargebee' : 'poweroffice-go';
    const a = await state.edits.edit(subject, field, first, 'race', raceNo);
    if (!a) return false;
    await sleep(1_000, state.signal);
    const b = await state.edits.edit(subject, field, later, 'race', raceNo);
    state.out(`  [${minutesText(elapsed(state))}] race ${raceNo}: ${subject.po.resource}/${subject.po.id} ${field.cb}: ${first} "${a.edit.value}", 1 s later ${later} "${b?.edit.value ?? '(refused)'}"`);
    return b !== undefined;
  }
  state.pools.races.push(...candidates);
  return false;
}

async function editLoop(state: CampaignState): Promise<void> {
  let step = 0;
  let races = 0;
  while (elapsed(state) < state.plan.durationMs) {
    await sleep(between(state.random, state.options.editPauseMs), state.signal);
    step += 1;
    const outage = phaseAt(state.plan, elapsed(state))?.outage;
    if (step % 6 === 0 && !outage && state.pools.races.length > 0) {
      if (await race(state, races + 1)) races += 1;
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
    if (ready.length === 0) continue;
    await state.replayer.replay(state.random.pick(ready));
  }
}

/** Waits until the sync has settled: a clean check twice, or checks that agree with no writes in between. */
async function settle(state: CampaignState, excluded: ReadonlySet<string>): Promise<{ report: ConvergenceReport; outcome: 'clean' | 'stable' | 'timeout'; checks: number; ms: number }> {
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
      state.out(
        `  [settling ${minutesText(Date.now() - start)}] targets ${report.targets.matching}/${report.targets.sources}, ` +
          `${report.targets.missing.length} missing, ${report.edits.lost.length} lost edits, ${report.duplicates.length} duplicates, ` +
          `${report.targets.ordersInvoiced}/${report.targets.orders} orders invoiced, ${writes} writes so far`,
      );
      agreeing = previous && previous.print === print && previous.writes === writes ? agreeing + 1 : 0;
      if (clean && previous?.clean) return { report, outcome: 'clean', checks, ms: Date.now() - start };
      // Retries back off up to a minute: only checks that agree over two intervals with no write between count.
      if (agreeing >= 2 && Date.now() - start >= 2 * MINUTE) return { report, outcome: 'stable', checks, ms: Date.now() - start };
      previous = { print, writes, clean };
    } catch (error) {
      if (error instanceof Aborted) throw error;
      state.out(`  ! check: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (Date.now() > deadline && report) return { report, outcome: 'timeout', checks, ms: Date.now() - start };
    if (Date.now() > deadline + 5 * MINUTE) throw new Error('the systems could not be read after the faults stopped');
  }
}

export async function runCampaign(options: ChaosOptions, print: Out = console.log): Promise<number> {
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const logDir = path.join(options.dataDir, 'logs', stamp);
  fs.mkdirSync(logDir, { recursive: true });
  const out: Out = (line) => {
    print(line);
    fs.appendFileSync(path.join(logDir, 'chaos.log'), `${line}\n`);
  };
  const pidFile = path.join(options.dataDir, 'pids.json');
  killLeftovers(pidFile, out);

  const idPrefix = `chaos/${stamp}/`;
  const taskQueue = `linkflow-chaos-${stamp}`;
  const env = campaignEnv(options, idPrefix, taskQueue);
  const config = loadConfig(env);
  if (await isServerReachable(config)) {
    throw new Error(`a Temporal server already answers on 127.0.0.1:${options.temporalPort}; the campaign kills its server, so it needs its own port (--temporal-port)`);
  }
  for (const port of [options.uiPort, options.powerofficePort, options.chargebeePort]) {
    if (await portAnswers(port)) throw new Error(`port ${port} is in use; pass other ports (see --help)`);
  }
  // A fresh dev-server database and fresh sandboxes for every campaign; the logs of earlier runs stay.
  fs.rmSync(path.join(options.dataDir, 'temporal'), { recursive: true, force: true });
  fs.rmSync(path.join(options.dataDir, 'sandboxes'), { recursive: true, force: true });

  const plan = makePlan(options);
  const processes = new ProcessSet(env, logDir, pidFile);
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
  const admins: Record<VendorName, SandboxAdmin> = {
    'poweroffice-go': new SandboxAdmin('poweroffice-go', options.powerofficePort),
    chargebee: new SandboxAdmin('chargebee', options.chargebeePort),
  };
  const counters: Counters = { kills: 0, restartMs: [], serverRestarts: [], unexpected: {} };
  const parts = new Parts(processes, config, options, Object.values(admins), counters, out, abort.signal);
  let client: Client | undefined;

  try {
    out(`linkflow chaos${options.quick ? ' --quick' : ''}: ${options.customers} customers, ${options.kills} worker kills, ${options.serverRestarts} server restarts, ` +
      `${options.outageMinutes}-minute outages, random seed ${options.randomSeed}`);
    out(`Temporal 127.0.0.1:${options.temporalPort} (UI ${options.uiPort}), sandboxes ${options.powerofficePort}/${options.chargebeePort}, data ${options.dataDir}`);
    out(`Workflow ids start with "${idPrefix}"; logs in ${logDir}`);
    out(`Plan: ${plan.phases.map((phase) => `${phase.name} ${minutesText(phase.to - phase.from)}`).join(' → ')}, then settle (at most ${options.settleMinutes} min)`);

    out('\nStarting the Temporal dev server (linkflow server)…');
    await parts.startServer(20 * MINUTE);
    out('Starting the sandboxes (linkflow sandbox start)…');
    await parts.startSandboxes(true);
    const { settings } = resolveConnectorSettings(config, env);
    const systems = connectSystems(settings);
    const flow = loadDataflows().find((candidate) => candidate.id === DATAFLOW);
    if (!flow) throw new Error(`the dataflow ${DATAFLOW} is missing`);
    client = await connectClient(config);

    const random = new SeededRandom(options.randomSeed);
    const poBefore = await readPowerOffice(settings);
    const cbBefore = await readChargebee(settings);
    const existingEmails = new Set(cbBefore.customer.map((customer) => normaliseEmail(customer['email'])).filter((email): email is string => email !== undefined));
    const pools = chooseSubjects(flow, poBefore, existingEmails, random, { persons: options.editPersons, products: options.editProducts, races: options.quick ? 4 : 12 });
    out(`Seeded ${poBefore.Customers.length} customers, ${poBefore.ContactPersons.length} contact persons, ${poBefore.Employees.length} employees, ` +
      `${poBefore.Products.length} products, ${poBefore.SalesOrders.length} sales orders; edits will touch ${pools.stream.length} records, races ${pools.races.length}.`);

    const productId = String(poBefore.Products[0]?.['Id'] ?? '');
    const bad = await plantBadCorpus({ po: systems.po, storeFile: path.join(options.dataDir, 'sandboxes', 'poweroffice-go.sqlite'), productId, random });
    out(`Planted ${bad.length} malformed records (${bad.filter((b) => b.plantedVia === 'api').length} through the API, ${bad.filter((b) => b.plantedVia === 'store').length} in the store).`);
    fs.writeFileSync(path.join(logDir, 'bad-records.json'), `${JSON.stringify(bad, null, 2)}\n`);
    const excluded = new Set<string>(bad.flatMap((record: BadRecord) => [`${record.resource}/${record.id}`, ...record.dependants]));

    out('Starting the worker (linkflow worker) and the sync (linkflow sync start)…');
    await parts.startWorker();
    await parts.syncStart();
    parts.startKeeper();

    const state: CampaignState = {
      options, plan, flow, systems, settings, client, parts, admins, random, out, pools,
      signal: abort.signal,
      edits: new EditMaker(systems, random, path.join(logDir, 'edits.jsonl')),
      replayer: new Replayer(client, idPrefix, taskQueue, DATAFLOW),
      chaosStart: Date.now(),
      made: [],
    };
    out(`\nFaults on for ${minutesText(plan.durationMs)}:`);
    await Promise.all([faultLoop(state), disruptionLoop(state), editLoop(state), replayLoop(state)]);
    const chaosMs = Date.now() - state.chaosStart;

    out('\nFaults off; waiting for the sync to settle…');
    await Promise.all([admins['poweroffice-go'].setFaults({}), admins.chargebee.setFaults({})]);
    const settled = await settle(state, excluded);

    const links = await listLinks(client, idPrefix);
    const badOutcomes = judgeBadRecords(bad, links, idPrefix, DATAFLOW);
    const badLinkIds = new Set(bad.map((record) => `${idPrefix}link/${DATAFLOW}/${record.resource}/${record.id}`));
    const dependantIds = new Set(bad.flatMap((record) => record.dependants.map((key) => `${idPrefix}link/${DATAFLOW}/${key}`)));
    const goodParked = [...links.values()].filter((link) => link.status === 'parked' && !badLinkIds.has(link.workflowId) && !dependantIds.has(link.workflowId));
    const linkStatuses: Record<string, number> = {};
    for (const link of links.values()) linkStatuses[link.status] = (linkStatuses[link.status] ?? 0) + 1;

    out('Scanning every workflow history and log line for credentials…');
    const serverLog = path.join(options.dataDir, 'temporal', 'server.log');
    const secrets = await scanForSecrets({
      client,
      idPrefix,
      logFiles: [...fs.readdirSync(logDir).map((file) => path.join(logDir, file)), serverLog],
      secrets: collectSecrets(settings, path.join(options.dataDir, 'sandboxes', 'poweroffice-go.sqlite')),
      vendorLogs: [processes.logFileOf('sandboxes')],
    });

    const made = state.edits.made;
    const figures: CampaignFigures = {
      startedAt: new Date(started).toISOString(),
      flags: {
        quick: options.quick, customers: options.customers, outageMinutes: options.outageMinutes, kills: options.kills,
        serverRestarts: options.serverRestarts, stormMinutes: options.stormMinutes, settleMinutes: options.settleMinutes,
        pollSeconds: options.pollSeconds, seed: options.seed, randomSeed: options.randomSeed,
      },
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
      idPrefix,
      logDir,
      durationMs: Date.now() - started,
      chaosMs,
      settle: { outcome: settled.outcome, ms: settled.ms, checks: settled.checks },
      kills: { planned: options.kills, done: counters.kills, restartMs: counters.restartMs },
      serverRestarts: { planned: options.serverRestarts, done: counters.serverRestarts },
      unexpectedExits: counters.unexpected,
      outages: plan.phases.filter((phase) => phase.outage).map((phase) => ({ vendor: phase.outage ?? '', minutes: (phase.to - phase.from) / MINUTE })),
      faultWindows: plan.windows.filter((w) => !w.label.startsWith('outage')).map((w) => `${w.label} on ${w.vendor} for ${Math.round((w.to - w.from) / 1000)} s`),
      edits: {
        made: made.length,
        byPowerOffice: made.filter((edit) => edit.system === 'poweroffice-go').length,
        byChargebee: made.filter((edit) => edit.system === 'chargebee').length,
        duringOutage: made.filter((edit) => edit.kind === 'during-outage').length,
        refused: state.edits.failed,
      },
      replays: state.replayer.counts,
      convergence: settled.report,
      linkStatuses,
      goodParked,
      bad: badOutcomes,
      secrets,
    };
    printReport(figures, out);
    fs.writeFileSync(path.join(logDir, 'report.json'), `${JSON.stringify(figures, null, 2)}\n`);
    return failures(figures).length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof Aborted) return 130;
    out(`\nlinkflow chaos: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    abort.abort();
    await parts.stopKeeper();
    if (client) await client.connection.close().catch(() => undefined);
    out('Stopping every process the campaign started…');
    await processes.stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}
