/**
 * A long pass whose cursor is level with the head's (both read up to the same record, as when a crowd of new
 * records is made in steps) is at the head: the head is not read from there, which handed the pass's next records
 * on a second time, at the same time as the pass (docs/DECISIONS.md 162). Fake activities on the real server;
 * counted in the reads the poller asks for, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import type { ChangeCursor } from '../../connectors/connector';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { saveHistory } from '../support/histories';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

/** The change time of the listing's last record, which both the pass and the head read up to. */
const LAST_RECORD = 5_000;
const headReads: ChangeCursor[] = [];
const passCursors: ChangeCursor[] = [];

async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  if (input.head === true) {
    headReads.push(input.cursor);
    return { cursor: { since: LAST_RECORD, seen: [] }, dispatched: 1, more: false };
  }
  passCursors.push(input.cursor);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { cursor: { since: LAST_RECORD, seen: [] }, dispatched: 100, more: true };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

test('a pass level with its head reads on alone; the head is read once, not again from the same place', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/head-meets-pass/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'ContactPersons', intervalMs: 300 }],
  });
  await waitFor('the first head read', async () => (headReads.length > 0 ? true : undefined));
  const passReadsAfterHead = passCursors.length;
  // Ten more calls of the pass: about three head intervals, each of which read the same page again before.
  await waitFor('ten more pass calls', async () => (passCursors.length >= passReadsAfterHead + 10 ? true : undefined));
  expect((await handle.query(pollerStateQuery)).head?.since).toBe(LAST_RECORD);
  expect(headReads).toHaveLength(1);
  await handle.signal(stopPollingSignal);
  await handle.result();
  await saveHistory(temporal.client, workflowId, 'poller-head-meets-pass');
});
