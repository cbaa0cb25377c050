/**
 * The poll activity against a fake connector and a fake Temporal client: a record a link would only watch (an
 * organisation created only when an order needs it) gets no link while none runs for it; one whose link runs
 * already (an order demanded it first) is handed the change; every other record starts its link as before.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { initialCursor, type RecordSnapshot } from '../../connectors/connector';
import { createLinkActivities } from '../../activities/link-activities';
import { createPollActivities } from '../../activities/poll-activities';
import { RecentHandOvers } from '../../activities/recent-hand-overs';
import { organisationCustomer, personCustomer } from '../dataflows/fixtures';
import { fakeConnector, onePage } from '../support/fake-connector';
import { inQuietActivity, pollTestContext } from '../support/poll-context';

const customer = (data: { Id: number } & Record<string, unknown>): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: 'Customers',
  id: String(data.Id),
  version: 5,
  changedAt: 5,
  deleted: false,
  data,
});

/** Polls one page of customers; `runs` says which link workflows run already. */
async function pollCustomers(page: RecordSnapshot[], runs: (workflowId: string) => boolean, reads = 1) {
  const calls: string[] = [];
  const workflow = {
    start: async (_type: string, options: { workflowId: string }) => void calls.push(`start ${options.workflowId}`),
    signalWithStart: async (_type: string, options: { workflowId: string }) =>
      void calls.push(`signal ${options.workflowId}`),
    getHandle: (workflowId: string) => ({
      describe: async () => {
        calls.push(`describe ${workflowId}`);
        if (!runs(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
        return { status: { name: 'RUNNING' } };
      },
    }),
  };
  // Any request to a vendor fails the test: whether a record is dormant is worked out without one.
  const context = pollTestContext(
    {
      'poweroffice-go': fakeConnector('poweroffice-go', {
        readChanges: onePage({ records: page, unreadable: [], cursor: { since: 10, seen: [] }, more: false }),
      }),
      chargebee: fakeConnector('chargebee'),
    },
    workflow,
    { recentHandOvers: new RecentHandOvers() },
  );
  const { firstPassLeavesDormant } = createLinkActivities(context);
  const activities = createPollActivities(context, { leavesDormant: firstPassLeavesDormant });
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'poweroffice-go', resource: 'Customers' };
  for (let read = 0; read < reads; read += 1)
    await inQuietActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  return calls;
}

const linkOf = (id: number) => `poweroffice-to-chargebee/Customers/${id}`;

test('an organisation no order needs yet gets no link; a person beside it gets one', async () => {
  const calls = await pollCustomers([customer(organisationCustomer), customer(personCustomer)], () => false);
  const org = calls.filter((call) => call.includes(linkOf(organisationCustomer.Id)));
  expect(org).toHaveLength(1);
  expect(org[0]).toMatch(/^describe /);
  expect(calls.filter((call) => call.startsWith('start '))).toEqual([
    expect.stringContaining(linkOf(personCustomer.Id)),
  ]);
});

test('an organisation whose link runs already (an order demanded it) is handed the change', async () => {
  const calls = await pollCustomers([customer(organisationCustomer)], (id) =>
    id.endsWith(linkOf(organisationCustomer.Id)),
  );
  expect(calls).toEqual([
    expect.stringMatching(new RegExp(`^describe .*${linkOf(organisationCustomer.Id)}$`)),
    expect.stringMatching(new RegExp(`^signal .*${linkOf(organisationCustomer.Id)}$`)),
  ]);
});

test('an organisation read twice without a link is asked about once (a pass and its head read)', async () => {
  const calls = await pollCustomers([customer(organisationCustomer)], () => false, 2);
  expect(calls).toEqual([expect.stringMatching(new RegExp(`^describe .*${linkOf(organisationCustomer.Id)}$`))]);
});
