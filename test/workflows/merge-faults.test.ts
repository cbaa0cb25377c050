/**
 * The merge workflow with a fake find-or-create on the real server: an unreachable target answers the
 * caller and keeps the workflow (and what its key resolved to) alive.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ResolveRequest, ResolveResult } from '../../model/workflow-inputs';
import { TARGETS_QUEUE_SUFFIX } from '../../workflows/activity-options';
import { resolveInMerge } from '../support/merge';
import { startTestWorker, type TemporalTestContext } from '../support/temporal';

let temporal: TemporalTestContext;
const requests: ResolveRequest[] = [];
let failNext = 0;

async function findOrCreateTarget(request: ResolveRequest): Promise<ResolveResult> {
  requests.push(request);
  if (failNext > 0) {
    failNext -= 1;
    throw ApplicationFailure.create({ type: 'TransientError', message: 'chargebee: 503', nextRetryDelay: 10 });
  }
  const target = { system: 'chargebee', type: 'customer', id: request.preferredId };
  return { outcome: 'linked', target, created: true, snapshot: {} };
}

beforeAll(async () => {
  temporal = await startTestWorker({}, { queues: { [TARGETS_QUEUE_SUFFIX]: { findOrCreateTarget } } });
}, 120_000);
afterAll(async () => temporal?.close());

const request = (linkId: string, preferredId: string): ResolveRequest => ({
  linkId,
  mappingId: 'Contactperson->Customer',
  target: { system: 'chargebee', type: 'customer' },
  mergeKey: { field: 'email', value: 'kari@firma.no', normalise: 'email' },
  preferredId,
  createValues: {},
  idempotencyKey: linkId,
});

test('an unreachable target answers "unavailable"; the merge workflow lives on and remembers its targets', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}merge/chargebee/customer/${randomUUID()}`;
  const resolve = (body: ResolveRequest): Promise<ResolveResult> => resolveInMerge(temporal, workflowId, body);
  expect(await resolve(request('link/a', 'pogo-cp-1'))).toMatchObject({
    outcome: 'linked',
    target: { id: 'pogo-cp-1' },
  });
  failNext = 20; // more than the activity's attempts
  expect(await resolve(request('link/b', 'pogo-cp-2'))).toMatchObject({ outcome: 'unavailable' });
  failNext = 0;
  await resolve(request('link/c', 'pogo-cp-3'));
  // The third request still knows what the key resolved to first: the workflow did not fail and start empty.
  expect(requests[requests.length - 1]?.knownTargetIds).toContain('pogo-cp-1');
  const description = await temporal.client.workflow.getHandle(workflowId).describe();
  expect(description.status.name).toBe('RUNNING');
  await temporal.client.workflow.getHandle(workflowId).terminate('test done');
}, 90_000);
