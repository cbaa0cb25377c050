/**
 * `linkflow link show|retry <system> <type> <id>`: one link's state (or a target record's writer and the
 * links that feed it), and `retry` to resume a parked link once its data is fixed.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { loadConfig, type LinkflowConfig } from '../../config/config';
import { loadDataflows } from '../../dataflows/engine';
import { linkWorkflowId, recordWorkflowId } from '../../model/ids';
import type { LinkState } from '../../model/sync-state';
import { connectClient } from '../../temporal/connection';
import { linkStateQuery, retryUpdate } from '../../workflows/messages';
import { recordWriterState } from '../record-writer-state';

async function findLink(
  client: Client,
  config: LinkflowConfig,
  system: string,
  resource: string,
  id: string,
): Promise<string | undefined> {
  for (const flow of loadDataflows()) {
    if (flow.sourceSystem !== system) continue;
    const workflowId = linkWorkflowId(config.workflowIdPrefix, flow.id, resource, id);
    try {
      await client.workflow.getHandle(workflowId).describe();
      return workflowId;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return undefined;
}

function printLink(state: LinkState): void {
  console.log(`${state.linkId}`);
  console.log(
    `  ${state.displayName ?? `${state.source.resource} ${state.source.id}`}: ${state.status}${state.parkedReason ? ` — ${state.parkedReason}` : ''}`,
  );
  if (state.mappingId) console.log(`  mapping: ${state.mappingId}`);
  console.log(
    `  source: ${state.source.system} ${state.source.resource} ${state.source.id} (version ${state.sourceVersion})`,
  );
  if (state.target) console.log(`  target: ${state.target.system} ${state.target.type} ${state.target.id}`);
  for (const [property, held] of Object.entries(state.props)) {
    console.log(
      `    ${property} = ${JSON.stringify(held.value)}  (${new Date(held.at).toISOString()}, ${held.origin.startsWith('source') ? 'source' : 'target'} edit)`,
    );
  }
}

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const [action, system, type, id] = positionals;
  if ((action !== 'show' && action !== 'retry') || !system || !type || !id) {
    console.error(
      'usage: linkflow link show|retry <system> <type> <id>   e.g. linkflow link show poweroffice-go Customers 12',
    );
    return 2;
  }
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    const linkId = await findLink(client, config, system, type, id);
    if (linkId) {
      const handle = client.workflow.getHandle(linkId);
      const state = action === 'retry' ? await handle.executeUpdate(retryUpdate) : await handle.query(linkStateQuery);
      if (values.json) console.log(JSON.stringify(state, null, 2));
      else printLink(state);
      return 0;
    }
    // A target record: show its writer and the links that feed it.
    const recordId = recordWorkflowId(config.workflowIdPrefix, { system, type, id });
    try {
      const record = await recordWriterState(client, recordId);
      if (values.json) console.log(JSON.stringify(record, null, 2));
      else {
        console.log(`${recordId}: ${record.status}${record.createdByLinkflow ? ' (created by linkflow)' : ''}`);
        for (const [link, mapping] of Object.entries(record.links)) console.log(`  fed by ${link} (${mapping})`);
        for (const [property, held] of Object.entries(record.props))
          console.log(`    ${property} = ${JSON.stringify(held.value)}`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    console.error(
      `No link or record for ${system} ${type} ${id}${config.workflowIdPrefix ? ` (prefix ${config.workflowIdPrefix})` : ''}.`,
    );
    return 1;
  } finally {
    await client.connection.close();
  }
}
