/**
 * `linkflow bench [--customers N] [--json]`: measures the sync against the sandboxes on this machine, with
 * the sandboxes' limits raised (so Temporal and linkflow, not the API budgets, are what is measured), and
 * prints the figures: first-sync throughput, API requests per record, writes in a steady state, the time an
 * edit takes to arrive in either direction, and the worker process's memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config';
import type { Connector } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import type { SandboxStats } from '../../sandboxes/common/http';
import { startSandboxes } from '../../sandboxes';
import { ensureTemporalServer } from '../../temporal/dev-server';
import { connectorSettingsForSandboxes, createConnectors, startSyncWorker } from '../../worker/sync-runtime';
import { startSync, stopSync, waitUntilSettled } from '../sync-control';

const POLL_MS = 1_000;

/** Requests that change something: every non-GET except the OAuth token call. */
function writes(stats: SandboxStats): number {
  return Object.entries(stats.byRoute)
    .filter(([route]) => !route.startsWith('GET ') && !/oauth\/token/i.test(route))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function firstOf(
  connector: Connector,
  type: string,
  accept: (data: Record<string, unknown>) => boolean,
): Promise<{ id: string; data: Record<string, unknown>; parentId?: string } | undefined> {
  for await (const page of connector.readChanges(type, initialCursor())) {
    const found = page.records.find((record) => !record.deleted && accept(record.data));
    if (found) return found;
  }
  return undefined;
}

async function timeUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('an edit did not arrive within 60 s');
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { customers: { type: 'string' }, json: { type: 'boolean' } } });
  const customers = Number(values.customers ?? 200);
  const prefix = `bench/${Date.now().toString(36)}/`;
  const config = loadConfig({ ...process.env, LINKFLOW_WORKFLOW_ID_PREFIX: prefix });
  const taskQueue = `${config.temporal.taskQueue}-bench-${Date.now().toString(36)}`;
  const log = (line: string): void => {
    if (!values.json) console.log(line);
  };
  const server = await ensureTemporalServer(config, { log });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-bench-'));
  const sandboxes = await startSandboxes({
    dataDir,
    ports: { poweroffice: 0, chargebee: 0 },
    seed: { customers, seed: 7 },
  });
  // Limits raised far above the real ones: the benchmark measures linkflow on Temporal, not the API budgets.
  sandboxes.poweroffice.http.setFaults({ rateLimit: 10_000 });
  sandboxes.chargebee.http.setFaults({ rateLimit: 1_000_000 });
  const settings = connectorSettingsForSandboxes(sandboxes.poweroffice, sandboxes.chargebee, 1_000_000);
  settings.poweroffice.requestsPerSecond = 10_000;
  const connectors = createConnectors(settings);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);

  const sync = await startSyncWorker({
    config,
    connectors,
    taskQueue,
    timing: { orderSettleMs: POLL_MS, openOrderSweepMs: 10 * POLL_MS },
  });
  const started = Date.now();
  await startSync(sync.client, config, sync.flows, {
    taskQueue,
    intervalMs: { 'poweroffice-go': POLL_MS, chargebee: POLL_MS },
  });
  const settled = await waitUntilSettled(sync.client, config, sync.flows, { timeoutMs: 30 * 60_000, intervalMs: 500 });
  const firstSyncMs = Date.now() - started;
  const poStats = sandboxes.poweroffice.http.stats();
  const cbStats = sandboxes.chargebee.http.stats();

  // Steady state: five poll intervals with nothing edited must write nothing.
  const beforeQuiet = writes(sandboxes.poweroffice.http.stats()) + writes(sandboxes.chargebee.http.stats());
  await new Promise((resolve) => setTimeout(resolve, 5 * POLL_MS));
  const quietWrites =
    writes(sandboxes.poweroffice.http.stats()) + writes(sandboxes.chargebee.http.stats()) - beforeQuiet;

  // Edit latency, both ways, on a linked contact person.
  const po = connectors['poweroffice-go'];
  const cb = connectors['chargebee'];
  let toChargebeeMs = Number.NaN;
  let toPowerOfficeMs = Number.NaN;
  const person = po
    ? await firstOf(po, 'ContactPersons', (data) => typeof data['EmailAddress'] === 'string')
    : undefined;
  if (po && cb && person) {
    const targetId = `pogo-cp-${person.id}`;
    const linkedTarget = await cb.get('customer', targetId);
    if (linkedTarget) {
      await po.update(
        'ContactPersons',
        person.id,
        { LastName: 'Benchmark-Sørli' },
        { previous: person.data, ...(person.parentId ? { parentId: person.parentId } : {}) },
      );
      toChargebeeMs = await timeUntil(
        async () => (await cb.get('customer', targetId))?.data['last_name'] === 'Benchmark-Sørli',
      );
      await cb.update('customer', targetId, { first_name: 'Bench-Åse' });
      toPowerOfficeMs = await timeUntil(
        async () =>
          (await po.get('ContactPersons', person.id, person.parentId ? { parentId: person.parentId } : undefined))
            ?.data['FirstName'] === 'Bench-Åse',
      );
    }
  }
  clearInterval(sampler);

  const figures = {
    customers,
    links: settled.links,
    byStatus: settled.byStatus,
    firstSyncSeconds: Number((firstSyncMs / 1000).toFixed(1)),
    linksPerSecond: Number((settled.links / (firstSyncMs / 1000)).toFixed(1)),
    powerOfficeRequests: poStats.requests,
    chargebeeRequests: cbStats.requests,
    chargebeeRequestsPerLinkedRecord: Number((cbStats.requests / Math.max(1, settled.byStatus.linked ?? 1)).toFixed(2)),
    steadyStateWritesIn5Intervals: quietWrites,
    editToChargebeeMs: toChargebeeMs,
    editToPowerOfficeMs: toPowerOfficeMs,
    pollIntervalMs: POLL_MS,
    peakRssMiB: Math.round(peakRss / 1024 / 1024),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
  };
  if (values.json) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log(`\nlinkflow bench: ${customers} customers seeded (${figures.machine}); sandbox limits raised`);
    console.log(
      `  first sync          ${figures.links} links in ${figures.firstSyncSeconds} s = ${figures.linksPerSecond} links/s (${JSON.stringify(figures.byStatus)})`,
    );
    console.log(
      `  API requests        PowerOffice GO ${figures.powerOfficeRequests}, Chargebee ${figures.chargebeeRequests} (${figures.chargebeeRequestsPerLinkedRecord} per linked record)`,
    );
    console.log(`  steady state        ${figures.steadyStateWritesIn5Intervals} writes in 5 poll intervals`);
    console.log(
      `  edit latency        PowerOffice → Chargebee ${figures.editToChargebeeMs} ms, Chargebee → PowerOffice ${figures.editToPowerOfficeMs} ms (poll every ${POLL_MS} ms)`,
    );
    console.log(
      `  memory              peak RSS ${figures.peakRssMiB} MiB (worker, sandboxes and bench in one process)`,
    );
  }

  await stopSync(sync.client, config, sync.flows);
  await sync.close();
  await sandboxes.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return 0;
}
