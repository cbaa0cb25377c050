/**
 * A pass that works off a backlog (a first sync under backpressure) reads its records in change order, so a
 * record created during it would wait for the end of the pass. While such a pass lasts, the poller also reads
 * its head (the changes made since the pass began), a page an interval; when the pass ends, the head goes.
 * Fake activities on the real server; counted in the head reads the poller asks for, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import type { ChangeCursor } from '../../connectors/connector';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { saveHistory } from '../support/histories';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

const headReads: ChangeCursor[] = [];
let backlog = true;
let passReads = 0;

async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  if (input.head === true) {
    headReads.push(input.cursor);
    return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 1, more: false };
  }
  passReads += 1;
  // The pass under backpressure: the queue stays deep, so each call hands back without reading.
  if (backlog) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { cursor: input.cursor, dispatched: 0, more: true, busy: true };
  }
  return { cursor: { since: 9_000_000_000_000, seen: [] }, dispatched: 0, more: false };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

test('a long pass reads its head each interval from where it began, and stops when the pass ends', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/head/${Date.now()}`;
  const startedAt = Date.now();
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'ContactPersons', intervalMs: 300 }],
  });
  await waitFor('three head reads', async () => (headReads.length >= 3 ? true : undefined));
  const first = headReads[0]?.since ?? 0;
  // From the pass's start (the server's clock, so allow for the distance between the two), not from nothing.
  expect(first).toBeGreaterThan(startedAt - 5_000);
  expect(first).toBeLessThan(Date.now());
  // Each head read goes on from where the one before ended.
  expect(headReads.slice(1, 3).map((cursor) => cursor.since)).toEqual([first + 1, first + 2]);
  expect((await handle.query(pollerStateQuery)).head).toBeDefined();

  backlog = false;
  await waitFor('the pass to end', async () => ((await handle.query(pollerStateQuery)).head ? undefined : true));
  const headReadsAtEnd = headReads.length;
  const passReadsAtEnd = passReads;
  await waitFor('three more passes', async () => (passReads >= passReadsAtEnd + 3 ? true : undefined));
  // A head read already under way when the pass ended may still land; none starts after.
  expect(headReads.length).toBeLessThanOrEqual(headReadsAtEnd + 1);
  await handle.signal(stopPollingSignal);
  await handle.result();
  await saveHistory(temporal.client, workflowId, 'poller-head-read');
});
