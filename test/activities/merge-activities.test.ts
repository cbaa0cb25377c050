/**
 * Find-or-create against a fake connector: a target the merge key resolved to before is linked again only
 * while it still carries the key.
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { loadConfig } from '../../config/config';
import type { ChangePage, Connector, CreateOptions, MergeKey, RecordSnapshot } from '../../connectors/connector';
import { createMergeActivities } from '../../activities/merge-activities';
import { INLINE_BUDGET_WAIT_MS, inlineOnly } from '../../activities/live-lane';
import type { ResolveRequest } from '../../model/workflow-inputs';
import { perMinuteBudget } from '../support/budgets';

class FakeChargebee implements Connector {
  readonly system = 'chargebee';
  readonly records = new Map<string, RecordSnapshot>();
  readonly created: string[] = [];
  /** A customer that exists already (created earlier, by linkflow or by hand). */
  remember(id: string, email: string): void {
    const data = { id, email };
    this.records.set(id, { system: this.system, type: 'customer', id, version: 2, changedAt: 2, deleted: false, data });
  }
  capabilities() {
    return { customer: { read: true, create: true, update: true } };
  }
  /** Whether look-ups go through the listed pages (the target has a backlog, so the listing pays at once). */
  listed = false;
  waitingRequests(): number {
    return this.listed ? 1 : 0;
  }
  async *readChanges(): AsyncIterable<ChangePage> {
    if (!this.listed) return;
    const records = [...this.records.values()];
    yield { records, unreadable: [], cursor: { since: records.at(-1)?.changedAt ?? null, seen: [] }, more: false };
  }
  async get(_type: string, id: string): Promise<RecordSnapshot | null> {
    return this.records.get(id) ?? null;
  }
  async create(type: string, data: Record<string, unknown>, options: CreateOptions): Promise<RecordSnapshot> {
    const id = options.preferredId ?? `cb-${this.records.size + 1}`;
    const record = { system: this.system, type, id, version: 1, changedAt: 1, deleted: false, data: { id, ...data } };
    this.records.set(id, record);
    this.created.push(id);
    return record;
  }
  async update(): Promise<RecordSnapshot> {
    throw new Error('not used');
  }
  findByKeyCalls = 0;
  async findByKey(_type: string, key: MergeKey): Promise<RecordSnapshot[]> {
    this.findByKeyCalls += 1;
    return [...this.records.values()].filter((record) => record.data[key.field] === key.value);
  }
}

function activitiesWith(connector: Connector) {
  return createMergeActivities({
    config: loadConfig({}),
    flows: [],
    connectors: { chargebee: connector },
    client: {} as Client, // find-or-create messages no workflow
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
  });
}

const request = (email: string, knownTargetIds: string[]): ResolveRequest => ({
  linkId: 'link/poweroffice-to-chargebee/ContactPersons/7',
  mappingId: 'Contactperson->Customer',
  target: { system: 'chargebee', type: 'customer' },
  mergeKey: { field: 'email', value: email, normalise: 'email' },
  preferredId: 'pogo-cp-7',
  createValues: { email, first_name: 'Kari' },
  idempotencyKey: 'k',
  knownTargetIds,
});

test('a remembered target whose e-mail was changed since is not linked; the record is created', async () => {
  const chargebee = new FakeChargebee();
  // Remembered for kari@firma.no, but someone has since given that customer another address.
  chargebee.remember('cb-old', 'ola@firma.no');
  const result = await activitiesWith(chargebee).findOrCreateTarget(request('kari@firma.no', ['cb-old']));
  expect(result).toMatchObject({ outcome: 'linked', target: { id: 'pogo-cp-7' }, created: true });
  expect(chargebee.created).toEqual(['pogo-cp-7']);
});

test("a record whose key only shares its hash with the request's is not linked; the record is created", async () => {
  const chargebee = new FakeChargebee();
  chargebee.listed = true;
  chargebee.remember('cb-1', 'person33883@firma.no');
  const result = await activitiesWith(chargebee).findOrCreateTarget(request('person223710@firma.no', []));
  expect(result).toMatchObject({ outcome: 'linked', target: { id: 'pogo-cp-7' }, created: true, createdNow: true });
  expect(chargebee.created).toEqual(['pogo-cp-7']);
  expect(chargebee.findByKeyCalls).toBe(0); // answered from the listed pages, by the key's hash
});

test('a remembered target that still carries the key (in another spelling) is linked, not duplicated', async () => {
  const chargebee = new FakeChargebee();
  chargebee.remember('cb-old', 'Kari@Firma.no');
  const result = await activitiesWith(chargebee).findOrCreateTarget(request('kari@firma.no', ['cb-old']));
  expect(result).toMatchObject({ outcome: 'linked', target: { id: 'cb-old' }, created: false });
  expect(chargebee.created).toEqual([]);
});

test('a target addressed under a parent is created under it, and its link remembers the parent', async () => {
  const parents: (string | undefined)[] = [];
  const chargebee = new FakeChargebee();
  const create = chargebee.create.bind(chargebee);
  chargebee.create = async (type, data, options) => {
    parents.push(options.parentId);
    return create(type, data, options);
  };
  const result = await activitiesWith(chargebee).findOrCreateTarget({
    ...request('kari@firma.no', []),
    parentId: '42',
  });
  expect(parents).toEqual(['42']);
  expect(result).toMatchObject({ outcome: 'linked', target: { id: 'pogo-cp-7', parentId: '42' } });
});

test('an inline find-or-create that meets a busy budget fails as benign, so the SDK does not warn of it', async () => {
  // 150 a minute (one every 400 ms) on a clock that stands still: its burst spent and 10 requests waiting, the next
  // would wait about 4 s, past the inline limit.
  const budget = perMinuteBudget(150);
  while (budget.expectedWaitMs(1) === 0) await budget.acquire();
  for (let waiting = 0; waiting < 10; waiting += 1) void budget.acquire();
  expect(budget.expectedWaitMs(1)).toBeGreaterThan(INLINE_BUDGET_WAIT_MS);
  const chargebee = new FakeChargebee();
  const findByKey = chargebee.findByKey.bind(chargebee);
  chargebee.findByKey = async (type, key) => {
    await budget.acquire();
    return findByKey(type, key);
  };
  const inline = inlineOnly(activitiesWith(chargebee).findOrCreateTarget);
  const failure = await inline(request('kari@firma.no', [])).then(
    () => undefined,
    (error: unknown) => error,
  );
  // The merge hands the work to its queue: by design, so the failure is benign (logged at DEBUG, not WARN).
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'BudgetBusyError', category: ApplicationFailureCategory.BENIGN });
  expect(chargebee.created).toEqual([]);
});
