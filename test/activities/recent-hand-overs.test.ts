/**
 * A record read twice by one worker process (a long pass and the head read beside it both read what was created
 * meanwhile) is handed to its workflow once: no refused start, no second signal, no workflow task and activity
 * that find nothing new. A new version, other content at the same version, or a hand-over long ago is handed on.
 */
import { initialCursor, type ChangeCursor, type RecordSnapshot } from '../../connectors/connector';
import { createPollActivities } from '../../activities/poll-activities';
import { RecentHandOvers } from '../../activities/recent-hand-overs';
import { personCustomer } from '../dataflows/fixtures';
import { fakeConnector } from '../support/fake-connector';
import { inQuietActivity, pollTestContext } from '../support/poll-context';

const snapshot = (
  system: string,
  type: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
): RecordSnapshot => ({ system, type, id, version, changedAt: version, deleted: false, data });

describe('RecentHandOvers', () => {
  const person = snapshot('poweroffice-go', 'Customers', '7', 5, { Id: 7, FirstName: 'Kari' });

  it('knows an exact repeat only: the same version with the same content', () => {
    const handOvers = new RecentHandOvers();
    expect(handOvers.isRepeat('link/a', person)).toBe(false);
    handOvers.note('link/a', person);
    expect(handOvers.isRepeat('link/a', { ...person, data: { FirstName: 'Kari', Id: 7 } })).toBe(true);
    expect(handOvers.isRepeat('link/b', person)).toBe(false);
    expect(handOvers.isRepeat('link/a', { ...person, version: 6 })).toBe(false);
    // Two edits within the precision of a change time share a version; the second one is news.
    expect(handOvers.isRepeat('link/a', { ...person, data: { Id: 7, FirstName: 'Kåre' } })).toBe(false);
    expect(handOvers.isRepeat('link/a', { ...person, deleted: true })).toBe(false);
  });

  it('forgets after a while, and beyond its size the oldest first', () => {
    const clock = { now: 0 };
    const handOvers = new RecentHandOvers(2, 60_000, () => clock.now);
    handOvers.note('link/a', person);
    handOvers.note('link/b', person);
    handOvers.note('link/c', person);
    expect(handOvers.isRepeat('link/a', person)).toBe(false);
    expect(handOvers.isRepeat('link/c', person)).toBe(true);
    clock.now = 60_001;
    expect(handOvers.isRepeat('link/c', person)).toBe(false);
    // What is forgotten leaves the memory as the next hand-over is noted: it holds minutes, not a whole sync.
    clock.now = 200_000;
    handOvers.note('link/d', person);
    expect(handOvers.size).toBe(1);
  });
});

describe('the poll activity hands a record read twice on once', () => {
  /** Poll activities over a feed that answers every read with `page`; `calls` records every message sent. */
  function pollerOver(page: { current: RecordSnapshot[] }, handOvers: RecentHandOvers | undefined) {
    const calls: string[] = [];
    const workflow = {
      start: async (_type: string, options: { workflowId: string }) => void calls.push(`start ${options.workflowId}`),
      signalWithStart: async (_type: string, options: { workflowId: string }) =>
        void calls.push(`signal ${options.workflowId}`),
      getHandle: () => ({ describe: async () => ({ status: { name: 'RUNNING' } }) }),
    };
    const readChanges = async function* () {
      yield { records: page.current, unreadable: [], cursor: { since: 20, seen: [] }, more: false };
    };
    const context = pollTestContext(
      {
        'poweroffice-go': fakeConnector('poweroffice-go', { readChanges }),
        chargebee: fakeConnector('chargebee', { readChanges }),
      },
      workflow,
      handOvers ? { recentHandOvers: handOvers } : {},
    );
    const activities = createPollActivities(context);
    const poll = (system: string, resource: string, cursor: ChangeCursor, head = false) =>
      inQuietActivity(() =>
        activities.pollChanges({ dataflow: 'poweroffice-to-chargebee', system, resource, cursor, head }),
      );
    return { calls, poll };
  }

  const person = snapshot('poweroffice-go', 'Customers', String(personCustomer.Id), 5, personCustomer);

  it('a new person read by the head read and then by the pass starts its link once; an edit is handed on', async () => {
    const page = { current: [person] };
    const { calls, poll } = pollerOver(page, new RecentHandOvers());
    const head = await poll('poweroffice-go', 'Customers', { since: 1, seen: [] }, true);
    const pass = await poll('poweroffice-go', 'Customers', initialCursor());
    expect(calls).toEqual([expect.stringMatching(/^start .*\/Customers\/\d+$/)]);
    expect([head.dispatched, pass.dispatched]).toEqual([1, 0]);

    page.current = [{ ...person, version: 6, data: { ...personCustomer, FirstName: 'Edited' } }];
    const edited = await poll('poweroffice-go', 'Customers', { since: 20, seen: [] });
    expect(calls).toHaveLength(2);
    expect(edited.dispatched).toBe(1);
  });

  it('without the memory (another process, or forgotten) the record is handed on again', async () => {
    const { calls, poll } = pollerOver({ current: [person] }, undefined);
    await poll('poweroffice-go', 'Customers', { since: 1, seen: [] }, true);
    await poll('poweroffice-go', 'Customers', initialCursor());
    expect(calls).toHaveLength(2);
  });

  it('a target record read twice reaches its record writer once', async () => {
    const chargebeeCustomer = snapshot('chargebee', 'customer', 'pogo-cp-1', 9, { id: 'pogo-cp-1', email: 'a@b.no' });
    const { calls, poll } = pollerOver({ current: [chargebeeCustomer] }, new RecentHandOvers());
    await poll('chargebee', 'customer', { since: 1, seen: [] }, true);
    const again = await poll('chargebee', 'customer', initialCursor());
    expect(calls).toEqual([expect.stringMatching(/^signal .*record\/chargebee\/customer\/pogo-cp-1$/)]);
    expect(again.dispatched).toBe(0);
  });
});
