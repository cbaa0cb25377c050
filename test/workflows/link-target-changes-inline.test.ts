/**
 * A link writes a fresh edit made in the target (a batch of target changes only) back to the source inline, as a
 * local activity: no activity task waits in a queue first. If the inline attempt fails, the live lane's queued
 * activity runs the batch; the source's own changes and a backlog's target changes take their queues as before.
 * Fake activities on the real server.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import type { RecordSnapshot } from '../../connectors/connector';
import { sourceObservedSignal, targetChangedSignal } from '../../workflows/messages';
import { CURRENT_PATCHES } from '../../workflows/patches';
import { inlineWorkOf } from '../support/history-events';
import { saveHistory } from '../support/histories';
import { startTestWorker, type TemporalTestContext, waitFor } from '../support/temporal';

type Lane = 'inline' | 'main' | 'live';
const runs: Record<string, Lane[]> = {};
/** Links whose inline attempt fails, as a source that answers 503 would make it. */
const inlineFails = new Set<string>();

const fakeProcess =
  (lane: Lane) =>
  async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    const id = input.state.source.id;
    (runs[id] ??= []).push(lane);
    if (lane === 'inline' && inlineFails.has(id)) {
      throw ApplicationFailure.create({ type: 'TransientError', message: 'poweroffice-go: 503' });
    }
    return { state: { ...input.state, status: 'linked' }, dependencies: [] };
  };

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker(
    { processLinkEvents: fakeProcess('main'), processLinkEventsInline: fakeProcess('inline') },
    { live: { processLinkEvents: fakeProcess('live') } },
  );
}, 60_000);
afterAll(async () => temporal.close());

const linkId = (id: string): string => `${temporal.config.workflowIdPrefix}link-inline/${id}`;

const start = (id: string) => ({
  workflowId: linkId(id),
  taskQueue: temporal.taskQueue,
  args: [
    {
      dataflow: 'poweroffice-to-chargebee',
      source: { system: 'poweroffice-go', resource: 'ContactPersons', id },
      bornWith: CURRENT_PATCHES,
    },
  ],
});

async function targetChanged(id: string, live: boolean): Promise<void> {
  const changes = { first_name: { value: 'Siri', at: 2, origin: 'target' } };
  await temporal.client.workflow.signalWithStart('linkWorkflow', {
    ...start(id),
    signal: targetChangedSignal,
    signalArgs: live ? [changes, { live: true }] : [changes],
  });
}

test('a fresh edit made in the target is written back inline: no activity task, one marker', async () => {
  const id = `fresh-${randomUUID()}`;
  await targetChanged(id, true);
  await waitFor('the batch to run', async () => (runs[id]?.length ? true : undefined));
  expect(runs[id]).toEqual(['inline']);
  expect(await inlineWorkOf(temporal.client, linkId(id))).toEqual({ activitiesScheduled: 0, markers: 1 });
  await saveHistory(temporal.client, linkId(id), 'link-target-changes-inline');
}, 60_000);

test('a fresh edit whose inline attempt fails runs in the live lane', async () => {
  const id = `fails-${randomUUID()}`;
  inlineFails.add(id);
  await targetChanged(id, true);
  await waitFor('the live lane to run the batch', async () => (runs[id]?.includes('live') ? true : undefined));
  expect(runs[id]).toEqual(['inline', 'live']);
}, 60_000);

test("a fresh source observation and a backlog's target change take their queues, not the inline path", async () => {
  const observed = `observed-${randomUUID()}`;
  const snapshot: RecordSnapshot = {
    system: 'poweroffice-go',
    type: 'ContactPersons',
    id: observed,
    version: 1,
    changedAt: 1,
    deleted: false,
    data: {},
  };
  await temporal.client.workflow.signalWithStart('linkWorkflow', {
    ...start(observed),
    signal: sourceObservedSignal,
    signalArgs: [snapshot, { live: true }],
  });
  const backlog = `backlog-${randomUUID()}`;
  await targetChanged(backlog, false);
  await waitFor('both batches to run', async () => (runs[observed] && runs[backlog] ? true : undefined));
  expect(runs[observed]).toEqual(['live']);
  expect(runs[backlog]).toEqual(['main']);
}, 60_000);
