/**
 * An end-to-end sync on the real Temporal server and the real sandboxes: the sandbox of every system linkflow
 * knows (config/systems.ts) in-process on free loopback ports with their own data files, a sync worker on a
 * task queue of its own, and the pollers.
 * Workflow ids carry a prefix unique to the harness, so harnesses sharing a server never meet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig, type LinkflowConfig } from '../../config/config';
import { sandboxPlugins } from '../../config/systems';
import { chargebeeConfigSchema, createChargebeeConnector, type ChargebeeConnector } from '../../connectors/chargebee';
import {
  createPowerOfficeConnector,
  powerOfficeConfigSchema,
  type PowerOfficeConnector,
} from '../../connectors/poweroffice-go';
import type { Connector, RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { startSync, stopSync } from '../../client/sync-control';
import { writeSandboxConnections } from '../../client/connector-settings';
import { pollIntervals } from '../../client/commands/sync';
import { linkWorkflowId, recordWorkflowId } from '../../model/ids';
import type { LinkState, RecordState, TargetRef } from '../../model/sync-state';
import { linkStateQuery } from '../../workflows/messages';
import { recordWriterState } from '../../client/record-writer-state';
import {
  connectorSettingsForSandboxes,
  createConnectors,
  startSyncWorker,
  type SyncWorker,
} from '../../worker/sync-runtime';

export const DATAFLOW = 'poweroffice-to-chargebee';
export const POLL_MS = 1_000;

export interface SyncHarness {
  config: LinkflowConfig;
  /** Every system's sandbox, by system key. */
  sandboxes: Record<string, RunningSandbox>;
  /** Connectors the test uses to act as a person editing the systems (separate from the worker's), by system key. */
  connectors: Record<string, Connector>;
  /** The PowerOffice GO and Chargebee sandboxes and connectors, typed, for the tests of that dataflow. */
  poweroffice: RunningSandbox;
  chargebee: RunningSandbox;
  po: PowerOfficeConnector;
  cb: ChargebeeConnector;
  /** The running worker (replaced by `restartWorker`). */
  sync: SyncWorker;
  /** The workflow-id prefix of this harness (ids are `<prefix>link/…`). */
  prefix: string;
  taskQueue: string;
  start: () => Promise<void>;
  /** Stops the worker and starts a fresh one on the same task queue and prefix (as after a redeploy). */
  restartWorker: () => Promise<void>;
  /** Stops the worker (as when every worker is down) until `startWorker`; workflows wait meanwhile. */
  stopWorker: () => Promise<void>;
  startWorker: () => Promise<void>;
  /** Non-GET API requests each sandbox has answered so far (token requests of any OAuth server excluded): its writes. */
  writes: () => { poweroffice: number; chargebee: number } & Record<string, number>;
  /** Every live Chargebee customer (read through the change feed from the start). */
  chargebeeCustomers: () => Promise<RecordSnapshot[]>;
  /** A link's workflow id; the dataflow defaults to PowerOffice GO → Chargebee. */
  linkId: (resource: string, id: string, dataflow?: string) => string;
  link: (resource: string, id: string, dataflow?: string) => Promise<LinkState>;
  /** Whether a link workflow runs for the source record (a record a link would only watch has none). */
  linkRuns: (resource: string, id: string, dataflow?: string) => Promise<boolean>;
  record: (target: TargetRef) => Promise<RecordState>;
  /** Waits until the link of a source record has `status` (default linked) and returns its state. */
  untilStatus: (
    resource: string,
    id: string,
    status?: LinkState['status'],
    timeoutMs?: number,
    dataflow?: string,
  ) => Promise<LinkState>;
  /**
   * The target a source record's link reached once linked; a link that parks or never links fails the test
   * with its status and reason.
   */
  linkedTarget: (resource: string, id: string, dataflow?: string, timeoutMs?: number) => Promise<TargetRef>;
  /** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
  eventually: <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => Promise<T>;
  close: () => Promise<void>;
}

/** Limits raised far above the real ones (as a live site and a generous subscription): tests are bound by Temporal. */
const RAISED_LIMIT = { second: 200, minute: 12_000 } as const;

export interface SyncHarnessOptions {
  /**
   * The systems the worker syncs (default PowerOffice GO and Chargebee): it runs the dataflows between them.
   * The PowerOffice GO and Chargebee sandboxes always run, for the typed shortcuts below.
   */
  systems?: string[];
  /** Each sandbox's own options, by system key (e.g. `{ chargebee: { legacyOrders: false } }`). */
  sandboxOptions?: Record<string, Record<string, unknown>>;
}

export async function startSyncHarness(options: SyncHarnessOptions = {}): Promise<SyncHarness> {
  // Retried activity failures log at WARN; the tests assert the outcome, so only errors are printed.
  process.env.LINKFLOW_LOG_LEVEL ??= 'ERROR';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-e2e-'));
  const prefix = `${process.env.LINKFLOW_WORKFLOW_ID_PREFIX ?? 'test/'}${randomUUID().slice(0, 8)}/`;
  const taskQueue = `e2e-${randomUUID()}`;
  const config = loadConfig({
    ...process.env,
    LINKFLOW_WORKFLOW_ID_PREFIX: prefix,
    LINKFLOW_TASK_QUEUE: taskQueue,
    LINKFLOW_DATA_DIR: dir,
  });
  const sandboxes: Record<string, RunningSandbox> = {};
  const systems = options.systems ?? ['poweroffice-go', 'chargebee'];
  const plugins = sandboxPlugins();
  for (const sandbox of plugins) {
    if (!systems.includes(sandbox.system) && sandbox.system !== 'poweroffice-go' && sandbox.system !== 'chargebee')
      continue;
    sandboxes[sandbox.system] = await sandbox.start({
      port: 0,
      dataFile: path.join(dir, `${sandbox.system}.db`),
      rateLimit: RAISED_LIMIT[sandbox.rateLimitUnit],
      own: options.sandboxOptions?.[sandbox.system] ?? {},
    });
  }
  const required = (system: string): RunningSandbox => {
    const sandbox = sandboxes[system];
    if (!sandbox) throw new Error(`no ${system} sandbox`);
    return sandbox;
  };
  const poweroffice = required('poweroffice-go');
  const chargebee = required('chargebee');
  const settings = connectorSettingsForSandboxes(sandboxes);
  const workerSettings = Object.fromEntries(Object.entries(settings).filter(([system]) => systems.includes(system)));
  // Where the CLI's commands find the systems of this harness (as those of `linkflow sandbox start`).
  writeSandboxConnections(config, workerSettings);
  const startWorker = (): Promise<SyncWorker> =>
    startSyncWorker({
      config,
      connectors: createConnectors(workerSettings, config.dataDir),
      timing: { orderSettleMs: POLL_MS, openOrderSweepMs: 2 * POLL_MS },
      taskQueue,
    });
  const sync = await startWorker();
  let workerStopped = false;
  // The person's own connectors: a second client of each system, with its own session where one cannot be shared.
  const personServices = Object.fromEntries(
    plugins.flatMap((sandbox) => {
      const running = sandboxes[sandbox.system];
      return running ? [[sandbox.system, sandbox.anotherClient?.(running) ?? running]] : [];
    }),
  );
  const connectors = createConnectors(connectorSettingsForSandboxes(personServices), path.join(dir, 'person'));
  const po = createPowerOfficeConnector(powerOfficeConfigSchema.parse(settings['poweroffice-go']));
  const cb = createChargebeeConnector(chargebeeConfigSchema.parse(settings['chargebee']));

  const eventually = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  // Requests that wrote (answered 2xx): a refused probe, such as the Chargebee site check, changes nothing.
  const writesOf = (sandbox: RunningSandbox): number => sandbox.http.stats().written;

  const harness: SyncHarness = {
    config,
    sandboxes,
    connectors,
    poweroffice,
    chargebee,
    po,
    cb,
    sync,
    prefix,
    taskQueue,
    start: async () => {
      await startSync(harness.sync.client, config, harness.sync.flows, {
        intervalMs: pollIntervals(POLL_MS),
        // Idle pollers back off (workflows/poll-interval.ts); tests edit after quiet spells and wait, so cap it low.
        idleCeilingMs: 2 * POLL_MS,
        taskQueue,
      });
    },
    restartWorker: async () => {
      await harness.stopWorker();
      await harness.startWorker();
    },
    stopWorker: async () => {
      if (workerStopped) return;
      workerStopped = true;
      await harness.sync.close();
    },
    startWorker: async () => {
      if (!workerStopped) return;
      harness.sync = await startWorker();
      workerStopped = false;
    },
    writes: () => ({
      ...Object.fromEntries(Object.entries(sandboxes).map(([system, sandbox]) => [system, writesOf(sandbox)])),
      poweroffice: writesOf(poweroffice),
      chargebee: writesOf(chargebee),
    }),
    chargebeeCustomers: async () => {
      const all: RecordSnapshot[] = [];
      for await (const page of cb.readChanges('customer', initialCursor())) all.push(...page.records);
      return all.filter((record) => !record.deleted);
    },
    linkId: (resource, id, dataflow = DATAFLOW) => linkWorkflowId(prefix, dataflow, resource, id),
    link: (resource, id, dataflow = DATAFLOW) =>
      harness.sync.client.workflow.getHandle(linkWorkflowId(prefix, dataflow, resource, id)).query(linkStateQuery),
    linkRuns: async (resource, id, dataflow = DATAFLOW) => {
      const handle = harness.sync.client.workflow.getHandle(linkWorkflowId(prefix, dataflow, resource, id));
      try {
        return (await handle.describe()).status.name === 'RUNNING';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },
    record: (target) => recordWriterState(harness.sync.client, recordWorkflowId(prefix, target)),
    eventually,
    linkedTarget: async (resource, id, dataflow = DATAFLOW, timeoutMs = 60_000) => {
      const state = await harness
        .untilStatus(resource, id, 'linked', timeoutMs, dataflow)
        .catch(async (error: unknown) => {
          const now = await harness.link(resource, id, dataflow).catch(() => undefined);
          throw new Error(`${String(error)}; the link is ${now?.status ?? 'not started'}: ${now?.parkedReason ?? ''}`);
        });
      if (!state.target) throw new Error(`${dataflow} ${resource} ${id} is linked without a target`);
      return state.target;
    },
    untilStatus: (resource, id, status = 'linked', timeoutMs, dataflow = DATAFLOW) =>
      eventually(
        `${resource} ${id} ${status}`,
        async () => {
          const state = await harness.link(resource, id, dataflow);
          return state.status === status ? state : undefined;
        },
        timeoutMs,
      ),
    close: async () => {
      await harness.startWorker();
      await stopSync(harness.sync.client, config, harness.sync.flows).catch(() => undefined);
      await harness.stopWorker();
      for (const sandbox of Object.values(sandboxes)) await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
