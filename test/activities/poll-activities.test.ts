/**
 * The poll activity against a fake connector: linkflow's own writes coming back are neither signalled nor
 * counted as handed on, so a pass that finds only them lets the poller back off and show itself caught up.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { initialCursor, type ChangePage, type Connector, type RecordSnapshot } from '../../connectors/connector';
import {
  createPollActivities,
  FIRST_PASSES_AT_ONCE,
  FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE,
  HEAD_READ_PAGES,
  MAX_RECORDS_PER_CALL,
} from '../../activities/poll-activities';
import { RecentWrites } from '../../activities/recent-writes';
import { loadDataflows } from '../../dataflows/engine';
import { fakeConnector, onePage } from '../support/fake-connector';
import { customerSnapshot } from '../support/snapshots';

const customer = (id: string, version: number): RecordSnapshot =>
  customerSnapshot(id, version, { id, email: `${id}@example.no` });

function fakeChargebee(page: RecordSnapshot[]): Connector {
  return fakeConnector('chargebee', {
    readChanges: onePage({ records: page, unreadable: [], cursor: { since: 10, seen: [] }, more: false }),
  });
}

/** A client whose record writers all run: each record event (a signal-with-start to a running writer) is counted. */
function countingClient(signalled: string[]): Client {
  const workflow = {
    getHandle: () => ({ describe: async () => ({ status: { name: 'RUNNING' } }) }),
    signalWithStart: async (_type: string, options: { workflowId: string }) => void signalled.push(options.workflowId),
  };
  return { workflow } as unknown as Client;
}

/** Runs `work` as if inside an activity, so that its heartbeats have somewhere to go; its sleeps move `clock`. */
function inActivity<T>(work: () => Promise<T>, clock = { now: Date.now(), slept: 0 }): Promise<T> {
  const sleep = async (ms: number): Promise<void> => {
    clock.now += ms;
    clock.slept += ms;
  };
  const quiet = { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined };
  const context = { heartbeat: () => undefined, sleep, log: quiet } as unknown as Context;
  return asyncLocalStorage.run(context, work);
}

function pollActivitiesWith(
  connector: Connector,
  signalled: string[],
  backlog: () => Promise<number>,
  client = countingClient(signalled),
) {
  return createPollActivities({
    config: loadConfig({}),
    flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
    connectors: { chargebee: connector },
    client,
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    queueBacklog: backlog,
  });
}

test('a page of our own writes is not handed on and counts as nothing dispatched; an edit made since is', async () => {
  const recentWrites = new RecentWrites();
  recentWrites.note(customer('pogo-cp-1', 3));
  recentWrites.note(customer('pogo-cp-2', 3));
  const signalled: string[] = [];
  const flows = loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee');
  const activities = createPollActivities({
    config: loadConfig({}),
    flows,
    connectors: { chargebee: fakeChargebee([customer('pogo-cp-1', 3), customer('pogo-cp-2', 4)]) },
    client: countingClient(signalled),
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    recentWrites,
    queueBacklog: async () => 0,
  });
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  const mixed = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  // pogo-cp-2 was edited after our write (version 4): handed on; pogo-cp-1 is our own echo.
  expect(mixed.dispatched).toBe(1);
  expect(signalled).toHaveLength(1);
  expect(signalled[0]).toContain('pogo-cp-2');

  recentWrites.note(customer('pogo-cp-2', 4));
  signalled.length = 0;
  const echoesOnly = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  expect(echoesOnly).toMatchObject({ dispatched: 0, more: false });
  expect(signalled).toEqual([]);
});

test('a read that only settled its cursor (no records) has that cursor stored, and counts as nothing dispatched', async () => {
  const settled = { since: 10, seen: [], settledThrough: 500 };
  const connector = fakeConnector('chargebee', {
    readChanges: onePage({ records: [], unreadable: [], cursor: settled, more: false }),
  });
  const signalled: string[] = [];
  const activities = pollActivitiesWith(connector, signalled, async () => 0);
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  const stale = { since: 10, seen: ['pogo-cp-1@10'], caughtUp: true };
  const result = await inActivity(() => activities.pollChanges({ ...input, cursor: stale }));
  expect(result).toMatchObject({ dispatched: 0, more: false, cursor: { ...settled, caughtUp: true } });
  expect(signalled).toEqual([]);
});

/** Poll activities over one page holding `record`, with a client that keeps what each record event delivered. */
function deliveringActivities(record: RecordSnapshot, queueBacklog: number) {
  const deliveries: unknown[] = [];
  const workflow = {
    getHandle: () => ({ describe: async () => ({ status: { name: 'RUNNING' } }) }),
    signalWithStart: async (_type: string, options: { signalArgs: unknown[] }) =>
      void deliveries.push(options.signalArgs[0]),
  };
  const activities = createPollActivities({
    config: loadConfig({}),
    flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
    connectors: { chargebee: fakeChargebee([record]) },
    client: { workflow } as unknown as Client,
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    queueBacklog: async () => queueBacklog,
  });
  return { activities, deliveries };
}

describe('backpressure: a poller reads on only while the task queue has room', () => {
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  afterEach(() => jest.restoreAllMocks());

  function withFakeNow(clock: { now: number }): void {
    jest.spyOn(Date, 'now').mockImplementation(() => clock.now);
  }

  it('waits while the queue is deep, then reads and hands the page on', async () => {
    const clock = { now: 1_000_000, slept: 0 };
    withFakeNow(clock);
    const backlogs = [5_000, 3_000, 400];
    const signalled: string[] = [];
    const activities = pollActivitiesWith(fakeChargebee([customer('pogo-cp-7', 5)]), signalled, async () =>
      Promise.resolve(backlogs.shift() ?? 0),
    );
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }), clock);
    expect(clock.slept).toBe(4_000);
    expect(page).toMatchObject({ dispatched: 1, cursor: { since: 10 } });
    expect(signalled).toHaveLength(1);
  });

  it('hands back without reading when the queue stays deep, and the poller asks again at once', async () => {
    const clock = { now: 1_000_000, slept: 0 };
    withFakeNow(clock);
    let reads = 0;
    const connector: Connector = {
      ...fakeChargebee([customer('pogo-cp-8', 5)]),
      readChanges: async function* (): AsyncIterable<ChangePage> {
        reads += 1;
        yield { records: [], unreadable: [], cursor: { since: 10, seen: [] }, more: false };
      },
    };
    const signalled: string[] = [];
    const activities = pollActivitiesWith(connector, signalled, async () => Promise.resolve(50_000));
    const cursor = { since: 5, seen: ['pogo-cp-1@3'] };
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor }), clock);
    expect(page).toEqual({ cursor, dispatched: 0, more: true, busy: true });
    expect(reads).toBe(0);
    expect(clock.slept).toBeLessThanOrEqual(30_000);
    expect(signalled).toEqual([]);
  });

  it("reads a pass's head at once, however deep the queue, and hands its records on as fresh changes", async () => {
    const clock = { now: 1_000_000, slept: 0 };
    withFakeNow(clock);
    const { activities, deliveries } = deliveringActivities(customer('pogo-cp-10', 5), 50_000);
    const cursor = { since: 5, seen: [] };
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor, head: true }), clock);
    expect(clock.slept).toBe(0);
    expect(page).toMatchObject({ dispatched: 1, cursor: { since: 10 } });
    expect(deliveries).toEqual([expect.objectContaining({ kind: 'observed', live: true })]);
  });

  it("hands on the last page of a long pass as backlog, and a caught-up feed's page as fresh changes", async () => {
    // A first sync's contact persons came in two pages: the second, read from the first's cursor, was taken for
    // fresh changes, and 550 backlog records crowded the live lane (docs/DECISIONS.md 143).
    const { activities, deliveries } = deliveringActivities(customer('pogo-cp-11', 5), 0);
    const lastPageOfAPass = await inActivity(() =>
      activities.pollChanges({ ...input, cursor: { since: 5, seen: [] } }),
    );
    expect(lastPageOfAPass.cursor).toEqual({ since: 10, seen: [], caughtUp: true });
    const nextPass = await inActivity(() => activities.pollChanges({ ...input, cursor: lastPageOfAPass.cursor }));
    expect(nextPass.cursor.caughtUp).toBe(true);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).not.toMatchObject({ live: true });
    expect(deliveries[1]).toMatchObject({ kind: 'observed', live: true });
  });

  it('reads on when the backlog cannot be read', async () => {
    const signalled: string[] = [];
    const activities = pollActivitiesWith(fakeChargebee([customer('pogo-cp-9', 5)]), signalled, async () =>
      Promise.reject(new Error('DescribeTaskQueue is not allowed')),
    );
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
    expect(page.dispatched).toBe(1);
  });
});

test('an order linkflow wrote itself is not searched for its invoice; one Chargebee made from a paid invoice is', async () => {
  const order = (id: string, invoiceId: string): RecordSnapshot => ({
    system: 'chargebee',
    type: 'order',
    id,
    version: 5,
    changedAt: 5,
    deleted: false,
    data: { id, invoice_id: invoiceId, status: 'new' },
  });
  const orders = [order('so-0b6f8c5e-6d0a-4f57-9a43-8d7c1c2b9e10', '7'), order('__cb_order_41', '8')];
  const searches: string[] = [];
  // No record writer runs for orders, and no link holds either invoice: each search finds nothing.
  const workflow = {
    getHandle: (workflowId: string) => ({
      describe: async () => {
        throw new WorkflowNotFoundError('not found', workflowId, undefined);
      },
    }),
    list: ({ query }: { query: string }) => {
      searches.push(query);
      return (async function* () {})();
    },
  };
  const activities = createPollActivities({
    config: loadConfig({}),
    flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
    connectors: {
      chargebee: fakeConnector('chargebee', {
        makesRecordsItself: async (type: string) => type === 'order',
        readChanges: onePage({ records: orders, unreadable: [], cursor: { since: 10, seen: [] }, more: false }),
      }),
    },
    client: { workflow } as unknown as Client,
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    queueBacklog: async () => 0,
  });
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'order' };
  await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  expect(searches).toHaveLength(1);
  expect(searches[0]).toContain('LinkTargetId = "8"');
});

describe("a head read keeps up with a feed that fills more than a page an interval (linkflow's own creates)", () => {
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  /** A feed of `pages` full pages and a short last one; counts the pages read. */
  function feed(pages: number, reads: { pages: number }): Connector {
    return fakeConnector('chargebee', {
      readChanges: async function* () {
        for (let index = 0; index <= pages; index += 1) {
          reads.pages += 1;
          const records = [customer(`pogo-cp-${index}`, index + 1)];
          yield { records, unreadable: [], cursor: { since: 100 + index, seen: [] }, more: index < pages };
        }
      },
    });
  }

  it("reads on while pages are full, up to HEAD_READ_PAGES, and returns the last page's cursor", async () => {
    const reads = { pages: 0 };
    const activities = pollActivitiesWith(feed(3, reads), [], async () => Promise.resolve(0));
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor(), head: true }));
    expect(reads.pages).toBe(4);
    expect(page).toMatchObject({ cursor: { since: 103 }, dispatched: 4, more: false });

    const deep = { pages: 0 };
    const longFeed = pollActivitiesWith(feed(HEAD_READ_PAGES + 5, deep), [], async () => Promise.resolve(0));
    const first = await inActivity(() => longFeed.pollChanges({ ...input, cursor: initialCursor(), head: true }));
    expect(deep.pages).toBe(HEAD_READ_PAGES);
    expect(first).toMatchObject({ dispatched: HEAD_READ_PAGES, more: true });
  });

  it('reads no further page once its pages have held MAX_RECORDS_PER_CALL records, a pass after a crowd too', async () => {
    // PowerOffice GO's pages hold 1,000 records: a call that read fifty of them outlasted its 5-minute limit.
    const perPage = 600;
    function largePages(reads: { pages: number }): Connector {
      return fakeConnector('chargebee', {
        readChanges: async function* () {
          for (let index = 0; index < 20; index += 1) {
            reads.pages += 1;
            const records = Array.from({ length: perPage }, (_, n) => customer(`pogo-cp-${index}-${n}`, index + 1));
            // Each page comes after 19 pages read again (a crowd): without the cap the call may read 20.
            yield { records, unreadable: [], cursor: { since: 100 + index, seen: [] }, more: true, reread: 19 };
          }
        },
      });
    }
    for (const head of [true, false]) {
      const reads = { pages: 0 };
      const activities = pollActivitiesWith(largePages(reads), [], async () => Promise.resolve(0));
      const page = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor(), head }));
      expect(reads.pages).toBe(Math.ceil(MAX_RECORDS_PER_CALL / perPage));
      expect(page).toMatchObject({ cursor: { since: 101 }, more: true });
    }
  });

  it("reads one page in a pass's call, so that the poller stores the cursor before reading on", async () => {
    const reads = { pages: 0 };
    const activities = pollActivitiesWith(feed(3, reads), [], async () => Promise.resolve(0));
    const page = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
    expect(reads.pages).toBe(1);
    expect(page).toMatchObject({ cursor: { since: 100 }, dispatched: 1, more: true });
  });
});

/** The most first passes in flight while the poll reads one page of 6 × 32 records, `waiting` requests queued. */
async function mostFirstPassesInFlight(waiting: number): Promise<number> {
  let inFlight = 0;
  let most = 0;
  const workflow = {
    getHandle: () => ({ describe: async () => ({ status: { name: 'RUNNING' } }) }),
    signalWithStart: async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
    },
  };
  const size = 6 * FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE;
  const page = Array.from({ length: size }, (_, index) => customer(`pogo-cp-${index + 1}`, 2));
  const connector = { ...fakeChargebee(page), waitingRequests: () => waiting };
  const activities = pollActivitiesWith(connector, [], async () => 0, { workflow } as unknown as Client);
  const input = { dataflow: 'poweroffice-to-chargebee', system: 'chargebee', resource: 'customer' };
  const result = await inActivity(() => activities.pollChanges({ ...input, cursor: initialCursor() }));
  expect(result.dispatched).toBe(page.length);
  return most;
}

test('a page of changes is handed on FIRST_PASSES_AT_ONCE records at a time while requests wait for a budget', async () => {
  expect(await mostFirstPassesInFlight(3)).toBe(FIRST_PASSES_AT_ONCE);
});

test('with budget to spare, a page is handed on FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE records at a time', async () => {
  expect(FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE).toBeGreaterThan(FIRST_PASSES_AT_ONCE);
  expect(await mostFirstPassesInFlight(0)).toBe(FIRST_PASSES_AT_ONCE_WITH_BUDGET_TO_SPARE);
});
