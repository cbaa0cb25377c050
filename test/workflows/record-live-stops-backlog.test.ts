/**
 * A record writer whose backlog work waits for the vendor's budget does not keep a fresh change waiting: the
 * change stops that work (it has sent nothing), and the batch runs again with the change in the live lane.
 * Work that has written already is not stopped; it completes, and the change follows it. Fake activities on the
 * real server; the budget is a real token bucket held paused, and the stop reaches the activity the way it does
 * in the worker (a heartbeat's answer, then the bucket's stop signal).
 */
import { randomUUID } from 'node:crypto';
import { keepAlive, keepAliveStoppable } from '../../activities/keep-alive';
import type { ProcessRecordEventsInput, ProcessRecordEventsResult } from '../../activities/record-activities';
import { TokenBucket } from '../../connectors/common/token-bucket';
import type { RecordEvent } from '../../model/sync-state';
import { saveHistory } from '../support/histories';
import { signalCustomerWriter } from '../support/record-writer';
import { startTestWorker, type TemporalTestContext, waitFor } from '../support/temporal';

interface Run {
  lane: 'main' | 'live' | 'inline';
  events: string[];
  outcome?: 'completed' | 'stopped';
}
const runs: Record<string, Run[]> = {};
/** The vendor's budget for records whose backlog work has not written yet: held for the whole test. */
const closedBudget = new TokenBucket({ limit: 1, intervalMs: 1_000, burst: 1 });
/** Records whose backlog work writes at once and then takes a while to finish (a stop comes too late for it). */
const writesFirst = new Set<string>();

const describeEvent = (event: RecordEvent): string =>
  event.kind === 'observed' ? `observed ${String(event.snapshot.data['name'])}` : `${event.kind} ${event.linkId}`;

const fakeProcess =
  (lane: Run['lane']) =>
  async (input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> => {
    const run: Run = { lane, events: input.events.map(describeEvent) };
    (runs[input.state.target.id] ??= []).push(run);
    try {
      if (lane === 'main' && writesFirst.has(input.state.target.id)) {
        await new Promise((resolve) => setTimeout(resolve, 12_000));
      } else if (lane === 'main') {
        await closedBudget.acquire();
      }
      run.outcome = 'completed';
    } catch (error) {
      run.outcome = 'stopped';
      throw error;
    }
    return { state: input.state, fanOut: [] };
  };

let temporal: TemporalTestContext;
beforeAll(async () => {
  closedBudget.pause(60 * 60_000);
  temporal = await startTestWorker(
    { processRecordEvents: keepAliveStoppable(fakeProcess('main')), processRecordEventsInline: fakeProcess('inline') },
    { live: { processRecordEvents: keepAlive(fakeProcess('live')) } },
  );
}, 60_000);
afterAll(async () => temporal.close());

const observed = (id: string, name: string, live: boolean): RecordEvent => ({
  kind: 'observed',
  snapshot: { system: 'chargebee', type: 'customer', id, version: 2, changedAt: 2, deleted: false, data: { name } },
  ...(live ? { live: true } : {}),
});

const writerId = (id: string): string => `${temporal.config.workflowIdPrefix}record-stops/${id}`;

const signalWriter = (id: string, event: RecordEvent): Promise<void> =>
  signalCustomerWriter(temporal, writerId(id), id, event);

const propose = (linkId: string): RecordEvent => ({ kind: 'propose', linkId, proposals: {} });

test('a fresh change stops backlog work that waits for the budget, and runs with it in the live lane', async () => {
  const id = `waiting-${randomUUID()}`;
  await signalWriter(id, propose('backlog-link'));
  await waitFor('the backlog work to start', async () => (runs[id]?.length === 1 ? true : undefined));
  await signalWriter(id, observed(id, 'Fersk', true));
  await waitFor('the fresh change to run', async () => (runs[id]?.length === 2 ? true : undefined), 30_000);
  expect(runs[id]).toEqual([
    { lane: 'main', events: ['propose backlog-link'], outcome: 'stopped' },
    { lane: 'live', events: ['propose backlog-link', 'observed Fersk'], outcome: 'completed' },
  ]);
  await saveHistory(temporal.client, writerId(id), 'record-live-stops-backlog');
}, 60_000);

test('backlog work that wrote already completes, and the fresh change follows it (inline, DECISIONS 164)', async () => {
  const id = `written-${randomUUID()}`;
  writesFirst.add(id);
  await signalWriter(id, propose('backlog-link'));
  await waitFor('the backlog work to start', async () => (runs[id]?.length === 1 ? true : undefined));
  await signalWriter(id, observed(id, 'Fersk', true));
  await waitFor('the fresh change to run', async () => (runs[id]?.length === 2 ? true : undefined), 40_000);
  expect(runs[id]).toEqual([
    { lane: 'main', events: ['propose backlog-link'], outcome: 'completed' },
    { lane: 'inline', events: ['observed Fersk'], outcome: 'completed' },
  ]);
}, 60_000);

test('a backlog change does not stop backlog work', async () => {
  const id = `backlog-${randomUUID()}`;
  await signalWriter(id, propose('backlog-link'));
  await waitFor('the backlog work to start', async () => (runs[id]?.length === 1 ? true : undefined));
  await signalWriter(id, observed(id, 'Gammel', false));
  // The second event waits behind the first, which waits for the budget that never comes in this test.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  expect(runs[id]).toEqual([{ lane: 'main', events: ['propose backlog-link'] }]);
}, 60_000);
