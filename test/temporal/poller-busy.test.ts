/**
 * A poller does not back off while the worker works off a backlog (requests wait for a vendor's budget): a
 * fresh change made meanwhile is seen within the base interval. Once nothing waits, quiet passes lengthen the
 * pause again. Counted in the poller's idle passes, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

let calls = 0;
let busy = true;
async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  calls += 1;
  return { cursor: input.cursor, dispatched: 0, more: false, busy };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

test('quiet passes while requests wait for the budget do not lengthen the pause; afterwards they do', async () => {
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId: `${temporal.config.workflowIdPrefix}poller/fake/busy/${Date.now()}`,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'Customers', intervalMs: 300 }],
  });
  await waitFor('four busy passes', async () => (calls >= 4 ? true : undefined));
  expect((await handle.query(pollerStateQuery)).idlePasses).toBe(0);
  busy = false;
  const after = calls;
  await waitFor('two quiet passes', async () => (calls >= after + 2 ? true : undefined));
  expect((await handle.query(pollerStateQuery)).idlePasses).toBeGreaterThanOrEqual(1);
  await handle.signal(stopPollingSignal);
  await handle.result();
});
