/**
 * A new record's link asks its merge to find or create inline (a local activity: no activity task, one workflow
 * task less) while the target's budget would serve it at once, and through the targets queue while a backlog waits
 * for that budget (docs/DECISIONS.md 136). Link activities against fake connectors and a fake Temporal client
 * whose merges answer only once every link of the burst has asked.
 */
import type { RecordSnapshot } from '../../connectors/connector';
import type { TokenBucket } from '../../connectors/common/token-bucket';
import { createLinkActivities } from '../../activities/link-activities';
import { newLinkState } from '../../model/link-state';
import type { ResolveRequest } from '../../model/workflow-inputs';
import { contactPerson } from '../dataflows/fixtures';
import { fakeConnector } from '../support/fake-connector';
import { inQuietActivity, pollTestContext } from '../support/poll-context';
import { perMinuteBudget as perMinute } from '../support/budgets';

const person = (id: number): RecordSnapshot => ({
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id: String(id),
  version: 1,
  changedAt: 1,
  deleted: false,
  data: { ...contactPerson, Id: id, EmailAddress: `person${id}@fjordtest.no` },
});

/** Links `count` new contact persons at once; returns which of their merge requests were marked inline. */
async function burstOfNewPersons(budget: TokenBucket, count: number): Promise<boolean[]> {
  const asked: ResolveRequest[] = [];
  let answerAll: () => void = () => undefined;
  const everyoneAsked = new Promise<void>((resolve) => {
    answerAll = resolve;
  });
  const workflow = {
    executeUpdateWithStart: async (_update: unknown, options: { args: [ResolveRequest] }) => {
      const [request] = options.args;
      asked.push(request);
      if (asked.length === count) answerAll();
      await everyoneAsked;
      const id = request.preferredId;
      const snapshot = {
        system: 'chargebee',
        type: 'customer',
        id,
        version: 1,
        changedAt: 1,
        deleted: false,
        data: {},
      };
      return { outcome: 'linked', target: { ...request.target, id }, created: true, createdNow: true, snapshot };
    },
    start: async () => ({}),
    signalWithStart: async () => ({}),
  };
  const context = pollTestContext(
    {
      'poweroffice-go': fakeConnector('poweroffice-go'),
      chargebee: fakeConnector('chargebee', {
        budgetWaitMs: (requests) => budget.expectedWaitMs(requests),
        waitingRequests: () => budget.waitingCount(),
      }),
    },
    workflow,
  );
  const { processLinkEvents } = createLinkActivities(context);
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const snapshot = person(8_000 + index);
      const state = newLinkState(
        `test/link/poweroffice-to-chargebee/ContactPersons/${snapshot.id}`,
        'poweroffice-to-chargebee',
        {
          system: 'poweroffice-go',
          resource: 'ContactPersons',
          id: snapshot.id,
        },
      );
      return inQuietActivity(() =>
        processLinkEvents({ state, events: [{ kind: 'sourceObserved', snapshot }], resolvedRefs: {} }),
      );
    }),
  );
  expect(results.map((result) => result.state.status)).toEqual(Array.from({ length: count }, () => 'linked'));
  return asked.map((request) => request.inline === true);
}

test('with the limits raised, every merge of a burst of new records runs inline', async () => {
  const inline = await burstOfNewPersons(perMinute(10_000_000), 20);
  expect(inline.filter(Boolean)).toHaveLength(20);
});

test("at a test site's budget, only the merges it serves within a second run inline; the rest are queued", async () => {
  const inline = await burstOfNewPersons(perMinute(150), 5);
  expect(inline.filter(Boolean)).toHaveLength(1);
});

test('while a backlog waits for the target budget, no merge runs inline', async () => {
  const budget = perMinute(1_000);
  for (let index = 0; index < 20; index += 1) await budget.acquire('backlog');
  for (let index = 0; index < 30; index += 1) void budget.acquire('backlog'); // the clock stands: they wait
  const inline = await burstOfNewPersons(budget, 5);
  expect(inline.filter(Boolean)).toHaveLength(0);
});
