/**
 * Link-first from listed pages: once look-ups come often, the target is read a page at a time and matched in
 * memory; a fresh index answers without a request; a stale one catches up from its cursor; records linkflow
 * creates are found at once. Against a fake connector that counts what it is asked.
 */
import type { ChangeCursor, ChangePage, Connector, RecordSnapshot } from '../../connectors/connector';
import {
  DEFAULT_TARGET_KEY_INDEX,
  declaredMergeKeys,
  keyHash,
  TargetKeyIndexes,
} from '../../activities/target-key-index';
import { loadDataflows } from '../../dataflows/engine';
import { requestPriority, withRequestPriority, type RequestPriority } from '../../connectors/common/request-priority';

class ListingConnector implements Connector {
  readonly system = 'chargebee';
  readonly records: RecordSnapshot[] = [];
  pageReads = 0;
  /** Requests waiting for the budget (a backlog) as the connector reports them. */
  waiting = 0;
  waitingRequests(): number {
    return this.waiting;
  }
  add(id: string, email: string, changedAt: number): RecordSnapshot {
    const record = {
      system: this.system,
      type: 'customer',
      id,
      version: changedAt,
      changedAt,
      deleted: false,
      data: { id, email },
    };
    this.records.push(record);
    return record;
  }
  capabilities() {
    return { customer: { read: true, create: true, update: true } };
  }
  /** The lane of every page read, in order. */
  readonly lanes: RequestPriority[] = [];
  private backlogHeld: Promise<void> | undefined;
  /** Holds page reads made at the backlog's priority (waiting for the budget behind a first sync) until released. */
  holdBacklog(): { release: () => void } {
    let release = (): void => undefined;
    this.backlogHeld = new Promise<void>((resolve) => (release = resolve));
    return {
      release: () => {
        this.backlogHeld = undefined;
        release();
      },
    };
  }
  async *readChanges(_type: string, cursor: ChangeCursor): AsyncIterable<ChangePage> {
    for (let start = 0; ; start += 100) {
      const lane = requestPriority();
      if (lane === 'backlog' && this.backlogHeld) await this.backlogHeld;
      // The page as the target holds it when the request is sent.
      const changed = this.records.filter((record) => cursor.since === null || record.changedAt > cursor.since);
      if (start > 0 && start >= changed.length) return;
      this.lanes.push(lane);
      this.pageReads += 1;
      const page = changed.slice(start, start + 100);
      const last = page[page.length - 1];
      const more = start + 100 < changed.length;
      yield { records: page, unreadable: [], cursor: { since: last?.changedAt ?? cursor.since, seen: [] }, more };
      if (!more) return;
    }
  }
  async get(): Promise<RecordSnapshot | null> {
    throw new Error('not used');
  }
  async create(): Promise<RecordSnapshot> {
    throw new Error('not used');
  }
  async update(): Promise<RecordSnapshot> {
    throw new Error('not used');
  }
  async findByKey(): Promise<RecordSnapshot[]> {
    throw new Error('not used');
  }
}

const key = { field: 'email', normalise: 'email' as const };

function setUp(records: number) {
  let now = 1_000_000;
  const connector = new ListingConnector();
  for (let i = 0; i < records; i += 1) connector.add(`cb-${i}`, `Person${i}@Firma.no`, i + 1);
  const indexes = new TargetKeyIndexes({
    freshMs: 10_000,
    backlogFreshMs: 30_000,
    minLookups: 3,
    windowMs: 60_000,
    maxRecords: 10_000,
    now: () => now,
  });
  return { connector, indexes, advance: (ms: number) => (now += ms) };
}

/** Lets a listing read in the background (by the fake connector, in microtasks) finish. */
const backgroundReadsDone = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** First listings: enough look-ups in a row that the listing pays (minLookups), then the read it starts. */
async function listOnce(connector: ListingConnector, indexes: TargetKeyIndexes): Promise<void> {
  for (let i = 0; i < 3; i += 1) await indexes.candidates(connector, 'customer', key, ['x@firma.no']);
  await backgroundReadsDone();
}

test('rare look-ups go to the target one by one; frequent ones are answered from listed pages', async () => {
  const { connector, indexes } = setUp(250);
  expect(await indexes.candidates(connector, 'customer', key, ['person1@firma.no'])).toBeUndefined();
  expect(await indexes.candidates(connector, 'customer', key, ['person2@firma.no'])).toBeUndefined();
  // Look-ups come often now: the target is listed in the background, and this one asks the target meanwhile.
  expect(await indexes.candidates(connector, 'customer', key, ['person3@firma.no'])).toBeUndefined();
  await backgroundReadsDone();
  expect(connector.pageReads).toBe(3); // 250 records, 100 a page
  expect(await indexes.candidates(connector, 'customer', key, ['person3@firma.no'])).toEqual(['cb-3']);
  for (let i = 10; i < 200; i += 1) {
    expect(await indexes.candidates(connector, 'customer', key, [`PERSON${i}@firma.no`])).toEqual([`cb-${i}`]);
  }
  expect(connector.pageReads).toBe(3); // fresh: no request for 190 look-ups
  expect(await indexes.candidates(connector, 'customer', key, ['nobody@firma.no'])).toEqual([]);
});

test('while the target has a backlog, the first look-up already lists it instead of asking one by one', async () => {
  const { connector, indexes } = setUp(250);
  connector.waiting = 12;
  expect(await indexes.candidates(connector, 'customer', key, ['person1@firma.no'])).toEqual(['cb-1']);
  expect(connector.pageReads).toBe(3);
});

test('without a backlog, look-ups never wait for the first listing: they ask the target until it is read', async () => {
  const { connector, indexes } = setUp(250);
  const held = connector.holdBacklog(); // a listing of a large target takes long
  const answers = await Promise.race([
    Promise.all(
      ['person1', 'person2', 'person3', 'person4'].map((name) =>
        indexes.candidates(connector, 'customer', key, [`${name}@firma.no`]),
      ),
    ),
    new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 100)),
  ]);
  expect(answers).toEqual([undefined, undefined, undefined, undefined]);
  held.release();
  await backgroundReadsDone();
  expect(await indexes.candidates(connector, 'customer', key, ['person4@firma.no'])).toEqual(['cb-4']);
  expect(connector.pageReads).toBe(3); // one listing, read once
});

test('a stale index catches up from its cursor; a record linkflow created is known at once', async () => {
  const { connector, indexes, advance } = setUp(50);
  await listOnce(connector, indexes);
  const pagesAfterBuild = connector.pageReads;
  indexes.note('chargebee', connector.add('pogo-cp-1', 'kari@firma.no', 1_000));
  expect(await indexes.candidates(connector, 'customer', key, ['kari@firma.no'])).toEqual(['pogo-cp-1']);
  expect(connector.pageReads).toBe(pagesAfterBuild);

  connector.add('cb-by-hand', 'ola@firma.no', 2_000); // created by a person in the target meanwhile
  advance(10_000);
  expect(await indexes.candidates(connector, 'customer', key, ['ola@firma.no'])).toEqual(['cb-by-hand']);
  expect(connector.pageReads).toBe(pagesAfterBuild + 1); // only what changed since the cursor
});

test('a record whose key changed is found under its new key only', async () => {
  const { connector, indexes, advance } = setUp(5);
  await listOnce(connector, indexes);
  const moved = {
    ...connector.records[0]!,
    version: 9_000,
    changedAt: 9_000,
    data: { id: 'cb-0', email: 'new@firma.no' },
  };
  connector.records.push(moved);
  advance(10_000);
  expect(await indexes.candidates(connector, 'customer', key, ['person0@firma.no'])).toEqual([]);
  expect(await indexes.candidates(connector, 'customer', key, ['new@firma.no'])).toEqual(['cb-0']);
});

test('keys that share a hash are both candidates, and a record leaving one leaves the other in place', async () => {
  // Two e-mails whose 30-bit hashes are equal: the index keeps hashes, not keys (the merge checks candidates).
  const [kari, ola] = ['person33883@firma.no', 'person223710@firma.no'];
  expect(keyHash(kari)).toBe(keyHash(ola));
  const { connector, indexes, advance } = setUp(0);
  connector.add('cb-kari', kari, 1);
  connector.add('cb-ola', ola, 2);
  await listOnce(connector, indexes);
  expect((await indexes.candidates(connector, 'customer', key, [ola]))?.sort()).toEqual(['cb-kari', 'cb-ola']);
  connector.records.push({
    ...connector.records[0]!,
    version: 3,
    changedAt: 3,
    data: { id: 'cb-kari', email: 'k@x.no' },
  });
  advance(10_000);
  expect(await indexes.candidates(connector, 'customer', key, [ola])).toEqual(['cb-ola']);
  expect(await indexes.candidates(connector, 'customer', key, ['k@x.no'])).toEqual(['cb-kari']);
});

test('two keys of one type share one listing and one catch-up read', async () => {
  const { connector, indexes, advance } = setUp(150);
  connector.waiting = 5; // a first sync: the listing pays from the first look-up
  const orgKey = { field: 'cf_org_number', normalise: 'org-number' as const };
  connector.records[3]!.data['cf_org_number'] = '923609016';
  expect(await indexes.candidates(connector, 'customer', key, ['person1@firma.no'])).toEqual(['cb-1']);
  expect(await indexes.candidates(connector, 'customer', orgKey, ['923 609 016'])).toEqual(['cb-3']);
  const afterBuild = connector.pageReads;
  advance(30_000); // a catch-up is due (the backlog's freshness)
  connector.add('cb-new', 'ny@firma.no', 5_000);
  expect(await indexes.candidates(connector, 'customer', key, ['ny@firma.no'])).toEqual(['cb-new']);
  expect(await indexes.candidates(connector, 'customer', orgKey, ['923609016'])).toEqual(['cb-3']);
  expect(connector.pageReads).toBe(afterBuild + 1); // one catch-up for both keys, not one each
});

test('a key first asked for while a read is in flight still gets every record', async () => {
  const { connector, indexes } = setUp(150);
  connector.waiting = 5;
  const orgKey = { field: 'cf_org_number', normalise: 'org-number' as const };
  connector.records[120]!.data['cf_org_number'] = '923609016';
  const first = indexes.candidates(connector, 'customer', key, ['person1@firma.no']);
  const second = indexes.candidates(connector, 'customer', orgKey, ['923609016']);
  expect(await first).toEqual(['cb-1']);
  expect(await second).toEqual(['cb-120']);
});

test('while the target has a backlog, the index catches up every 30 s instead of every 10 s', async () => {
  const { connector, indexes, advance } = setUp(50);
  connector.waiting = 5;
  expect(await indexes.candidates(connector, 'customer', key, ['person1@firma.no'])).toEqual(['cb-1']);
  const afterBuild = connector.pageReads;
  advance(20_000);
  expect(await indexes.candidates(connector, 'customer', key, ['person2@firma.no'])).toEqual(['cb-2']);
  expect(connector.pageReads).toBe(afterBuild);
  advance(10_000);
  await indexes.candidates(connector, 'customer', key, ['person3@firma.no']);
  expect(connector.pageReads).toBe(afterBuild + 1);
  // Without a backlog, 10 s is the limit again.
  connector.waiting = 0;
  advance(10_000);
  await indexes.candidates(connector, 'customer', key, ['person4@firma.no']);
  expect(connector.pageReads).toBe(afterBuild + 2);
});

test('during a backlog, live look-ups share a catch-up read of their own instead of a query each', async () => {
  const { connector, indexes, advance } = setUp(50);
  connector.waiting = 5;
  const live = liveLookUp(connector, indexes);
  // A key first asked for in the live lane: the look-up asks the target, and the listing is read meanwhile.
  expect(await live('person1@firma.no')).toBeUndefined();
  await waitFor(() => connector.pageReads === 1);
  await new Promise((resolve) => setTimeout(resolve, 20)); // the read's end: the map is complete
  expect(await live('person2@firma.no')).toEqual(['cb-2']);
  const built = connector.pageReads;
  // Stale for a fresh change (10 s), but the backlog means more look-ups are coming: one catch-up answers them.
  advance(15_000);
  connector.add('cb-new', 'ny@firma.no', 5_000);
  expect(await live('ny@firma.no')).toEqual(['cb-new']);
  for (let i = 3; i < 40; i += 1) expect(await live(`person${i}@firma.no`)).toEqual([`cb-${i}`]);
  expect(connector.pageReads).toBe(built + 1);
  // Without a backlog a live look-up on an index not caught up for a minute asks the target, as before.
  connector.waiting = 0;
  advance(61_000);
  expect(await live('person45@firma.no')).toBeUndefined();
  expect(connector.pageReads).toBe(built + 1);
});

test('without a backlog, live look-ups on a listing caught up within the minute share a catch-up read', async () => {
  const { connector, indexes, advance } = setUp(50);
  const live = liveLookUp(connector, indexes);
  connector.waiting = 5;
  await indexes.candidates(connector, 'customer', key, ['person1@firma.no']);
  const built = connector.pageReads;
  // The first sync's orders wait for their organisations, so nothing waits for the target's budget meanwhile.
  connector.waiting = 0;
  advance(20_000);
  for (let i = 2; i < 12; i += 1) expect(await live(`person${i}@firma.no`)).toEqual([`cb-${i}`]);
  expect(connector.pageReads).toBe(built + 1);
});

test('during a backlog, live look-ups that arrive while a live catch-up is under way wait for it, not query', async () => {
  const { connector, indexes, advance } = setUp(50);
  connector.waiting = 5;
  const live = liveLookUp(connector, indexes);
  await indexes.candidates(connector, 'customer', key, ['person1@firma.no']);
  const built = connector.pageReads;
  advance(15_000);
  // Organisations demanded by a page of orders: their look-ups come together, in the live lane.
  const answers = await Promise.all([3, 4, 5, 6, 7].map((i) => live(`person${i}@firma.no`)));
  expect(answers).toEqual([3, 4, 5, 6, 7].map((i) => [`cb-${i}`]));
  expect(connector.pageReads).toBe(built + 1);
});

test("a live look-up never waits for a catch-up read made at the backlog's priority: it reads one of its own", async () => {
  const { connector, indexes, advance } = setUp(50);
  connector.waiting = 5;
  await indexes.candidates(connector, 'customer', key, ['person1@firma.no']);
  const built = connector.pageReads;
  advance(35_000);
  connector.add('cb-new', 'ny@firma.no', 5_000);
  // The backlog's catch-up waits for the budget, behind a first sync's writes.
  const budget = connector.holdBacklog();
  const backlogLookUp = indexes.candidates(connector, 'customer', key, ['person2@firma.no']);
  // Organisations demanded meanwhile, in the live lane: one live read answers them all, no query each.
  const live = liveLookUp(connector, indexes);
  const answers = await Promise.all([live('ny@firma.no'), live('person3@firma.no'), live('person4@firma.no')]);
  expect(answers).toEqual([['cb-new'], ['cb-3'], ['cb-4']]);
  expect(connector.lanes.slice(built)).toEqual(['live']);
  budget.release();
  expect(await backlogLookUp).toEqual(['cb-2']);
  expect(connector.pageReads).toBe(built + 2);
  // The backlog's read, begun before the live one ended, leaves the cursor where nothing is skipped.
  connector.add('cb-later', 'senere@firma.no', 6_000);
  advance(35_000);
  expect(await indexes.candidates(connector, 'customer', key, ['senere@firma.no'])).toEqual(['cb-later']);
});

/** A look-up made for a fresh change (in the live lane). */
function liveLookUp(connector: Connector, indexes: TargetKeyIndexes) {
  return (email: string) => withRequestPriority('live', () => indexes.candidates(connector, 'customer', key, [email]));
}

async function waitFor(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !done(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}

test('every key the dataflows match a type on is filled by its first listing', async () => {
  const connector = new ListingConnector();
  for (let i = 0; i < 50; i += 1) connector.add(`cb-${i}`, `person${i}@firma.no`, i + 1);
  const organisation = connector.add('cb-org', 'post@telling.no', 60);
  organisation.data = { ...organisation.data, cf_org_number: '923609016' };
  const orgNumber = { field: 'cf_org_number', normalise: 'org-number' as const };
  const indexes = new TargetKeyIndexes(DEFAULT_TARGET_KEY_INDEX, [
    { system: 'chargebee', type: 'customer', ...key },
    { system: 'chargebee', type: 'customer', ...orgNumber },
  ]);
  connector.waiting = 5;
  expect(await indexes.candidates(connector, 'customer', key, ['person1@firma.no'])).toEqual(['cb-1']);
  const listed = connector.pageReads;
  // The org number, first asked for later (in the live lane, as an order's organisation is), needs no new read.
  const org = await withRequestPriority('live', () =>
    indexes.candidates(connector, 'customer', orgNumber, ['923 609 016']),
  );
  expect(org).toEqual(['cb-org']);
  expect(connector.pageReads).toBe(listed);
});

test('the keys declared are those of the dataflows: e-mail, org number and item name', () => {
  const keys = declaredMergeKeys(loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'));
  expect(new Set(keys.map((declared) => `${declared.type}.${declared.field}`))).toEqual(
    new Set(['customer.email', 'customer.cf_org_number', 'item.name']),
  );
});
