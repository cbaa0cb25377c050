/**
 * An end-to-end sync on the real Temporal server and the real sandboxes: both sandboxes in-process on free
 * loopback ports with their own data files, a sync worker on a task queue of its own, and the pollers.
 * Workflow ids carry a prefix unique to the harness, so harnesses sharing a server never meet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig, type LinkflowConfig } from '../../config/config';
import { createChargebeeConnector, type ChargebeeConnector } from '../../connectors/chargebee';
import { createPowerOfficeConnector, type PowerOfficeConnector } from '../../connectors/poweroffice-go';
import type { RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { startChargebeeSandbox } from '../../sandboxes/chargebee';
import { startPowerOfficeSandbox } from '../../sandboxes/poweroffice-go';
import { startSync, stopSync } from '../../client/sync-control';
import { linkWorkflowId, recordWorkflowId } from '../../model/ids';
import type { LinkState, RecordState, TargetRef } from '../../model/sync-state';
import { linkStateQuery, recordStateQuery } from '../../workflows/messages';
import { connectorSettingsForSandboxes, startSyncWorker, type SyncWorker } from '../../worker/sync-runtime';

export const DATAFLOW = 'poweroffice-to-chargebee';
export const POLL_MS = 1_000;

export interface SyncHarness {
  config: LinkflowConfig;
  poweroffice: RunningSandbox;
  chargebee: RunningSandbox;
  /** Connectors the test uses to act as a person editing the systems (separate from the worker's). */
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
  /** Non-GET API requests each sandbox has answered so far (token requests excluded): its writes. */
  writes: () => { poweroffice: number; chargebee: number };
  /** Every live Chargebee customer (read through the change feed from the start). */
  chargebeeCustomers: () => Promise<RecordSnapshot[]>;
  linkId: (resource: string, id: string) => string;
  link: (resource: string, id: string) => Promise<LinkState>;
  record: (target: TargetRef) => Promise<RecordState>;
  /** Waits until the link of a source record has `status` (default linked) and returns its state. */
  untilStatus: (resource: string, id: string, status?: LinkState['status'], timeoutMs?: number) => Promise<LinkState>;
  /** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
  eventually: <T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number) => Promise<T>;
  close: () => Promise<void>;
}

export async function startSyncHarness(options: { legacyOrders?: boolean } = {}): Promise<SyncHarness> {
  // Retried activity failures log at WARN; the tests assert the outcome, so only errors are printed.
  process.env.LINKFLOW_LOG_LEVEL ??= 'ERROR';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-e2e-'));
  const prefix = `${process.env.LINKFLOW_WORKFLOW_ID_PREFIX ?? 'test/'}${randomUUID().slice(0, 8)}/`;
  const taskQueue = `e2e-${randomUUID()}`;
  const config = loadConfig({ ...process.env, LINKFLOW_WORKFLOW_ID_PREFIX: prefix, LINKFLOW_TASK_QUEUE: taskQueue });
  // Limits raised (as a live Performance site and a generous subscription) so tests are bound by Temporal.
  const poweroffice = await startPowerOfficeSandbox({
    port: 0,
    dataFile: path.join(dir, 'poweroffice.db'),
    rateLimitPerSecond: 200,
  });
  const chargebee = await startChargebeeSandbox({
    port: 0,
    dataFile: path.join(dir, 'chargebee.db'),
    rateLimitPerMinute: 6_000,
    legacyOrders: options.legacyOrders ?? true,
  });
  const settings = connectorSettingsForSandboxes(poweroffice, chargebee, 6_000);
  const startWorker = (): Promise<SyncWorker> =>
    startSyncWorker({
      config,
      connectors: {
        'poweroffice-go': createPowerOfficeConnector(settings.poweroffice),
        chargebee: createChargebeeConnector(settings.chargebee),
      },
      timing: { orderSettleMs: POLL_MS, openOrderSweepMs: 2 * POLL_MS },
      taskQueue,
    });
  const sync = await startWorker();
  let workerStopped = false;
  const po = createPowerOfficeConnector(settings.poweroffice);
  const cb = createChargebeeConnector(settings.chargebee);

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

  const writesOf = (sandbox: RunningSandbox): number =>
    Object.entries(sandbox.http.stats().byRoute)
      .filter(([route]) => !route.startsWith('GET ') && !route.startsWith('HEAD ') && !/\/oauth\//i.test(route))
      .reduce((sum, [, count]) => sum + count, 0);

  const harness: SyncHarness = {
    config,
    poweroffice,
    chargebee,
    po,
    cb,
    sync,
    prefix,
    taskQueue,
    start: async () => {
      await startSync(harness.sync.client, config, harness.sync.flows, {
        intervalMs: { 'poweroffice-go': POLL_MS, chargebee: POLL_MS },
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
    writes: () => ({ poweroffice: writesOf(poweroffice), chargebee: writesOf(chargebee) }),
    chargebeeCustomers: async () => {
      const all: RecordSnapshot[] = [];
      for await (const page of cb.readChanges('customer', initialCursor())) all.push(...page.records);
      return all.filter((record) => !record.deleted);
    },
    linkId: (resource, id) => linkWorkflowId(prefix, DATAFLOW, resource, id),
    link: (resource, id) =>
      harness.sync.client.workflow.getHandle(linkWorkflowId(prefix, DATAFLOW, resource, id)).query(linkStateQuery),
    record: (target) =>
      harness.sync.client.workflow.getHandle(recordWorkflowId(prefix, target)).query(recordStateQuery),
    eventually,
    untilStatus: (resource, id, status = 'linked', timeoutMs) =>
      eventually(
        `${resource} ${id} ${status}`,
        async () => {
          const state = await harness.link(resource, id);
          return state.status === status ? state : undefined;
        },
        timeoutMs,
      ),
    close: async () => {
      await harness.startWorker();
      await stopSync(harness.sync.client, config, harness.sync.flows).catch(() => undefined);
      await harness.stopWorker();
      await poweroffice.close();
      await chargebee.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
