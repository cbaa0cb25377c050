/**
 * A change feed reads on past a record it cannot read: the record comes back as `unreadable` (with its id
 * where the raw JSON gives one exactly, the field and a reason naming the record), the cursor moves past it,
 * and the records around it are delivered as usual. Both connectors, against their sandboxes.
 */
import { initialCursor, type ChangePage } from '../../connectors/connector';
import { COLLECTIONS, readRecord, replaceRecord } from '../../sandboxes/chargebee/records';
import { insertCustomer } from '../../sandboxes/chargebee/repository';
import { createRecord, type Dto } from '../../sandboxes/poweroffice-go';
import { formatTimestamp } from '../../sandboxes/poweroffice-go/clock';
import { startSandboxedChargebee } from './chargebee-helpers';
import { readAll, startSandboxWithConnector } from './poweroffice-go-helpers';

const merged = (pages: ChangePage[]) => ({
  records: pages.flatMap((page) => page.records),
  unreadable: pages.flatMap((page) => page.unreadable),
  cursor: pages.at(-1)?.cursor,
});

test('PowerOffice GO: a record failing its schema and one with an id beyond 2^53 do not stop the feed', async () => {
  const ctx = await startSandboxWithConnector();
  try {
    const store = ctx.sandbox.store;
    const at = Date.now() - 60_000;
    const first = createRecord(store, 'Customers', { Name: 'Første' }, { at });
    const bad = createRecord(store, 'Customers', { Name: 'Feil Type' }, { at: at + 1_000 });
    // Stored as they are, bypassing the API's validation.
    const plant = (body: Dto, ms: number): void => {
      const stamped = { ...body, LastChangedDateTimeOffset: formatTimestamp(ms * 1000) };
      store.put('Customers', String(body['Id']), stamped, ms);
    };
    plant({ ...bad, Name: 42 }, at + 1_000);
    plant({ ...first, Id: 2 ** 53 + 2, Number: 99_999 }, at + 2_000);
    const last = createRecord(store, 'Customers', { Name: 'Siste' }, { at: at + 3_000 });

    const read = merged(await readAll(ctx.connector.readChanges('Customers', initialCursor(), { pageSize: 2 })));
    expect(read.records.map((record) => record.id)).toEqual([String(first['Id']), String(last['Id'])]);
    const badId = String(bad['Id']);
    expect(read.unreadable).toEqual([
      expect.objectContaining({ id: badId, field: 'Name', reason: expect.stringContaining(`Customers/${badId}`) }),
      expect.objectContaining({ field: 'Id', position: expect.stringMatching(/Customers listing page \d+ item \d+/) }),
    ]);
    // JSON.parse has rounded the id already: no id is better than a wrong one (it would reach another record).
    expect(read.unreadable[1]).not.toHaveProperty('id');
    expect(read.cursor?.since).toBe(at + 3_000);
    // Read on from the stored cursor: nothing comes again, the bad records included.
    const again = merged(await readAll(ctx.connector.readChanges('Customers', read.cursor ?? initialCursor())));
    expect([again.records, again.unreadable]).toEqual([[], []]);
  } finally {
    await ctx.close();
  }
});

test('Chargebee: an object failing the schema is reported with its id and field, and the feed reads on', async () => {
  const cb = await startSandboxedChargebee();
  try {
    const store = cb.sandbox.store;
    insertCustomer(store, { id: 'ok-1', email: 'ok1@example.no' });
    insertCustomer(store, { id: 'bad-1', email: 'bad1@example.no' });
    const stored = readRecord<Record<string, unknown>>(store, COLLECTIONS.customers, 'bad-1');
    if (!stored) throw new Error('the sandbox lost bad-1');
    replaceRecord(store, COLLECTIONS.customers, 'bad-1', stored, { ...stored.resource, deleted: 'no' }, stored.version);
    insertCustomer(store, { id: 'ok-2', email: 'ok2@example.no' });

    const read = merged(await readAll(cb.connector.readChanges('customer', initialCursor())));
    expect(read.records.map((record) => record.id)).toEqual(['ok-1', 'ok-2']);
    const reported = { id: 'bad-1', field: 'deleted', reason: expect.stringContaining('customer bad-1') };
    expect(read.unreadable).toEqual([expect.objectContaining(reported)]);
    const again = merged(await readAll(cb.connector.readChanges('customer', read.cursor ?? initialCursor())));
    expect([again.records, again.unreadable]).toEqual([[], []]);
  } finally {
    await cb.close();
  }
});
