/**
 * The merge workflow on the real server with fake find-or-creates: a request whose target had no backlog is
 * served inline (a local activity, no task-queue round trip); if the inline attempt fails, the queued activity
 * serves it; a request made during a backlog goes to the queue as before.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { temporal as proto } from '@temporalio/proto';
import type { ResolveRequest, ResolveResult } from '../../model/workflow-inputs';
import { TARGETS_QUEUE_SUFFIX } from '../../workflows/activity-options';
import { CURRENT_PATCHES } from '../../workflows/patches';
import { saveHistory } from '../support/histories';
import { resolveInMerge } from '../support/merge';
import { startTestWorker, type TemporalTestContext } from '../support/temporal';

let temporal: TemporalTestContext;
const servedBy: Array<['inline' | 'queued', string]> = [];
let inlineFails = false;

const linked = (request: ResolveRequest): ResolveResult => ({
  outcome: 'linked',
  target: { system: 'chargebee', type: 'customer', id: request.preferredId },
  created: true,
  snapshot: {},
});

beforeAll(async () => {
  // The main queue's worker runs the merge workflow and its local activity; the targets queue the queued one.
  const inline = async (request: ResolveRequest): Promise<ResolveResult> => {
    servedBy.push(['inline', request.linkId]);
    if (inlineFails) throw ApplicationFailure.create({ type: 'TransientError', message: 'chargebee: 503' });
    return linked(request);
  };
  const queued = async (request: ResolveRequest): Promise<ResolveResult> => {
    servedBy.push(['queued', request.linkId]);
    return linked(request);
  };
  temporal = await startTestWorker(
    { findOrCreateTarget: inline },
    { queues: { [TARGETS_QUEUE_SUFFIX]: { findOrCreateTarget: queued } } },
  );
}, 120_000);
afterAll(async () => temporal?.close());

const request = (linkId: string, inline: boolean): ResolveRequest => ({
  ...(inline ? { inline: true } : {}),
  linkId,
  mappingId: 'Contactperson->Customer',
  target: { system: 'chargebee', type: 'customer' },
  mergeKey: { field: 'email', value: `${linkId}@firma.no`, normalise: 'email' },
  preferredId: `pogo-${linkId}`,
  createValues: {},
  idempotencyKey: linkId,
});

async function resolve(body: ResolveRequest): Promise<{ result: ResolveResult; workflowId: string }> {
  const workflowId = `${temporal.config.workflowIdPrefix}merge/chargebee/customer/${randomUUID()}`;
  // As linkflow starts it: born with every patch, so the only marker is the local activity's.
  const input = { system: 'chargebee', type: 'customer', bornWith: CURRENT_PATCHES };
  return { result: await resolveInMerge(temporal, workflowId, body, input), workflowId };
}

async function eventTypes(workflowId: string): Promise<string[]> {
  const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
  await temporal.client.workflow.getHandle(workflowId).terminate('test done');
  const EventType = proto.api.enums.v1.EventType;
  return (history.events ?? []).map((event) => EventType[event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED]);
}

test('with no backlog at the target, find-or-create runs inline: no activity task, one workflow task', async () => {
  const { result, workflowId } = await resolve(request('quiet', true));
  expect(result).toMatchObject({ outcome: 'linked', target: { id: 'pogo-quiet' } });
  expect(servedBy).toContainEqual(['inline', 'quiet']);
  expect(servedBy).not.toContainEqual(['queued', 'quiet']);
  const events = await eventTypes(workflowId);
  expect(events.filter((type) => /ACTIVITY_TASK_SCHEDULED/.test(type))).toEqual([]);
  expect(events.filter((type) => /MARKER_RECORDED/.test(type))).toHaveLength(1);
  expect(events.filter((type) => /WORKFLOW_TASK_COMPLETED/.test(type))).toHaveLength(1);
}, 60_000);

test('an inline attempt that fails is handed to the queued activity, which links the record', async () => {
  inlineFails = true;
  try {
    const { result, workflowId } = await resolve(request('blip', true));
    expect(result).toMatchObject({ outcome: 'linked', target: { id: 'pogo-blip' } });
    expect(servedBy.filter(([, linkId]) => linkId === 'blip')).toEqual([
      ['inline', 'blip'],
      ['queued', 'blip'],
    ]);
    await eventTypes(workflowId);
  } finally {
    inlineFails = false;
  }
}, 60_000);

test("a poller's first pass (inline only) whose inline attempt fails is answered at once, not queued", async () => {
  inlineFails = true;
  try {
    const { result, workflowId } = await resolve({ ...request('first-pass', true), inlineOnly: true });
    expect(result).toMatchObject({ outcome: 'unavailable' });
    expect(servedBy.filter(([, linkId]) => linkId === 'first-pass')).toEqual([['inline', 'first-pass']]);
    await saveHistory(temporal.client, workflowId, 'merge-inline-only-unavailable');
    const events = await eventTypes(workflowId);
    expect(events.filter((type) => /ACTIVITY_TASK_SCHEDULED/.test(type))).toEqual([]);
  } finally {
    inlineFails = false;
  }
}, 60_000);

test('a request made while the target has a backlog goes through the queue', async () => {
  const { result, workflowId } = await resolve(request('busy', false));
  expect(result).toMatchObject({ outcome: 'linked' });
  expect(servedBy.filter(([, linkId]) => linkId === 'busy')).toEqual([['queued', 'busy']]);
  await eventTypes(workflowId);
}, 60_000);
