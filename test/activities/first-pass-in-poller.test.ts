/**
 * A new record's first pass made by the poll activity (docs/DECISIONS.md 145): while the target's budget would
 * serve it at once, the poller links the record itself and starts its link linked, with the state and the search
 * attributes its own first pass would have left; otherwise, or when anything in the pass fails, the link is
 * started with the record, as before. The poll activity against fake connectors and a fake Temporal client.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { requestPriority } from '../../connectors/common/request-priority';
import { initialCursor, type RecordSnapshot } from '../../connectors/connector';
import { createLinkActivities } from '../../activities/link-activities';
import { createPollActivities } from '../../activities/poll-activities';
import type { LinkWorkflowInput, ResolveRequest, ResolveResult } from '../../model/workflow-inputs';
import { contactPerson } from '../dataflows/fixtures';
import { fakeConnector } from '../support/fake-connector';
import { inQuietActivity, pollTestContext } from '../support/poll-context';

const person: RecordSnapshot = {
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id: String(contactPerson.Id),
  version: 3,
  changedAt: 3,
  createdAt: 3,
  deleted: false,
  data: contactPerson,
};

interface Started {
  workflowType: string;
  workflowId: string;
  input: LinkWorkflowInput | undefined;
  searchAttributes: Record<string, unknown>;
}

interface Scenario {
  /** How long the Chargebee budget would keep a request waiting (a function: the answer may change per call). */
  budgetWaitMs: number | (() => number);
  /** The merge's answer. */
  resolve?: (request: ResolveRequest) => ResolveResult | Promise<ResolveResult>;
  /** The link runs already (started by someone else meanwhile). */
  linkRuns?: boolean;
  /** The record as the poller reads it. */
  record?: RecordSnapshot;
  /** Records read by later polls, one poll each (the same worker process). */
  later?: RecordSnapshot[];
  /** How long the poll waits for a first pass. */
  firstPassWaitMs?: number;
  /** The newest change the poller had read before (none: a first read). */
  since?: number;
  /** A head read (the newest changes, a fresh change's read) instead of a pass. */
  head?: boolean;
}

const linked = (request: ResolveRequest): ResolveResult => ({
  outcome: 'linked',
  target: { ...request.target, id: request.preferredId },
  created: true,
  createdNow: true,
  snapshot: {
    system: 'chargebee',
    type: 'customer',
    id: request.preferredId,
    version: 1,
    changedAt: 1,
    deleted: false,
    data: {},
  },
});

async function pollNewPerson({
  budgetWaitMs,
  resolve = linked,
  linkRuns = false,
  record = person,
  since,
  later = [],
  firstPassWaitMs,
  head = false,
}: Scenario) {
  const starts: Started[] = [];
  const signalled: string[] = [];
  const merges: ResolveRequest[] = [];
  const workflow = {
    start: async (
      workflowType: string,
      options: {
        workflowId: string;
        args: unknown[];
        typedSearchAttributes?: { key: { name: string }; value: unknown }[];
      },
    ) => {
      if (workflowType === 'linkWorkflow' && linkRuns) {
        throw new WorkflowExecutionAlreadyStartedError('running', options.workflowId, workflowType);
      }
      starts.push({
        workflowType,
        workflowId: options.workflowId,
        input: workflowType === 'linkWorkflow' ? (options.args[0] as LinkWorkflowInput) : undefined,
        searchAttributes: Object.fromEntries(
          (options.typedSearchAttributes ?? []).map((attribute) => [attribute.key.name, attribute.value]),
        ),
      });
    },
    signalWithStart: async (
      _workflowType: string,
      options: { workflowId: string; signal: string | { name: string } },
    ) =>
      void signalled.push(
        `${typeof options.signal === 'string' ? options.signal : options.signal.name} ${options.workflowId}`,
      ),
    executeUpdateWithStart: async (_update: unknown, options: { args: [ResolveRequest] }) => {
      merges.push(options.args[0]);
      return resolve(options.args[0]);
    },
  };
  const context = pollTestContext(
    {
      'poweroffice-go': fakeConnector('poweroffice-go', {
        readChanges: async function* () {
          const read = pages.shift() ?? [];
          yield { records: read, unreadable: [], cursor: { since: 10, seen: [] }, more: false };
        },
      }),
      chargebee: fakeConnector('chargebee', {
        budgetWaitMs: typeof budgetWaitMs === 'number' ? () => budgetWaitMs : budgetWaitMs,
        waitingRequests: () => 0,
      }),
    },
    workflow,
    firstPassWaitMs === undefined ? {} : { timing: { orderSettleMs: 1, openOrderSweepMs: 1, firstPassWaitMs } },
  );
  const pages = [[record], ...later.map((next) => [next])];
  const { firstPassLeavesDormant, firstPassLinked } = createLinkActivities(context);
  const activities = createPollActivities(context, { leavesDormant: firstPassLeavesDormant, linked: firstPassLinked });
  for (let poll = 0; poll <= later.length; poll += 1) {
    await inQuietActivity(() =>
      activities.pollChanges({
        dataflow: 'poweroffice-to-chargebee',
        system: 'poweroffice-go',
        resource: 'ContactPersons',
        cursor: since === undefined ? initialCursor() : { since, seen: [] },
        ...(head ? { head: true } : {}),
      }),
    );
  }
  const linkStarts = starts.filter((start) => start.workflowType === 'linkWorkflow');
  return { linkStart: linkStarts[0], linkStarts, starts, signalled, merges };
}

const targetId = `pogo-cp-${contactPerson.Id}`;

test('at a budget that serves at once, the poller links a new record and starts its link linked', async () => {
  const { linkStart, signalled, merges } = await pollNewPerson({ budgetWaitMs: 0 });
  expect(merges).toHaveLength(1);
  // The pass attached the link to the target's writer, as the link's own pass does.
  expect(signalled).toEqual([`recordEvent record/chargebee/customer/${targetId}`]);
  expect(linkStart?.input?.firstEvent).toBeUndefined();
  expect(linkStart?.input?.state).toMatchObject({
    status: 'linked',
    target: { system: 'chargebee', type: 'customer', id: targetId },
    queue: [],
  });
  expect(linkStart?.input?.state?.sourceVersion).toBe(person.version);
  // What the link would publish at its first step is there from the start: that step has nothing to do.
  expect(linkStart?.searchAttributes).toMatchObject({
    LinkStatus: 'linked',
    LinkTargetSystem: 'chargebee',
    LinkTargetType: 'customer',
    LinkTargetId: targetId,
  });
});

test('while the budget has a queue, the link is started with the record and makes the pass itself', async () => {
  const { linkStart, merges } = await pollNewPerson({ budgetWaitMs: 10_000 });
  expect(merges).toHaveLength(0);
  expect(linkStart?.input?.state).toBeUndefined();
  expect(linkStart?.input?.firstEvent).toMatchObject({ kind: 'sourceObserved', snapshot: { id: person.id } });
  expect(linkStart?.searchAttributes).toMatchObject({ LinkStatus: 'pending' });
  expect(linkStart?.searchAttributes).not.toHaveProperty('LinkTargetId');
});

test("a fresh record read by a head read is linked by the poller while only a first sync's backlog waits", async () => {
  // The budget keeps the backlog's requests waiting 10 s; a fresh change's go ahead of them (DECISIONS 165).
  const budgetWaitMs = (): number => (requestPriority() === 'live' ? 0 : 10_000);
  const fresh = await pollNewPerson({ budgetWaitMs, head: true, since: 1 });
  expect(fresh.merges).toHaveLength(1);
  expect(fresh.merges[0]).toMatchObject({ live: true, inline: true, inlineOnly: true });
  expect(fresh.linkStart?.input?.state).toMatchObject({ status: 'linked', target: { id: targetId } });
  const backlog = await pollNewPerson({ budgetWaitMs, since: 1 });
  expect(backlog.merges).toHaveLength(0);
  expect(backlog.linkStart?.input?.firstEvent).toMatchObject({ kind: 'sourceObserved' });
});

test('a pass that does not end linked leaves the record to its link', async () => {
  const { linkStart, merges } = await pollNewPerson({
    budgetWaitMs: 0,
    resolve: () => ({ outcome: 'unavailable', reason: 'chargebee answered 503' }),
  });
  expect(merges).toHaveLength(1);
  expect(linkStart?.input?.state).toBeUndefined();
  expect(linkStart?.input?.firstEvent).toMatchObject({ kind: 'sourceObserved' });
});

test('a link started meanwhile is handed the record, which it links again (all of it idempotent)', async () => {
  const { signalled } = await pollNewPerson({ budgetWaitMs: 0, linkRuns: true });
  expect(signalled).toEqual([
    `recordEvent record/chargebee/customer/${targetId}`,
    expect.stringMatching(new RegExp(`^sourceObserved .*poweroffice-to-chargebee/ContactPersons/${person.id}$`)),
  ]);
});

test('a record changed since it was made is left to its link: a pass would propose all at the time of that change', async () => {
  // Had a link run for it already, every property proposed at the time of the change (its e-mail untouched here)
  // would overwrite what the other side edited meanwhile: the e2e test of two-way edits lost a first name so.
  const { linkStart, merges } = await pollNewPerson({ budgetWaitMs: 0, record: { ...person, createdAt: 1 } });
  expect(merges).toHaveLength(0);
  expect(linkStart?.input?.state).toBeUndefined();
  expect(linkStart?.input?.firstEvent).toMatchObject({ kind: 'sourceObserved' });
});

test('a record made before the last read is not taken for new, however new its page looks', async () => {
  const { linkStart, merges } = await pollNewPerson({ budgetWaitMs: 0, since: 5 });
  expect(merges).toHaveLength(0);
  expect(linkStart?.input?.state).toBeUndefined();
});

test('a pass that takes long (a failing target) is left to the link, and no pass is tried for a while', async () => {
  const next = { ...person, id: '5502', data: { ...contactPerson, Id: 5502, EmailAddress: 'ola@fjordtest.no' } };
  const { linkStarts, merges } = await pollNewPerson({
    budgetWaitMs: 0,
    resolve: () => new Promise<ResolveResult>(() => undefined),
    firstPassWaitMs: 50,
    later: [next],
  });
  // The first record's pass was tried and left to its link after the wait; the next record is not tried at all.
  expect(merges).toHaveLength(1);
  expect(linkStarts.map((start) => start.input?.firstEvent?.kind)).toEqual(['sourceObserved', 'sourceObserved']);
  expect(linkStarts.map((start) => start.input?.state)).toEqual([undefined, undefined]);
});

test('a pass answered after several seconds (a busy worker and server, not a failing target) is used', async () => {
  // Under a sustained load a merge's answer can take seconds; a pass left to its link then was done twice, and the
  // hold after it sent every new record the slow way for 30 s: the pipeline ran at half its rate.
  const slowly = (request: ResolveRequest) =>
    new Promise<ResolveResult>((answer) => setTimeout(() => answer(linked(request)), 6_000));
  const { linkStart, merges } = await pollNewPerson({ budgetWaitMs: 0, resolve: slowly });
  expect(merges).toHaveLength(1);
  expect(linkStart?.input?.state?.status).toBe('linked');
}, 20_000);

test('a pass refused because the budget filled meanwhile holds nothing back: the next record is linked', async () => {
  const next = { ...person, id: '5503', data: { ...contactPerson, Id: 5503, EmailAddress: 'kim@fjordtest.no' } };
  let asked = 0;
  // Room when the first pass is admitted, none a moment later when its merge would run inline; room again after.
  const budgetWaitMs = (): number => (asked++ === 1 ? 10_000 : 0);
  const { linkStarts, merges } = await pollNewPerson({ budgetWaitMs, later: [next] });
  expect(merges.map((request) => request.linkId)).toEqual([expect.stringContaining('/ContactPersons/5503')]);
  expect(linkStarts.map((start) => start.input?.state?.status)).toEqual([undefined, 'linked']);
});
