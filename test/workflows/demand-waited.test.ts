/**
 * A demand by update from the backlog's work (an order of a first sync asking for its customer) is handled on the
 * live lane's queues, and its requests let a fresh change's go first at the vendor's budget: the event says so,
 * and the live lane's activity runs at the `waited` request priority (docs/DECISIONS.md 142). A fresh change's
 * demand stays `live`. Fake activities, wrapped as the worker wraps them, on the real server.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import { inLiveLane, priorityOfLinkEvents } from '../../activities/live-lane';
import { requestPriority, type RequestPriority } from '../../connectors/common/request-priority';
import type { DemandOptions, LinkEvent } from '../../model/sync-state';
import { ensureTargetUpdate } from '../../workflows/messages';
import { saveHistory } from '../support/histories';
import { startTestWorker, type TemporalTestContext } from '../support/temporal';

const seen: Record<string, { lane: string; priority: RequestPriority; events: LinkEvent[] }[]> = {};

const fakeProcess =
  (lane: string) =>
  async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    (seen[input.state.source.id] ??= []).push({ lane, priority: requestPriority(), events: input.events });
    const target = { system: 'chargebee', type: 'customer', id: `pogo-c-${input.state.source.id}` };
    return { state: { ...input.state, status: 'linked', target }, dependencies: [] };
  };

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker(
    { processLinkEvents: fakeProcess('main') },
    { live: { processLinkEvents: inLiveLane(fakeProcess('live'), priorityOfLinkEvents) } },
  );
}, 60_000);
afterAll(async () => temporal.close());

async function demand(id: string, options?: DemandOptions): Promise<{ workflowId: string; targetId: string }> {
  const workflowId = `${temporal.config.workflowIdPrefix}demand-waited/${randomUUID()}`;
  const target = await temporal.client.workflow.executeUpdateWithStart(ensureTargetUpdate, {
    args: options === undefined ? ['link/order'] : ['link/order', options],
    startWorkflowOperation: new WithStartWorkflowOperation('linkWorkflow', {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [{ dataflow: 'poweroffice-to-chargebee', source: { system: 'poweroffice-go', resource: 'Customers', id } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { workflowId, targetId: target.id };
}

test("the backlog's demand runs in the live lane at the waited priority; a fresh change's at the live one", async () => {
  const waited = await demand('51', { waited: true });
  const fresh = await demand('52');
  expect([waited.targetId, fresh.targetId]).toEqual(['pogo-c-51', 'pogo-c-52']);
  expect(seen['51']).toEqual([
    { lane: 'live', priority: 'waited', events: [{ kind: 'demanded', by: 'link/order', live: true, waited: true }] },
  ]);
  expect(seen['52']).toEqual([
    { lane: 'live', priority: 'live', events: [{ kind: 'demanded', by: 'link/order', live: true }] },
  ]);
  await saveHistory(temporal.client, waited.workflowId, 'link-demand-waited-by-backlog');
});
