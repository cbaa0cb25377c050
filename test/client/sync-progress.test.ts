/**
 * Progress (`waitUntilSettled`, the benchmark's progress lines) counts links by status with count queries: it is
 * asked every few seconds while a sync runs, and listing every link read 48,000 executions a time on the dev
 * server's SQLite. A fake client that refuses to list links, and counts from a table.
 */
import type { Client } from '@temporalio/client';
import { syncProgress, unsettledLinkCount } from '../../client/sync-control';
import { loadConfig } from '../../config/config';
import { loadDataflows } from '../../dataflows/engine';

const linksByStatus: Record<string, number> = { linked: 48_445, dormant: 5_376, pending: 12, retrying: 2 };

function countingClient(queries: string[]): Client {
  const workflow = {
    count: async (query: string) => {
      queries.push(query);
      const status = /LinkStatus = "([^"]+)"/.exec(query)?.[1] ?? '';
      return { count: linksByStatus[status] ?? 0, groups: [] };
    },
    list: ({ query }: { query: string }) => {
      if (query.includes('LinkflowKind = "link"')) throw new Error(`links listed: ${query}`);
      return (async function* () {})();
    },
  };
  return { workflow } as unknown as Client;
}

test('progress counts links by status without listing them', async () => {
  const queries: string[] = [];
  const config = loadConfig({ LINKFLOW_WORKFLOW_ID_PREFIX: 'bench/1/' });
  const flows = loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee');
  const progress = await syncProgress(countingClient(queries), config, flows);
  expect(progress.byStatus).toEqual(linksByStatus);
  expect(progress.links).toBe(48_445 + 5_376 + 12 + 2);
  // Pending and retrying links are not settled yet.
  expect(progress.settled).toBe(48_445 + 5_376);
  expect(queries.every((query) => query.includes('WorkflowId STARTS_WITH "bench/1/link/"'))).toBe(true);
});

test('links still at work are counted over the unsettled statuses alone, not the settled thousands', async () => {
  const queries: string[] = [];
  const config = loadConfig({ LINKFLOW_WORKFLOW_ID_PREFIX: 'bench/1/' });
  expect(await unsettledLinkCount(countingClient(queries), config)).toBe(12 + 2);
  const counted = queries.map((query) => /LinkStatus = "([^"]+)"/.exec(query)?.[1]).sort();
  expect(counted).toEqual(['pending', 'retrying', 'waiting']);
});
