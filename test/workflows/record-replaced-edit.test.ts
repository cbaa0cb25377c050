/**
 * The record writer's signal handler drops an observation older than what it knows (its own write coming back
 * from the poller), but keeps one taken between its last write's read and that write: it may show an edit the
 * write replaced, which the activity weighs (docs/RELIABILITY.md finding 10, docs/DECISIONS.md 138). Fake
 * activities on the real server.
 */
import { randomUUID } from 'node:crypto';
import { keepAlive, keepAliveStoppable } from '../../activities/keep-alive';
import type { ProcessRecordEventsInput, ProcessRecordEventsResult } from '../../activities/record-activities';
import type { RecordEvent } from '../../model/sync-state';
import { recordEventSignal, recordStateQuery } from '../../workflows/messages';
import { CURRENT_PATCHES } from '../../workflows/patches';
import { saveHistory } from '../support/histories';
import { customerSnapshot } from '../support/snapshots';
import { startTestWorker, type TemporalTestContext, waitFor } from '../support/temporal';

/** Per record, the events each activity run was given. */
const runs: Record<string, string[][]> = {};

const describeEvent = (event: RecordEvent): string =>
  event.kind === 'observed' ? `observed at ${event.snapshot.version}` : `${event.kind} ${event.linkId}`;

/** The first run writes (read at version 10, written at 30); later runs change nothing. */
async function fakeProcess(input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> {
  const seen = (runs[input.state.target.id] ??= []);
  seen.push(input.events.map(describeEvent));
  if (seen.length > 1) return { state: input.state, fanOut: [] };
  const wrote = { name: 'Skrevet' };
  const lastWrite = { readVersion: 10, version: 30, replaced: { name: 'Lest' }, wrote };
  const state = { ...input.state, targetSeen: wrote, targetVersion: 30, writtenTargetVersion: 30, lastWrite };
  return { state, fanOut: [] };
}

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker(
    { processRecordEvents: keepAliveStoppable(fakeProcess) },
    { live: { processRecordEvents: keepAlive(fakeProcess) } },
  );
}, 60_000);
afterAll(async () => temporal.close());

test('a read between the last write and its read reaches the activity; older reads and the echo do not', async () => {
  const id = `replaced-${randomUUID()}`;
  const workflowId = `${temporal.config.workflowIdPrefix}record-replaced/${id}`;
  const send = (event: RecordEvent) =>
    temporal.client.workflow.signalWithStart('recordWorkflow', {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [{ target: { system: 'chargebee', type: 'customer', id }, bornWith: CURRENT_PATCHES }],
      signal: recordEventSignal,
      signalArgs: [event],
    });
  const observed = (version: number, name: string): RecordEvent => ({
    kind: 'observed',
    snapshot: customerSnapshot(id, version, { name }),
  });

  await send({ kind: 'propose', linkId: 'first-link', proposals: {} });
  const handle = temporal.client.workflow.getHandle(workflowId);
  await waitFor('the write to be recorded', async () =>
    (await handle.query(recordStateQuery)).lastWrite !== undefined ? true : undefined,
  );
  await send(observed(5, 'Eldre')); // older than the read the write was decided on
  await send(observed(30, 'Skrevet')); // the write itself, back from the poller
  await send(observed(20, 'Redigert')); // taken between the read and the write
  await send({ kind: 'propose', linkId: 'marker-link', proposals: {} });
  const after = async () => runs[id]?.slice(1).flat();
  await waitFor('the marker to reach the activity', async () =>
    (await after())?.includes('propose marker-link') ? true : undefined,
  );
  expect(await after()).toEqual(['observed at 20', 'propose marker-link']);
  await saveHistory(temporal.client, workflowId, 'record-replaced-edit');
});
