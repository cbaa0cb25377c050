/**
 * A poller keeps its history short: it continues as new after POLLER_HISTORY_EVENTS events, not only when the
 * server suggests it (about 4,000 events). A poller evicted from the workflow cache replays its whole history at
 * its next wake, and in the full benchmark's first sync a history of 3,700 events took 5-8 s to replay, past
 * some workflow tasks' timeout (docs/DECISIONS.md 102). Fake activities on the real server: a long pass whose
 * pages come back at once; counted in the events of the first run, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { pollerWorkflow } from '../../workflows';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { POLLER_HISTORY_EVENTS } from '../../workflows/poller';
import { LIVE_PRIORITY } from '../../temporal/task-priority';
import { pollersQueue } from '../../workflows/activity-options';
import { saveHistory } from '../support/histories';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

/** A pass that never ends: every page says there is more. */
async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 0, more: true };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges }, { pollers: true });
}, 120_000);
afterAll(async () => temporal?.close());

test('a poller continues as new after a few hundred events, carrying its cursor, onto the pollers queue', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/history/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'ContactPersons', intervalMs: 60_000 }],
    priority: LIVE_PRIORITY,
  });
  const firstRunId = handle.firstExecutionRunId;
  const secondRunId = await waitFor(
    'the poller to continue as new',
    async () => {
      const { runId } = await temporal.client.workflow.getHandle(workflowId).describe();
      return runId !== firstRunId ? runId : undefined;
    },
    120_000,
  );
  const firstRun = await temporal.client.workflow.getHandle(workflowId, firstRunId).fetchHistory();
  const events = firstRun.events ?? [];
  // The limit is checked before each page; a page and its workflow task add a handful of events.
  expect(events.length).toBeGreaterThanOrEqual(POLLER_HISTORY_EVENTS);
  expect(events.length).toBeLessThan(POLLER_HISTORY_EVENTS + 30);
  expect(events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  // The move to the pollers' queue, for the replay test (with LINKFLOW_RECORD_HISTORIES=1).
  await saveHistory(temporal.client, workflowId, 'poller-own-queue', firstRunId);
  // The next run goes on from the cursor where the first left off.
  const second = temporal.client.workflow.getHandle(workflowId, secondRunId);
  // Its workflow tasks keep going ahead of a first sync's backlog (docs/DECISIONS.md 105).
  const described = await second.describe();
  expect(described.raw.workflowExecutionInfo?.priority?.priorityKey).toBe(LIVE_PRIORITY.priorityKey);
  // Started on the main queue (as before the pollers had their own), it moves to theirs (docs/DECISIONS.md 157),
  // and its pages are still read, by the main queue's activity workers.
  expect(described.taskQueue).toBe(pollersQueue(temporal.taskQueue));
  const cursorOf = async () => (await second.query(pollerStateQuery)).cursor.since ?? 0;
  const secondStart = await cursorOf();
  await waitFor('the moved poller to read pages', async () =>
    (await cursorOf()) > secondStart + 5 ? true : undefined,
  );
  await second.signal(stopPollingSignal);
  const final = await second.result();
  expect(final.cursor.since ?? 0).toBeGreaterThan(50);
});
