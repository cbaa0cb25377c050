/**
 * The link workflow under faults, with fake activities on the real server: what the workflow does when its
 * activity fails for longer than the activity's own retries, when an observation replaces a queued one while
 * an update waits, and when the activity clears a field.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import type { RecordSnapshot } from '../../connectors/connector';
import type { LinkEvent, LinkState } from '../../model/sync-state';
import { linkStateQuery, retryUpdate, sourceObservedSignal } from '../../workflows/messages';
import { startTestWorker, waitFor, type TemporalTestContext } from '../support/temporal';
import { CURRENT_PATCHES } from '../../workflows/patches';

type Behaviour = (input: ProcessLinkEventsInput) => Promise<ProcessLinkEventsResult>;

let behaviour: Behaviour = async (input) => ({ state: input.state, dependencies: [] });
const seen: LinkEvent[][] = [];
let temporal: TemporalTestContext;

beforeAll(async () => {
  temporal = await startTestWorker({
    processLinkEvents: async (input: ProcessLinkEventsInput) => {
      seen.push(input.events);
      return behaviour(input);
    },
    requestDependencies: async () => undefined,
  });
}, 120_000);
afterAll(async () => temporal.close());
beforeEach(() => {
  seen.length = 0;
});

const snapshot = (version: number): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id: '42',
  version,
  changedAt: version,
  deleted: false,
  data: { Id: 42, FirstName: `v${version}` },
});

const linkInput = (extra: Record<string, unknown>) => ({
  dataflow: 'poweroffice-to-chargebee',
  source: { system: 'poweroffice-go', resource: 'ContactPersons', id: '42' },
  ...extra,
});
const newLinkId = () => `${temporal.config.workflowIdPrefix}link-faults/${randomUUID()}`;

async function startLink(first: RecordSnapshot, extra: { firstRetryMs?: number } = {}) {
  return temporal.client.workflow.signalWithStart('linkWorkflow', {
    workflowId: newLinkId(),
    taskQueue: temporal.taskQueue,
    args: [linkInput(extra)],
    signal: sourceObservedSignal,
    signalArgs: [first],
  });
}

const linked = (state: LinkState): ProcessLinkEventsResult => ({
  state: { ...state, status: 'linked', target: { system: 'chargebee', type: 'customer', id: 'pogo-cp-42' } },
  dependencies: [],
});

test('an outage longer than the activity retries holds the batch and delivers it afterwards; nothing parks', async () => {
  // More failures than the activity's retry policy allows attempts (the first version parked after 12).
  let failures = 14;
  behaviour = async (input) => {
    if (failures > 0) {
      failures -= 1;
      throw ApplicationFailure.create({
        type: 'TransientError',
        message: 'chargebee: 503 Service Unavailable',
        nextRetryDelay: 10,
      });
    }
    return linked(input.state);
  };
  const handle = await startLink(snapshot(1), { firstRetryMs: 300 });
  const retrying = await waitFor('the link to show it is retrying', async () => {
    const state = await handle.query(linkStateQuery);
    return state.retrying;
  });
  expect(retrying.reason).toContain('503');
  const state = await waitFor('the held batch to be delivered', async () => {
    const current = await handle.query(linkStateQuery);
    return current.status === 'linked' ? current : undefined;
  });
  expect(state.parkedReason).toBeUndefined();
  expect(state.retrying).toBeUndefined();
  // The very event that failed is the one finally processed.
  const last = seen[seen.length - 1];
  expect(last?.[0]).toMatchObject({ kind: 'sourceObserved', snapshot: { version: 1 } });
  await handle.terminate('test done');
}, 90_000);

test('an update queued after a replaced observation still returns', async () => {
  let release: () => void = () => undefined;
  let calls = 0;
  behaviour = async (input) => {
    calls += 1;
    if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
    return linked(input.state);
  };
  const handle = await startLink(snapshot(1));
  await waitFor('the first batch to be in flight', async () => (calls === 1 ? true : undefined));
  await handle.signal(sourceObservedSignal, snapshot(2));
  await handle.signal(sourceObservedSignal, snapshot(3)); // replaces version 2 in the queue
  const update = handle.executeUpdate(retryUpdate);
  release();
  const outcome = await Promise.race([
    update.then(() => 'returned'),
    new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 20 s'), 20_000)),
  ]);
  expect(outcome).toBe('returned');
  await handle.terminate('test done');
}, 60_000);

test('a field the activity cleared stays cleared (state is replaced, not merged)', async () => {
  behaviour = async (input) => {
    const isRelink = input.events.some((event) => event.kind === 'relink');
    if (!isRelink) return linked(input.state);
    const { target: _dropped, ...withoutTarget } = input.state;
    return { state: { ...withoutTarget, status: 'pending' }, dependencies: [] };
  };
  const handle = await startLink(snapshot(1));
  await waitFor('linked', async () => ((await handle.query(linkStateQuery)).target ? true : undefined));
  const after = await handle.executeUpdate('relink');
  expect(after).toBeDefined();
  const state = await handle.query(linkStateQuery);
  expect(state.target).toBeUndefined();
  await handle.terminate('test done');
}, 60_000);

test('a link started with its first observation processes it once, and not again after continue-as-new', async () => {
  behaviour = async (input) => linked(input.state);
  const handle = await temporal.client.workflow.start('linkWorkflow', {
    workflowId: newLinkId(),
    taskQueue: temporal.taskQueue,
    args: [
      linkInput({
        bornWith: CURRENT_PATCHES,
        firstEvent: { kind: 'sourceObserved', snapshot: snapshot(1) },
        continueAsNewAfterEvents: 10,
      }),
    ],
  });
  await waitFor('linked', async () => ((await handle.query(linkStateQuery)).target ? true : undefined));
  const processed = (version: number) => async () =>
    seen.some((events) => events.some((event) => event.kind === 'sourceObserved' && event.snapshot.version === version))
      ? true
      : undefined;
  const firstRun = (await handle.describe()).runId;
  // Past the rollover limit: the link continues as new, and the new run must not take version 1 again.
  let version = 1;
  await waitFor('continue-as-new', async () => {
    version += 1;
    await handle.signal(sourceObservedSignal, snapshot(version));
    await waitFor(`version ${version} processed`, processed(version));
    return (await handle.describe()).runId !== firstRun ? true : undefined;
  });
  version += 1;
  await handle.signal(sourceObservedSignal, snapshot(version));
  await waitFor(`version ${version} processed in the new run`, processed(version));
  const versions = seen.flatMap((events) =>
    events.flatMap((event) => (event.kind === 'sourceObserved' ? [event.snapshot.version] : [])),
  );
  expect(versions.filter((seenVersion) => seenVersion === 1)).toHaveLength(1);
  await handle.terminate('test done');
}, 60_000);
