/**
 * The live lane: a link that hears of a fresh change runs its activity on the live queue, served by workers
 * of its own, so it does not wait behind a first sync's backlog on the main queue; backlog stays where it was.
 * Fake activities on the real server; the lane is told apart by which worker ran the activity.
 */
import { randomUUID } from 'node:crypto';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import type { RecordSnapshot } from '../../connectors/connector';
import { sourceObservedSignal } from '../../workflows/messages';
import { startTestWorker, type TemporalTestContext, waitFor } from '../support/temporal';

const ranIn: Record<string, string[]> = {};

const fakeProcess =
  (lane: string) =>
  async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    (ranIn[input.state.source.id] ??= []).push(lane);
    return { state: { ...input.state, status: 'linked' }, dependencies: [] };
  };

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker(
    { processLinkEvents: fakeProcess('main') },
    { live: { processLinkEvents: fakeProcess('live') } },
  );
}, 60_000);
afterAll(async () => temporal.close());

const snapshot = (id: string): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id,
  version: 1,
  changedAt: 1,
  deleted: false,
  data: {},
});

async function observe(id: string, delivery?: { live: boolean }): Promise<void> {
  await temporal.client.workflow.signalWithStart('linkWorkflow', {
    workflowId: `${temporal.config.workflowIdPrefix}live-lane/${randomUUID()}`,
    taskQueue: temporal.taskQueue,
    args: [
      { dataflow: 'poweroffice-to-chargebee', source: { system: 'poweroffice-go', resource: 'ContactPersons', id } },
    ],
    signal: sourceObservedSignal,
    signalArgs: delivery ? [snapshot(id), delivery] : [snapshot(id)],
  });
}

test('a fresh change runs in the live lane; the backlog and old pollers stay on the main queue', async () => {
  await observe('fresh', { live: true });
  await observe('backlog', { live: false });
  await observe('from-an-older-poller');
  await waitFor('all three links to run', async () => (Object.keys(ranIn).length === 3 ? true : undefined));
  expect(ranIn).toEqual({ fresh: ['live'], backlog: ['main'], 'from-an-older-poller': ['main'] });
});
