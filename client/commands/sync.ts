/**
 * `linkflow sync start|stop|status [--json]`: start or stop the pollers of every dataflow, and show per
 * dataflow and type how many links are linked, pending and parked, the record writers by status, failing
 * pollers, and parked and retrying workflows with their reasons.
 */
import { parseArgs } from 'node:util';
import { loadConfig, type LinkflowConfig } from '../../config/config';
import { SYSTEMS } from '../../config/systems';
import { dataflowsBetween, loadDataflows } from '../../dataflows/engine';
import { connectClient } from '../../temporal/connection';
import { budgetsPerMinute, type ConnectorSettings } from '../../worker/sync-runtime';
import { resolveConnectorSettings } from '../connector-settings';
import {
  pollIntervalsInForce,
  startSync,
  stopSync,
  syncStatus,
  type SyncStatus,
  type WorkflowProblem,
} from '../sync-control';

/** The systems configured for this data directory (environment or sandboxes), or undefined when none is. */
function configuredSettings(config: LinkflowConfig): ConnectorSettings | undefined {
  try {
    return resolveConnectorSettings(config).settings;
  } catch {
    return undefined;
  }
}

/** Every known system's poll interval: its plug-in's default, or the one given for all. */
export function pollIntervals(allMs?: number): Record<string, number> {
  return Object.fromEntries(
    SYSTEMS.map(({ connector }) => [connector.system, allMs ?? connector.defaultPollIntervalMs]),
  );
}

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, interval: { type: 'string' } },
  });
  const action = positionals[0];
  const config = loadConfig();
  const configured = configuredSettings(config);
  // Without a configuration (status from another machine) every dataflow is shown.
  const flows = configured === undefined ? loadDataflows() : dataflowsBetween(loadDataflows(), Object.keys(configured));
  const client = await connectClient(config);
  try {
    switch (action) {
      case 'start': {
        const seconds = values.interval === undefined ? undefined : Number(values.interval);
        if (seconds !== undefined && !(seconds > 0))
          throw new Error('--interval takes a number of seconds greater than 0');
        const intervalMs = pollIntervals(seconds === undefined ? undefined : seconds * 1000);
        const inForce = pollIntervalsInForce(flows, intervalMs, budgetsPerMinute(configured ?? {}));
        const pollers = await startSync(client, config, flows, { intervalMs: inForce });
        console.log(`Sync started: ${pollers.length} pollers (${pollers.join(', ')}).`);
        const shown = Object.entries(inForce).map(([system, ms]) => `${system} every ${ms / 1000} s`);
        console.log(`Polling ${shown.join(', ')} (at most 5 % of each budget; longer while idle, up to 30 s).`);
        return 0;
      }
      case 'stop':
        await stopSync(client, config, flows);
        console.log('Sync stopped: every poller saved its cursor; links keep their state.');
        return 0;
      case 'status': {
        // From visibility only (no queries): it answers while workers are down or busy.
        const status = await syncStatus(client, config, flows);
        if (values.json) {
          console.log(JSON.stringify(status, null, 2));
          return 0;
        }
        printStatus(status);
        return 0;
      }
      default:
        console.error('usage: linkflow sync start [--interval SECONDS] | stop | status [--json]');
        return 2;
    }
  } finally {
    await client.connection.close();
  }
}

/** Parked and retrying workflows listed by name in the text output, of each; `--json` lists them all. */
const PROBLEMS_SHOWN = 20;

function printTallies(title: string, types: Record<string, Partial<Record<string, number>>>): void {
  console.log(`\n${title}`);
  for (const [type, statuses] of Object.entries(types)) {
    const parts = Object.entries(statuses).map(([name, count]) => `${count ?? 0} ${name}`);
    console.log(`  ${type.padEnd(16)} ${parts.join(', ')}`);
  }
}

function printStatus(status: SyncStatus): void {
  for (const poller of status.pollers) {
    const shown = poller.caughtUp ? 'caught up' : poller.status;
    const state = shown ?? (poller.running ? 'starting' : 'not started');
    const error = poller.lastError ? `, last error: ${poller.lastError}` : '';
    console.log(`poller ${poller.system}/${poller.resource}: ${state}, ${poller.dispatched} changes handed on${error}`);
  }
  for (const [dataflow, types] of Object.entries(status.links)) printTallies(dataflow, types);
  if (Object.keys(status.links).length === 0) console.log('\nNo links yet.');
  for (const [system, types] of Object.entries(status.records)) printTallies(`record writers in ${system}`, types);
  const { failingPollers, parkedLinks, parkedRecords, retrying } = status.summary;
  const parked = `${parkedLinks} links parked, ${parkedRecords} record writers parked`;
  console.log(`\n${failingPollers} pollers failing, ${parked}, ${retrying} retrying.`);
  printProblems('parked', status.parked);
  printProblems('retrying', status.retrying);
}

function printProblems(what: string, problems: WorkflowProblem[]): void {
  for (const problem of problems.slice(0, PROBLEMS_SHOWN)) {
    const which = `${problem.system} ${problem.type} ${problem.id}`;
    const reason = problem.reason ?? `(no reason published; see \`linkflow link show ${which}\`)`;
    console.log(`  ${what} ${problem.kind} ${which}: ${reason}`);
  }
  const more = problems.length - PROBLEMS_SHOWN;
  if (more > 0) console.log(`  … and ${more} more ${what} (--json lists them all)`);
}
