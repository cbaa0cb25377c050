/**
 * The Custom CRM connector's change feed against the reference sandbox: paging, exactly-once delivery across
 * reads (records sharing an instant, edits after the cursor, late commits within the overlap, a read stopped
 * after one page), tombstones, unreadable records, and what an idle poll costs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ChangeFeedState,
  createCustomCrmConnector,
  customCrmConnectorPlugin,
  type CustomCrmConfigInput,
  type CustomCrmConnector,
} from '../../connectors/customcrm';
import { initialCursor, type ChangeCursor, type ChangePage } from '../../connectors/connector';
import { startCustomCrmSandbox, type CustomCrmSandbox } from '../../sandboxes/customcrm';

describe('Custom CRM change feed', () => {
  let dir: string;
  let sandbox: CustomCrmSandbox;
  let now: number;

  const connect = (overrides: Partial<CustomCrmConfigInput> = {}): CustomCrmConnector =>
    createCustomCrmConnector({
      ...(customCrmConnectorPlugin.configFromSandbox(sandbox) as CustomCrmConfigInput),
      requestsPerMinute: 100_000,
      ...overrides,
    });

  /** Every page of one read, and the cursor it ends with. */
  const read = async (
    connector: CustomCrmConnector,
    cursor: ChangeCursor,
    type = 'customers',
    pageSize?: number,
  ): Promise<{ pages: ChangePage[]; ids: string[]; cursor: ChangeCursor }> => {
    const pages: ChangePage[] = [];
    for await (const page of connector.readChanges(type, cursor, pageSize === undefined ? undefined : { pageSize })) {
      pages.push(page);
    }
    const last = pages[pages.length - 1];
    return {
      pages,
      ids: pages.flatMap((page) => page.records.map((record) => record.id)),
      cursor: last?.cursor ?? cursor,
    };
  };

  const addCustomer = (name: string): string => sandbox.repository.create('customers', { name }).record.id;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-customcrm-feed-'));
    now = Date.parse('2025-03-01T09:00:00.000Z');
    sandbox = await startCustomCrmSandbox({
      port: 0,
      dataFile: path.join(dir, 'crm.sqlite'),
      rateLimitPerMinute: 100_000,
      now: () => now,
    });
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a first read pages through everything in change order; once the clock has moved on, an idle read is one request', async () => {
    const ids = [1, 2, 3, 4, 5].map((i) => {
      now += 1;
      return addCustomer(`Customer ${i}`);
    });
    const connector = connect({ pageSize: 2 });
    const first = await read(connector, initialCursor());
    expect(first.ids).toEqual(ids);
    expect(first.pages.map((page) => page.more)).toEqual([true, true, false]);
    expect(first.cursor.since).toBe(now);
    expect(connector.stats().requests).toBe(3);
    // Within the contract's visibility bound the records just read may still be joined by late ones: read again.
    const soon = await read(connector, first.cursor);
    expect(soon.pages).toEqual([]);
    expect(connector.stats().requests).toBe(6);
    // Later, nothing can appear behind them any more: the read hands on a settled cursor, and from then on an
    // idle read is one request that lists nothing.
    now += 10_000;
    const settled = await read(connector, soon.cursor);
    expect(settled.pages).toEqual([expect.objectContaining({ records: [], more: false })]);
    expect(settled.cursor.seen).toEqual([]);
    const before = connector.stats().requests;
    expect((await read(connector, settled.cursor)).pages).toEqual([]);
    expect(connector.stats().requests - before).toBe(1);
  });

  test('records sharing an instant are delivered once, also those committed at that instant after a read', async () => {
    // The clock stands still: every record below has the same updatedAt.
    const early = [1, 2, 3, 4, 5].map((i) => addCustomer(`Tied ${i}`));
    const connector = connect({ pageSize: 2 });
    const first = await read(connector, initialCursor());
    expect(first.ids).toEqual(early);
    // A plain "updatedSince = newest seen" would miss these two: they share the newest instant seen.
    const late = [6, 7].map((i) => addCustomer(`Tied ${i}`));
    const second = await read(connector, first.cursor);
    expect(second.ids).toEqual(late);
    expect((await read(connector, second.cursor)).ids).toEqual([]);
  });

  test('a record edited after the cursor comes once more with its new version; a late commit within the overlap too', async () => {
    const [a, b, c] = ['A', 'B', 'C'].map((name) => {
      now += 10;
      return addCustomer(name);
    });
    const connector = connect();
    const first = await read(connector, initialCursor());
    expect(first.ids).toEqual([a, b, c]);
    now += 10;
    sandbox.repository.patch('customers', a ?? '', { city: 'Oslo' });
    const second = await read(connector, first.cursor);
    expect(second.ids).toEqual([a]);
    expect(second.pages[0]?.records[0]).toMatchObject({ version: now, data: { city: 'Oslo' } });
    // A record committed late, 3 s "in the past" (the contract allows up to 5 s): the overlap still finds it.
    now -= 3000;
    const late = addCustomer('Late');
    now += 3000;
    const third = await read(connector, second.cursor);
    expect(third.ids).toEqual([late]);
    expect((await read(connector, third.cursor)).ids).toEqual([]);
  });

  test('a read stopped after its first page resumes from its cursor without losing or repeating a record', async () => {
    const ids = [1, 2, 3, 4, 5, 6].map((i) => {
      now += 1;
      return addCustomer(`Customer ${i}`);
    });
    const connector = connect({ pageSize: 2 });
    let cursor = initialCursor();
    const seen: string[] = [];
    // One page per poll, as a poll activity may take it; an edit lands between two polls.
    for (let poll = 0; poll < 6; poll += 1) {
      for await (const page of connector.readChanges('customers', cursor)) {
        seen.push(...page.records.map((record) => record.id));
        cursor = page.cursor;
        break;
      }
      if (poll === 1) {
        now += 1;
        sandbox.repository.patch('customers', ids[0] ?? '', { phone: '+47 1' });
      }
    }
    expect(seen).toEqual([...ids, ids[0]]);
    // The cursor keeps only what the overlap can bring back.
    expect(cursor.seen.length).toBeLessThanOrEqual(7);
  });

  test('deletions arrive as tombstones; contacts carry their customer as parent', async () => {
    const customer = addCustomer('Vik AS');
    now += 1;
    const contact = sandbox.repository.create('contacts', { lastName: 'Vik', customerId: customer }).record.id;
    const connector = connect();
    const first = await read(connector, initialCursor(), 'contacts');
    expect(first.pages[0]?.records[0]).toMatchObject({ id: contact, parentId: customer, deleted: false });
    now += 1;
    sandbox.repository.remove('contacts', contact);
    const second = await read(connector, first.cursor, 'contacts');
    expect(second.pages[0]?.records).toEqual([expect.objectContaining({ id: contact, deleted: true, version: now })]);
    expect(await connector.get('contacts', contact)).toBeNull();
  });

  test('an order carries its lines', async () => {
    const customer = addCustomer('Vik AS');
    const product = sandbox.repository.create('products', { code: 'P1', name: 'Widget', price: '10', currency: 'NOK' });
    sandbox.repository.create('orders', {
      customerId: customer,
      orderDate: '2025-03-01',
      currency: 'NOK',
      lines: [{ productId: product.record.id, quantity: '1.5', unitPrice: '10' }],
    });
    const { pages } = await read(connect(), initialCursor(), 'orders');
    expect(pages[0]?.records[0]?.data['lines']).toEqual([
      { productId: product.record.id, description: null, quantity: '1.5', unitPrice: '10' },
    ]);
  });

  test('an unreadable record is reported with its id and the feed moves past it', async () => {
    now += 1;
    addCustomer('Before');
    now += 1;
    // Written behind the API's back: an implementation that answers a record the contract refuses.
    const valid = sandbox.repository.create('customers', { name: 'Soon broken' }).record;
    sandbox.store.put('customers', valid.id, { ...valid, name: 42 }, now);
    now += 1;
    const after = addCustomer('After');
    const connector = connect();
    const first = await read(connector, initialCursor());
    expect(first.ids).toEqual(['cus_0000000001', after]);
    const unreadable = first.pages.flatMap((page) => page.unreadable);
    expect(unreadable).toEqual([expect.objectContaining({ id: 'cus_0000000002', field: 'name' })]);
    expect(unreadable[0]?.reason).not.toContain('42');
    expect((await read(connector, first.cursor)).pages).toEqual([]);
  });

  test('the watermark never passes the newest change delivered, whatever the Date header says', () => {
    const state = new ChangeFeedState(initialCursor(), 7000);
    const record = {
      system: 'customcrm',
      type: 'customers',
      id: 'cus_1',
      version: 1000,
      changedAt: 1000,
      deleted: false,
      data: {},
    };
    expect(
      state.accept([{ kind: 'record', record }], (entry) => (entry.kind === 'record' ? entry.record : entry.mark)),
    ).toHaveLength(1);
    // A server whose Date runs an hour ahead of its updatedAt clock.
    state.settle(1000 + 3_600_000, null);
    expect(state.cursor()).toEqual({ since: 1000, seen: [], opaque: 'settled:1000' });
    // Not reached the end: the watermark stays before the last record reached, which may share its instant.
    const partial = new ChangeFeedState(initialCursor(), 7000);
    partial.accept([{ kind: 'record', record }], (entry) => (entry.kind === 'record' ? entry.record : entry.mark));
    partial.settle(5000, 1000);
    expect(partial.cursor()).toEqual({ since: 1000, seen: ['cus_1@1000'], opaque: 'settled:999' });
  });
});
