/**
 * A poller's pause is counted from when its pass (or head read) began, so that it reads every interval as it says.
 * Under a first sync's load a read and its workflow tasks took seconds, and a pause that began after them made a
 * 5 s interval 8-13 s, and a fresh change waited for it (docs/DECISIONS.md 140). Fake activities on the real
 * server; read from the pauses the poller's history records, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { saveHistory } from '../support/histories';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

const INTERVAL_MS = 1_500;
/** Each read takes most of an interval, as a slow one does under load. */
const READ_MS = 900;

const reads = { pass: 0, head: 0 };
let backlog = false;

async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  await new Promise((resolve) => setTimeout(resolve, READ_MS));
  if (input.head === true) {
    reads.head += 1;
    return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 1, more: false };
  }
  reads.pass += 1;
  // A change on every page keeps the poller at its base interval; a backlog keeps the pass going.
  return { cursor: input.cursor, dispatched: 1, more: backlog, busy: backlog };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

/** The pauses (timers) the poller's history records, in ms, in order. */
async function pausesOf(workflowId: string): Promise<number[]> {
  const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const timeout = event.timerStartedEventAttributes?.startToFireTimeout;
    return timeout ? [Number(timeout.seconds ?? 0) * 1000 + Math.round((timeout.nanos ?? 0) / 1e6)] : [];
  });
}

async function startPoller(name: string) {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/${name}/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: name, intervalMs: INTERVAL_MS }],
  });
  return { workflowId, handle };
}

test('the pause between passes is what is left of the interval after the pass', async () => {
  backlog = false;
  const { workflowId, handle } = await startPoller('Customers');
  await waitFor('four passes', async () => (reads.pass >= 4 ? true : undefined));
  await handle.signal(stopPollingSignal);
  await handle.result();
  const pauses = await pausesOf(workflowId);
  expect(pauses.length).toBeGreaterThanOrEqual(3);
  // Each pass took READ_MS at least, so no pause is a whole interval.
  for (const pause of pauses) expect(pause).toBeLessThanOrEqual(INTERVAL_MS - READ_MS);
});

test('the pause between head reads is what is left of the interval after the read', async () => {
  backlog = true;
  const headBefore = reads.head;
  const { workflowId, handle } = await startPoller('ContactPersons');
  await waitFor('four head reads', async () => (reads.head >= headBefore + 4 ? true : undefined), 60_000);
  backlog = false;
  await handle.signal(stopPollingSignal);
  await handle.result();
  const pauses = await pausesOf(workflowId);
  // The first pause waits for the pass to have lasted an interval; each one after follows a head read.
  const [first, ...afterReads] = pauses;
  expect(first).toBe(INTERVAL_MS);
  expect(afterReads.length).toBeGreaterThanOrEqual(3);
  for (const pause of afterReads) expect(pause).toBeLessThanOrEqual(INTERVAL_MS - READ_MS);
  await saveHistory(temporal.client, workflowId, 'poller-interval-from-start');
}, 90_000);
