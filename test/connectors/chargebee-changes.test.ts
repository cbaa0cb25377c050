import type { ChangeCursor, RecordSnapshot } from '../../connectors/connector';
import { initialCursor } from '../../connectors/connector';
import type { ChargebeeConnector } from '../../connectors/chargebee';
import { editCustomer, insertCustomer } from '../../sandboxes/chargebee/repository';
import { type SandboxedChargebee, startSandboxedChargebee } from './chargebee-helpers';

let cb: SandboxedChargebee;
beforeAll(async () => {
  cb = await startSandboxedChargebee();
});
afterAll(async () => cb.close());

/** Reads every page from the cursor; returns the records and the last cursor, and how many pages came. */
async function readAll(connector: ChargebeeConnector, type: string, cursor: ChangeCursor, pageSize?: number) {
  const records: RecordSnapshot[] = [];
  let last = cursor;
  let pages = 0;
  for await (const page of connector.readChanges(type, cursor, pageSize !== undefined ? { pageSize } : undefined)) {
    records.push(...page.records);
    last = page.cursor;
    pages += 1;
  }
  return { records, cursor: last, pages };
}

describe('Chargebee change feed', () => {
  let cursor: ChangeCursor = initialCursor();

  test('reads every changed customer, oldest first, a page at a time', async () => {
    for (let n = 1; n <= 7; n += 1) insertCustomer(cb.sandbox.store, { id: `feed-${n}`, email: `feed${n}@example.no` });
    const read = await readAll(cb.connector, 'customer', cursor, 3);
    expect(read.records.map((record) => record.id)).toEqual([
      'feed-1',
      'feed-2',
      'feed-3',
      'feed-4',
      'feed-5',
      'feed-6',
      'feed-7',
    ]);
    expect(read.pages).toBeGreaterThanOrEqual(3);
    const versions = read.records.map((record) => record.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(read.cursor.since).toBe(Math.max(...versions));
    cursor = read.cursor;

    // Nothing changed: nothing comes again, although the overlap re-reads the last seconds.
    expect((await readAll(cb.connector, 'customer', cursor, 3)).records).toEqual([]);
  });

  test('edits in the same second as the cursor are not skipped', async () => {
    // Two edits right after the last read, well inside one second of the cursor's own change time.
    editCustomer(cb.sandbox.store, 'feed-7', { first_name: 'First edit' });
    editCustomer(cb.sandbox.store, 'feed-7', { first_name: 'Second edit' });
    const read = await readAll(cb.connector, 'customer', cursor);
    const edits = read.records.filter((record) => record.id === 'feed-7');
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.at(-1)?.data['first_name']).toBe('Second edit');
    expect(read.records.filter((record) => record.id !== 'feed-7')).toEqual([]);
    cursor = read.cursor;

    editCustomer(cb.sandbox.store, 'feed-3', { last_name: 'Third edit' });
    const again = await readAll(cb.connector, 'customer', cursor);
    expect(again.records.map((record) => [record.id, record.data['last_name']])).toEqual([['feed-3', 'Third edit']]);
  });

  test('the cursor is plain JSON and survives a round trip (continue-as-new)', async () => {
    const stored: unknown = JSON.parse(JSON.stringify(cursor));
    editCustomer(cb.sandbox.store, 'feed-1', { first_name: 'After restart' });
    const read = await readAll(cb.connector, 'customer', stored as ChangeCursor);
    expect(read.records.map((record) => record.id)).toContain('feed-1');
  });

  test('items created by the connector appear in the item feed, in the linkflow item family', async () => {
    await cb.connector.create(
      'item',
      { name: 'Support hour' },
      { preferredId: 'pogo-p-10', idempotencyKey: 'item-10' },
    );
    const read = await readAll(cb.connector, 'item', initialCursor());
    expect(read.records.map((record) => record.id)).toEqual(['pogo-p-10']);
    expect(read.records[0]?.data).toMatchObject({ type: 'charge', item_family_id: 'linkflow', name: 'Support hour' });
    const found = await cb.connector.findByKey('item', { field: 'name', value: 'Support hour' });
    expect(found.map((record) => record.id)).toEqual(['pogo-p-10']);
    const renamed = await cb.connector.update('item', 'pogo-p-10', { name: 'Support hour (remote)' });
    expect(renamed.data['name']).toBe('Support hour (remote)');
  });
});
