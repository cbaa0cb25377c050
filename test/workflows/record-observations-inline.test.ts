/**
 * A record writer runs a fresh batch of observations only (an edit made in the target) inline, as a local activity:
 * no activity task waits in a queue before the links hear of the edit. If the inline attempt fails, the live
 * lane's queued activity runs the batch; proposals and backlog observations take their queues as before. Fake
 * activities on the real server.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { keepAlive, keepAliveStoppable } from '../../activities/keep-alive';
import type { ProcessRecordEventsInput, ProcessRecordEventsResult } from '../../activities/record-activities';
import type { RecordEvent } from '../../model/sync-state';
import { inlineWorkOf } from '../support/history-events';
import { saveHistory } from '../support/histories';
import { signalCustomerWriter } from '../support/record-writer';
import { customerSnapshot } from '../support/snapshots';
import { startTestWorker, type TemporalTestContext, waitFor } from '../support/temporal';

type Lane = 'inline' | 'main' | 'live';
const runs: Record<string, Lane[]> = {};
/** Records whose inline attempt fails, as a target that answers 503 would make it. */
const inlineFails = new Set<string>();

const fakeProcess =
  (lane: Lane) =>
  async (input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> => {
    const id = input.state.target.id;
    (runs[id] ??= []).push(lane);
    if (lane === 'inline' && inlineFails.has(id)) {
      throw ApplicationFailure.create({ type: 'TransientError', message: 'chargebee: 503' });
    }
    return { state: input.state, fanOut: [] };
  };

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker(
    { processRecordEvents: keepAliveStoppable(fakeProcess('main')), processRecordEventsInline: fakeProcess('inline') },
    { live: { processRecordEvents: keepAlive(fakeProcess('live')) } },
  );
}, 60_000);
afterAll(async () => temporal.close());

const writerId = (id: string): string => `${temporal.config.workflowIdPrefix}record-inline/${id}`;

const signalWriter = (id: string, event: RecordEvent): Promise<void> =>
  signalCustomerWriter(temporal, writerId(id), id, event);

const observed = (id: string, live: boolean): RecordEvent => ({
  kind: 'observed',
  snapshot: customerSnapshot(id, 2, { first_name: 'Siri' }),
  ...(live ? { live: true } : {}),
});

test('a fresh edit made in the target runs inline: no activity task, one marker', async () => {
  const id = `fresh-${randomUUID()}`;
  await signalWriter(id, observed(id, true));
  await waitFor('the batch to run', async () => (runs[id]?.length ? true : undefined));
  expect(runs[id]).toEqual(['inline']);
  expect(await inlineWorkOf(temporal.client, writerId(id))).toEqual({ activitiesScheduled: 0, markers: 1 });
  await saveHistory(temporal.client, writerId(id), 'record-observations-inline');
}, 60_000);

test('a fresh edit whose inline attempt fails runs in the live lane', async () => {
  const id = `fails-${randomUUID()}`;
  inlineFails.add(id);
  await signalWriter(id, observed(id, true));
  await waitFor('the live lane to run the batch', async () => (runs[id]?.includes('live') ? true : undefined));
  expect(runs[id]).toEqual(['inline', 'live']);
}, 60_000);

test('a fresh proposal and a backlog observation take their queues, not the inline path', async () => {
  const proposed = `proposed-${randomUUID()}`;
  await signalWriter(proposed, { kind: 'propose', linkId: 'a-link', proposals: {}, live: true });
  const backlog = `backlog-${randomUUID()}`;
  await signalWriter(backlog, observed(backlog, false));
  await waitFor('both batches to run', async () => (runs[proposed] && runs[backlog] ? true : undefined));
  expect(runs[proposed]).toEqual(['live']);
  expect(runs[backlog]).toEqual(['main']);
}, 60_000);
