/**
 * A long pass that has read past the head's position (a crowd of records made after the pass began) is at the
 * head itself: the head is not read from the pass's cursor, which handed the pass's next records on a second
 * time, at the same time as the pass (docs/DECISIONS.md 161). Fake activities on the real server; counted in
 * the reads the poller asks for, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import type { ChangeCursor } from '../../connectors/connector';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { saveHistory } from '../support/histories';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

/** A change time far after any pass's start: the pass reads records changed after it began. */
const AFTER_THE_START = 9_000_000_000_000;
const headReads: ChangeCursor[] = [];
const passCursors: ChangeCursor[] = [];

async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  if (input.head === true) {
    headReads.push(input.cursor);
    return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 1, more: false };
  }
  passCursors.push(input.cursor);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const since = Math.max(input.cursor.since ?? 0, AFTER_THE_START) + 1;
  return { cursor: { since, seen: [] }, dispatched: 100, more: true };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

test('a pass that has read past its head reads on alone; the head is not read from its cursor', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/head-leaves-pass/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'ContactPersons', intervalMs: 300 }],
  });
  await waitFor('the head to be set', async () => ((await handle.query(pollerStateQuery)).head ? true : undefined));
  const passReadsWithHead = passCursors.length;
  // Ten more calls of the pass: about three head intervals, each of which read a page before.
  await waitFor('ten more pass calls', async () => (passCursors.length >= passReadsWithHead + 10 ? true : undefined));
  expect(headReads).toEqual([]);
  await handle.signal(stopPollingSignal);
  const final = await handle.result();
  expect(final.cursor.since ?? 0).toBeGreaterThan(AFTER_THE_START + 10);
  await saveHistory(temporal.client, workflowId, 'poller-head-leaves-pass');
});
