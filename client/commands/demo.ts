/**
 * `linkflow demo`: the whole product on one machine. Starts (or reuses) Temporal, starts the PowerOffice GO
 * and Chargebee sandboxes seeded with a generated Norwegian company, runs a worker and the full sync with a
 * progress bar, shows a two-way edit, and prints a summary and the Web UI address. With --exit-when-done it
 * stops everything it started once the sync has settled (for scripts); otherwise it keeps syncing until
 * Ctrl-C, so edits made in the sandboxes keep flowing.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config';
import { initialCursor } from '../../connectors/connector';
import { startSandboxes } from '../../sandboxes';
import { ensureTemporalServer } from '../../temporal/dev-server';
import { connectorSettingsForSandboxes, createConnectors, startSyncWorker } from '../../worker/sync-runtime';
import { writeSandboxConnections } from '../connector-settings';
import { Progress } from '../progress';
import { terminatePrevious } from '../terminate-previous';
import { waitForShutdownSignal } from '../shutdown';
import { linkCounts, startSync, stopSync, waitUntilSettled } from '../sync-control';
import type { Connector } from '../../connectors/connector';

const POLL_MS = 5_000;

async function countRecords(connector: Connector, type: string): Promise<number> {
  let count = 0;
  for await (const page of connector.readChanges(type, initialCursor()))
    count += page.records.filter((record) => !record.deleted).length;
  return count;
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

  console.log('linkflow demo: PowerOffice GO ↔ Chargebee, on Temporal\n');
  const server = await ensureTemporalServer(config);
  if (!server.startedHere) console.log(`Using the Temporal server at ${server.address}.`);

  const sandboxes = await startSandboxes({
    dataDir: `${config.dataDir}/sandboxes`,
    reset: true,
    seed: { customers, seed },
    liveChargebeeSite: true,
  });
  const seeded = sandboxes.seeded;
  const chargebeeLimit = Number(sandboxes.chargebee.settings.rateLimitPerMinute);
  const poLimit = Number(sandboxes.poweroffice.settings.rateLimitPerSecond);
  const settings = connectorSettingsForSandboxes(sandboxes.poweroffice, sandboxes.chargebee, chargebeeLimit);
  writeSandboxConnections(config, settings);
  console.log(
    `PowerOffice GO sandbox ${sandboxes.poweroffice.baseUrl} (limit ${poLimit} requests/s per subscription key)`,
  );
  console.log(
    `Chargebee sandbox      ${sandboxes.chargebee.baseUrl} (a live Performance site: ${chargebeeLimit} requests/min)`,
  );
  if (seeded) {
    console.log(
      `Seeded PowerOffice GO with ${seeded.customers} customers, ${seeded.contactPersons} contact persons, ${seeded.employees} employees, ` +
        `${seeded.products} products and ${seeded.salesOrders} sales orders; Chargebee already had ${seeded.chargebeeCustomers} of the customers.`,
    );
  }

  const connectors = createConnectors(settings);
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
  await startSync(sync.client, config, sync.flows, {
    taskQueue,
    intervalMs: { 'poweroffice-go': POLL_MS, chargebee: POLL_MS },
  });
  console.log(`Worker and pollers running (every ${POLL_MS / 1000} s); workflow ids start with "${prefix}".\n`);

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

  console.log(`\nSynced in ${seconds.toFixed(0)} s. Links by PowerOffice GO type:`);
  const counts = await linkCounts(sync.client, config);
  for (const [dataflow, types] of Object.entries(counts)) {
    console.log(`  ${dataflow}`);
    for (const [type, statuses] of Object.entries(types)) {
      console.log(
        `    ${type.padEnd(16)} ${Object.entries(statuses)
          .map(([status, count]) => `${count} ${status}`)
          .join(', ')}`,
      );
    }
  }
  const chargebee = connectors['chargebee'];
  if (chargebee) {
    const [customerCount, itemCount, orderCount] = await Promise.all([
      countRecords(chargebee, 'customer'),
      countRecords(chargebee, 'item'),
      countRecords(chargebee, 'order'),
    ]);
    console.log(`Chargebee now holds ${customerCount} customers, ${itemCount} items and ${orderCount} orders.`);
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
