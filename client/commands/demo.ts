/**
 * `linkflow demo`: the whole product on one machine. Starts (or reuses) Temporal, starts the sandbox of every
 * system linkflow knows, seeded with a generated Norwegian company, runs a worker and the full sync with a
 * progress bar, shows a two-way edit, and prints a summary and the Web UI address. With --exit-when-done it
 * stops everything it started once the sync has settled (for scripts); otherwise it keeps syncing until
 * Ctrl-C, so edits made in the sandboxes keep flowing.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config';
import { initialCursor } from '../../connectors/connector';
import { systemEntry } from '../../config/systems';
import type { Dataflow } from '../../dataflows/engine';
import { startSandboxes } from '../../sandboxes';
import { ensureTemporalServer } from '../../temporal/dev-server';
import {
  budgetsPerMinute,
  connectorSettingsForSandboxes,
  createConnectors,
  startSyncWorker,
} from '../../worker/sync-runtime';
import { writeSandboxConnections } from '../connector-settings';
import { Progress } from '../progress';
import { terminatePrevious } from '../terminate-previous';
import { waitForShutdownSignal } from '../shutdown';
import { linkCounts, pollIntervalsInForce, startSync, stopSync, waitUntilSettled } from '../sync-control';
import { pollIntervals } from './sync';
import type { Connector } from '../../connectors/connector';

const POLL_MS = 5_000;

async function countRecords(connector: Connector, resource: string): Promise<number> {
  let count = 0;
  for await (const page of connector.readChanges(resource, initialCursor()))
    count += page.records.filter((record) => !record.deleted).length;
  return count;
}

/** The live records of each resource a dataflow writes, read from its target system (`12 customer`). */
async function targetCounts(flow: Dataflow, connectors: Record<string, Connector>): Promise<string[]> {
  const connector = connectors[flow.targetSystem];
  if (!connector) return [];
  const readable = connector.capabilities();
  const resources = [...new Set(flow.mappings.filter((m) => !m.unsupported).map((m) => m.target.resource))];
  const counted: string[] = [];
  for (const resource of resources) {
    if (!readable[resource]?.read) continue;
    counted.push(`${await countRecords(connector, resource)} ${resource}`);
  }
  return counted;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'exit-when-done': { type: 'boolean' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      'timeout-minutes': { type: 'string' },
    },
  });
  const customers = Number(values.customers ?? 200);
  const seed = Number(values.seed ?? 1);
  const timeoutMinutes = Number(values['timeout-minutes'] ?? 30);
  if (!Number.isInteger(customers) || customers < 1) throw new Error('--customers takes a whole number of at least 1');
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  // Each demo run links a freshly seeded company: its workflows get their own id prefix, so the runs never meet.
  const prefix = process.env.LINKFLOW_WORKFLOW_ID_PREFIX ?? `demo/${stamp}/`;
  const config = loadConfig({ ...process.env, LINKFLOW_WORKFLOW_ID_PREFIX: prefix });

  console.log('linkflow demo: PowerOffice GO and the systems around it, on Temporal\n');
  const server = await ensureTemporalServer(config);
  if (!server.startedHere) console.log(`Using the Temporal server at ${server.address}.`);

  const sandboxes = await startSandboxes({
    dataDir: `${config.dataDir}/sandboxes`,
    reset: true,
    seed: { customers, seed },
    productionLimits: true,
  });
  const settings = connectorSettingsForSandboxes(sandboxes.bySystem);
  writeSandboxConnections(config, settings);
  for (const system of Object.keys(sandboxes.bySystem)) {
    const { connector } = systemEntry(system);
    console.log(`${`${connector.title} sandbox`.padEnd(26)} ${connector.describe(settings[system])}`);
  }
  if (sandboxes.seeded) {
    for (const [system, counts] of Object.entries(sandboxes.seeded.bySystem)) {
      const shown = Object.entries(counts).map(([resource, count]) => `${count} ${resource}`);
      if (shown.length > 0) console.log(`Seeded ${systemEntry(system).connector.title}: ${shown.join(', ')}`);
    }
  }

  const connectors = createConnectors(settings, config.dataDir);
  // The demo has a task queue of its own, so workflows of other runs never reach its sandboxes.
  const taskQueue = `${config.temporal.taskQueue}-demo`;
  const sync = await startSyncWorker({
    config,
    connectors,
    taskQueue,
    timing: { orderSettleMs: POLL_MS, openOrderSweepMs: 6 * POLL_MS },
  });
  const ended = await terminatePrevious(
    sync.client,
    config.temporal.namespace,
    'demo/',
    'an earlier demo run; the sandboxes were reset',
  );
  if (ended > 0) console.log(`Ended ${ended} workflows left running by an earlier demo.`);
  // Every 5 s where that keeps polling under 5 % of the system's budget, longer where it would not.
  const intervalMs = pollIntervalsInForce(sync.flows, pollIntervals(POLL_MS), budgetsPerMinute(settings));
  await startSync(sync.client, config, sync.flows, {
    taskQueue,
    intervalMs,
  });
  const shown = Object.entries(intervalMs).map(([system, ms]) => `${system} every ${ms / 1000} s`);
  console.log(`Worker and pollers running (${shown.join(', ')}); workflow ids start with "${prefix}".\n`);

  const progress = new Progress();
  const settled = await waitUntilSettled(sync.client, config, sync.flows, {
    timeoutMs: timeoutMinutes * 60_000,
    onProgress: (p) => {
      const statuses = Object.entries(p.byStatus)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ');
      progress.update(p.settled, p.links, statuses);
    },
  });
  progress.finish();
  const seconds = (Date.now() - started) / 1000;

  console.log(`\nSynced in ${seconds.toFixed(0)} s. Links per dataflow, by source type:`);
  const counts = await linkCounts(sync.client, config);
  for (const flow of sync.flows) {
    console.log(`  ${flow.title}`);
    for (const [type, statuses] of Object.entries(counts[flow.id] ?? {})) {
      console.log(
        `    ${type.padEnd(16)} ${Object.entries(statuses)
          .map(([status, count]) => `${count} ${status}`)
          .join(', ')}`,
      );
    }
    const held = await targetCounts(flow, connectors);
    if (held.length > 0)
      console.log(`    ${systemEntry(flow.targetSystem).connector.title} now holds ${held.join(', ')}.`);
  }
  console.log(
    `${settled.byStatus.parked ?? 0} links are parked with their reason: \`npx linkflow sync status\` and the Web UI (LinkStatus = "parked") show them.`,
  );
  console.log(`\nWeb UI: ${server.webUiUrl ?? '(your cluster’s UI)'}`);
  console.log(
    `  find any link there, e.g. the query: WorkflowId STARTS_WITH "${prefix}link/" AND LinkStatus = "parked"`,
  );
  console.log(`  or: LINKFLOW_WORKFLOW_ID_PREFIX=${prefix} npx linkflow link show poweroffice-go Customers <Id>`);

  if (values['exit-when-done']) {
    await stopSync(sync.client, config, sync.flows);
    await sync.close();
    await sandboxes.close();
    await server.stop();
    return 0;
  }
  console.log(
    '\nThe sync keeps running: edit records in the sandboxes and watch them arrive. Ctrl-C stops everything.',
  );
  await waitForShutdownSignal();
  await stopSync(sync.client, config, sync.flows);
  await sync.close();
  await sandboxes.close();
  await server.stop();
  return 0;
}
