/**
 * `sync stop` then `sync start`: each poller goes on from the cursor it handed over, at the poll interval now in
 * force (a raised budget, or `--interval`), not at the one it was first started with (docs/DECISIONS.md 159).
 * Fake activities on the real server.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { pollerTargets, startSync, stopSync } from '../../client/sync-control';
import { dataflowsBetween, loadDataflows } from '../../dataflows/engine';
import { pollerStateQuery } from '../../workflows/messages';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

/** Every page moves the cursor on by one and finds nothing. */
async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 0, more: false };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges }, { pollers: true });
}, 120_000);
afterAll(async () => temporal?.close());

test('a sync started again polls at the interval given now, from the cursor it stopped at', async () => {
  const flows = dataflowsBetween(loadDataflows(), ['poweroffice-go', 'chargebee']);
  const { client, config, taskQueue } = temporal;
  const started = { intervalMs: { 'poweroffice-go': 1_000, chargebee: 1_000 }, taskQueue };
  const [workflowId] = await startSync(client, config, flows, started);
  if (workflowId === undefined) throw new Error('no poller started');
  const cursorOf = async () => (await client.workflow.getHandle(workflowId).query(pollerStateQuery)).cursor.since;
  await waitFor('a few pages', async () => ((await cursorOf()) ?? 0) >= 2 || undefined);
  await stopSync(client, config, flows);
  const stoppedAt = (await client.workflow.getHandle(workflowId).describe()).runId;

  await startSync(client, config, flows, { ...started, intervalMs: { 'poweroffice-go': 4_000, chargebee: 3_000 } });
  const resumed = client.workflow.getHandle(workflowId);
  await waitFor('the new run', async () => ((await resumed.describe()).runId !== stoppedAt ? true : undefined));
  const state = await resumed.query(pollerStateQuery);
  expect(state.intervalMs).toBe(state.system === 'chargebee' ? 3_000 : 4_000);
  expect(state.system).toBe(pollerTargets(flows)[0]?.system);
  expect(state.cursor.since ?? 0).toBeGreaterThanOrEqual(2);
  await stopSync(client, config, flows);
});
