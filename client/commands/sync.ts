/**
 * `linkflow sync start|stop|status [--json]`: start or stop the pollers of every dataflow, and show per
 * dataflow and type how many links are linked, pending and parked.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config';
import { loadDataflows } from '../../dataflows/engine';
import { connectClient } from '../../temporal/connection';
import { linkCounts, pollerStatuses, startSync, stopSync } from '../sync-control';

export const DEFAULT_POLL_INTERVALS: Record<string, number> = { 'poweroffice-go': 5_000, chargebee: 5_000 };

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, interval: { type: 'string' } },
  });
  const action = positionals[0];
  const config = loadConfig();
  const flows = loadDataflows();
  const client = await connectClient(config);
  try {
    switch (action) {
      case 'start': {
        const seconds = values.interval === undefined ? undefined : Number(values.interval);
        if (seconds !== undefined && !(seconds > 0)) throw new Error('--interval takes a number of seconds greater than 0');
        const intervalMs = seconds === undefined ? DEFAULT_POLL_INTERVALS : { 'poweroffice-go': seconds * 1000, chargebee: seconds * 1000 };
        const pollers = await startSync(client, config, flows, { intervalMs });
        console.log(`Sync started: ${pollers.length} pollers (${pollers.join(', ')}).`);
        return 0;
      }
      case 'stop':
        await stopSync(client, config, flows);
        console.log('Sync stopped: every poller saved its cursor; links keep their state.');
        return 0;
      case 'status': {
        const [pollers, links] = await Promise.all([pollerStatuses(client, config, flows), linkCounts(client, config)]);
        if (values.json) {
          console.log(JSON.stringify({ pollers, links }, null, 2));
          return 0;
        }
        for (const poller of pollers) {
          const state = poller.running ? (poller.caughtUp ? 'caught up' : 'reading') : 'stopped';
          console.log(`poller ${poller.system}/${poller.resource}: ${state}, ${poller.dispatched} changes handed on${poller.lastError ? `, last error: ${poller.lastError}` : ''}`);
        }
        for (const [dataflow, types] of Object.entries(links)) {
          console.log(`\n${dataflow}`);
          for (const [type, statuses] of Object.entries(types)) {
            const parts = Object.entries(statuses).map(([status, count]) => `${count} ${status}`);
            console.log(`  ${type.padEnd(16)} ${parts.join(', ')}`);
          }
        }
        if (Object.keys(links).length === 0) console.log('\nNo links yet.');
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
