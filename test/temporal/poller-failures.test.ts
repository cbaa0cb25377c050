/**
 * The poller on the real server with a fake `pollChanges` that fails: it must not fail itself, but show
 * `failing` with the error (search attribute and memo, readable without a worker), wait, and read on once the
 * activity works again. The time-skipping test server is a download this machine cannot make, so the real
 * dev server runs the timers (1 s, 2 s, 4 s).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { PollChangesInput, PollChangesResult } from '../../activities/poll-activities';
import { LinkStatus } from '../../temporal/search-attributes';
import { pollerStateQuery, stopPollingSignal } from '../../workflows/messages';
import { pollerWorkflow } from '../../workflows';
import { saveHistory } from '../support/histories';
import { startTestWorker, type TemporalTestContext } from '../support/temporal';

let calls = 0;
/** Attempts 1–5 fail retryably (one activity run, given up after 5 attempts); 6 and 7 fail as auth errors. */
async function pollChanges(input: PollChangesInput): Promise<PollChangesResult> {
  calls += 1;
  if (calls <= 5) throw ApplicationFailure.retryable(`sandbox down (attempt ${calls})`, 'TransientError');
  if (calls <= 7) throw ApplicationFailure.nonRetryable('PowerOffice GO OAuth token: invalid_client', 'AuthError');
  return { cursor: { since: (input.cursor.since ?? 0) + 1, seen: [] }, dispatched: 0, more: false };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ pollChanges });
}, 120_000);
afterAll(async () => temporal?.close());

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('a poller survives failing pages, shows failing with the error, and reads on when they work again', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}poller/fake/Customers/${Date.now()}`;
  const handle = await temporal.client.workflow.start(pollerWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: [{ dataflow: 'poweroffice-to-chargebee', system: 'fake', resource: 'Customers', intervalMs: 60_000 }],
  });

  const failing = await eventually('status failing with the auth error in the memo', async () => {
    const description = await handle.describe();
    const lastError = description.memo?.['lastError'];
    const showsAuthError = typeof lastError === 'string' && lastError.includes('invalid_client');
    return description.typedSearchAttributes.get(LinkStatus) === 'failing' && showsAuthError ? description : undefined;
  });
  expect(failing.status.name).toBe('RUNNING');

  const recovered = await eventually('caught up again with the error cleared', async () => {
    const description = await handle.describe();
    // A memo value of null removes the key.
    const errorCleared = description.memo?.['lastError'] === undefined;
    return description.typedSearchAttributes.get(LinkStatus) === 'caught-up' && errorCleared ? description : undefined;
  });
  expect(recovered.status.name).toBe('RUNNING');
  expect(calls).toBe(8);
  const state = await handle.query(pollerStateQuery);
  expect(state.lastError).toBeUndefined();
  expect(state.cursor.since).toBe(1);

  await handle.signal(stopPollingSignal);
  expect((await handle.result()).cursor.since).toBe(1);
  // Failures, backoff timers and the recovery, for the replay test (with LINKFLOW_RECORD_HISTORIES=1).
  await saveHistory(temporal.client, workflowId, 'poller-survives-failures');
}, 120_000);
