/**
 * A poller keeps its history short: it continues as new after POLLER_HISTORY_EVENTS events, not only when the
 * server suggests it (about 4,000 events). A poller evicted from the workflow cache replays its whole history at
 * its next wake, and in the full benchmark's first sync a history of 3,700 events took 5-8 s to replay, past
 * some workflow tasks' timeout (docs/DECISIONS.md 102). Fake activities on the real server: a long pass whose
 * pages come back at once; counted in the events of the first run, not timed.
 */
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { pollerWorkflow } from '../../workflows';
import { stopPollingSignal } from '../../workflows/messages';
import { POLLER_HISTORY_EVENTS } from '../../workflows/poller';
import { LIVE_PRIORITY } from '../../temporal/task-priority';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';

/** A pass that never ends: every page says there is more. */
async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 0, more: true };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

test('a poller continues as new after a few hundred events, carrying its cursor', async () => {
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
  // The next run goes on from the cursor where the first left off.
  const second = temporal.client.workflow.getHandle(workflowId, secondRunId);
  // Its workflow tasks keep going ahead of a first sync's backlog (docs/DECISIONS.md 105).
  expect((await second.describe()).raw.workflowExecutionInfo?.priority?.priorityKey).toBe(LIVE_PRIORITY.priorityKey);
  await second.signal(stopPollingSignal);
  const final = await second.result();
  expect(final.cursor.since ?? 0).toBeGreaterThan(50);
});
