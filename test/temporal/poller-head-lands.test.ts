/**
 * A poller's run that ends (continue-as-new) while a head read is under way waits for that page: before, the
 * worker's completion found the run closed, the page's cursor was lost, and the next run read the same page
 * again an interval later (a fresh change waited that much longer). Fake activities on the real server.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

const headReadsFrom: number[] = [];

async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  if (input.head === true) {
    const since = input.cursor.since ?? 0;
    headReadsFrom.push(since);
    // Longer than a run of the pass lasts, so that runs end while a head read is under way.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { cursor: { since: since + 1, seen: [] }, dispatched: 1, more: false };
  }
  // The pass under backpressure: the queue stays deep, so each call hands back without reading.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { cursor: input.cursor, dispatched: 0, more: true, busy: true };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges }, { pollers: true });
}, 120_000);
afterAll(async () => temporal?.close());

test('a head read under way when the run continues as new lands, and the next run reads on from it', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/head-lands/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [
      {
        dataflow: 'poweroffice-to-chargebee',
        system: 'fake',
        resource: 'ContactPersons',
        intervalMs: 100,
        continueAsNewAfterEvents: 80,
      },
    ],
  });
  const runsSeen = new Set<string>();
  await waitFor(
    'six head reads over at least three runs',
    async () => {
      runsSeen.add((await handle.describe()).runId);
      return headReadsFrom.length >= 6 && runsSeen.size >= 3 ? true : undefined;
    },
    90_000,
  );
  await handle.signal(stopPollingSignal);
  await handle.result();
  // Each head read goes on from where the one before ended: none reads a page again.
  const first = headReadsFrom[0] ?? 0;
  expect(headReadsFrom).toEqual(headReadsFrom.map((_, index) => first + index));
}, 120_000);
