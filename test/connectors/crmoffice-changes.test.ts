/** CRMOffice change detection by content hashes in the opaque cursor, against the real sandbox. */
import { randomUUID } from 'node:crypto';
import { initialCursor, recordSnapshotSchema, type ChangeCursor, type ChangePage } from '../../connectors/connector';
import { ChangeTable, capacityNote, OPAQUE_CURSOR_MAX_CHARS } from '../../connectors/crmoffice';
import { UnsupportedError } from '../../connectors/errors';
import {
  createRecord,
  deleteRecord,
  patchRecord,
  type StoredCompany,
  type StoredRecord,
} from '../../sandboxes/crmoffice';
import { firstPage, readAll, startCrmOfficeWithConnector, type CrmOfficeTestContext } from './crmoffice-helpers';

const names = (pages: ChangePage[]): unknown[] =>
  pages.flatMap((page) =>
    page.records.map((record) => (record.deleted ? `deleted ${record.id}` : record.data['name'])),
  );

const lastCursor = (pages: ChangePage[], before: ChangeCursor): ChangeCursor => pages.at(-1)?.cursor ?? before;

describe('CRMOffice change reads', () => {
  let ctx: CrmOfficeTestContext;
  beforeEach(async () => {
    ctx = await startCrmOfficeWithConnector();
  });
  afterEach(async () => ctx.close());

  const addCompanies = (count: number, from = 1): StoredRecord[] =>
    Array.from({ length: count }, (_unused, index) =>
      createRecord(ctx.sandbox.store, 'companies', { name: `Firma ${from + index}` }),
    );

  test('a first pass hands on every record; an idle pass hands on nothing and costs ⌊N/P⌋ + 1 requests', async () => {
    addCompanies(7);
    const connector = ctx.connect({ pageSize: 3 });
    const first = await readAll(connector.readChanges('companies', initialCursor()));
    expect(names(first)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Firma ${n}`));
    expect(first.map((page) => page.more)).toEqual([true, true, false]);
    for (const record of first.flatMap((page) => page.records))
      expect(recordSnapshotSchema.parse(record)).toEqual(record);
    const cursor = lastCursor(first, initialCursor());
    expect(cursor.since).not.toBeNull();
    expect(cursor.opaque).toEqual(expect.any(String));
    expect(connector.stats().requests).toBe(3); // 3 + 3 + 1: the short page ends the pass

    const idle = await readAll(connector.readChanges('companies', cursor));
    expect(idle).toEqual([]);
    expect(connector.stats().requests).toBe(6);

    // An exact multiple of the page size needs one empty page to see the end: ⌊6/3⌋ + 1 = 3.
    const six = ctx.connect({ pageSize: 3 });
    const sixCursor = lastCursor(await readAll(six.readChanges('contacts', initialCursor())), initialCursor());
    expect(six.stats().requests).toBe(1);
    const contactsIdle = await readAll(six.readChanges('contacts', sixCursor));
    expect(contactsIdle).toEqual([]);
  });

  test('a create, an edit and a delete are each handed on once, with growing versions', async () => {
    const [first, second, third] = addCompanies(3);
    const connector = ctx.connect({ pageSize: 2 });
    const initial = await readAll(connector.readChanges('companies', initialCursor()));
    const cursor = lastCursor(initial, initialCursor());
    const firstSeen = initial.flatMap((page) => page.records).find((record) => record.id === String(second?.id));

    const before = Date.now();
    patchRecord(ctx.sandbox.store, 'companies', String(second?.id), { orgNr: '923456783' });
    deleteRecord(ctx.sandbox.store, 'companies', String(third?.id));
    createRecord(ctx.sandbox.store, 'companies', { name: 'Firma 4' });
    const changes = await readAll(connector.readChanges('companies', cursor));
    const records = changes.flatMap((page) => page.records);
    expect(names(changes)).toEqual(['Firma 2', 'Firma 4', `deleted ${String(third?.id)}`]);
    const edited = records.find((record) => record.id === String(second?.id));
    expect(edited?.data['orgNr']).toBe('923456783');
    expect(edited?.version).toBeGreaterThan(firstSeen?.version ?? Infinity);
    // changedAt is when linkflow saw the edit, not when it was made (the API keeps no such time).
    expect(edited?.changedAt).toBeGreaterThanOrEqual(before);
    expect(records.find((record) => record.deleted)).toMatchObject({ deleted: true, data: {} });
    expect(records.some((record) => record.id === String(first?.id))).toBe(false);

    const after = await readAll(connector.readChanges('companies', lastCursor(changes, cursor)));
    expect(after).toEqual([]);
  });

  test('a poll takes one page and stores its cursor; the next read goes on from there', async () => {
    addCompanies(5);
    const connector = ctx.connect({ pageSize: 2 });
    const page1 = await firstPage(connector.readChanges('companies', initialCursor()));
    expect(names(page1 ? [page1] : [])).toEqual(['Firma 1', 'Firma 2']);
    expect(page1?.more).toBe(true);
    expect(page1?.cursor.since).toBeNull();
    patchRecord(ctx.sandbox.store, 'companies', String(ctx.sandbox.store.list<StoredCompany>('companies')[0]?.id), {
      name: 'Firma 1 (edited behind the pass)',
    });
    const rest = await readAll(connector.readChanges('companies', page1?.cursor ?? initialCursor()));
    // The pass goes on at record 3; the edit of record 1 is for the next pass.
    expect(names(rest)).toEqual(['Firma 3', 'Firma 4', 'Firma 5']);
    expect(connector.stats().requests).toBe(1 + 2);
    const next = await readAll(connector.readChanges('companies', lastCursor(rest, initialCursor())));
    expect(names(next)).toEqual(['Firma 1 (edited behind the pass)']);
  });

  test('a record the offset paging skipped (one before it was deleted mid-pass) is not taken for deleted', async () => {
    const records = addCompanies(6);
    const connector = ctx.connect({ pageSize: 2 });
    const cursor = lastCursor(await readAll(connector.readChanges('companies', initialCursor())), initialCursor());
    const page1 = await firstPage(connector.readChanges('companies', cursor));
    expect(page1).toBeUndefined(); // idle: nothing to hand on
    // Mid-pass: store a cursor after page 1 by editing a record on it, then delete record 2.
    patchRecord(ctx.sandbox.store, 'companies', String(records[0]?.id), { name: 'Firma 1 edited' });
    const edited = await firstPage(connector.readChanges('companies', cursor));
    expect(names(edited ? [edited] : [])).toEqual(['Firma 1 edited']);
    deleteRecord(ctx.sandbox.store, 'companies', String(records[1]?.id));
    const requestsBefore = connector.stats().requests;
    const rest = await readAll(connector.readChanges('companies', edited?.cursor ?? cursor));
    // Record 3 moved to offset 1 and was not listed in the rest of this pass: a GET proves it still exists.
    // Record 2 was seen on page 1 before it went: its deletion is the next pass's news.
    expect(names(rest)).toEqual([]);
    expect(rest.at(-1)?.more).toBe(false);
    expect(connector.stats().requests - requestsBefore).toBe(2 + 1); // two list pages, one GET
    const next = await readAll(connector.readChanges('companies', lastCursor(rest, cursor)));
    expect(names(next)).toEqual([`deleted ${String(records[1]?.id)}`]);
    const after = await readAll(connector.readChanges('companies', lastCursor(next, cursor)));
    expect(after).toEqual([]);
  });

  test('contacts carry their company as parent', async () => {
    const company = createRecord(ctx.sandbox.store, 'companies', { name: 'Vik AS' });
    createRecord(ctx.sandbox.store, 'contacts', { givenName: 'Kari', familyName: 'Vik', company: { id: company.id } });
    createRecord(ctx.sandbox.store, 'contacts', { givenName: 'Ola', familyName: 'Alene' });
    const pages = await readAll(ctx.connect().readChanges('contacts', initialCursor()));
    expect(pages.flatMap((page) => page.records.map((record) => record.parentId))).toEqual([
      String(company.id),
      undefined,
    ]);
  });

  test('a record that fails the schema is reported unreadable once, naming the field, and the feed goes on', async () => {
    addCompanies(2);
    ctx.sandbox.store.put('companies', 'broken-1', { id: 'broken-1', name: 42 }, Date.now());
    ctx.sandbox.store.put('companies', 'broken-2', { name: 'no id' }, Date.now());
    const connector = ctx.connect();
    const pages = await readAll(connector.readChanges('companies', initialCursor()));
    expect(names(pages)).toEqual(['Firma 1', 'Firma 2']);
    const unreadable = pages.flatMap((page) => page.unreadable);
    expect(unreadable).toHaveLength(2);
    expect(unreadable[0]).toMatchObject({ id: 'broken-1', field: 'name', position: 'companies listing item 3' });
    expect(unreadable[0]?.reason).not.toContain('42');
    expect(unreadable[1]).toMatchObject({ field: 'id' });
    expect(unreadable[1]?.id).toBeUndefined();
    const again = await readAll(connector.readChanges('companies', lastCursor(pages, initialCursor())));
    expect(again).toEqual([]);
  });

  test('a long read without changes hands back its place now and then (more: true, no records)', async () => {
    addCompanies(6);
    const connector = ctx.connect({ pageSize: 2 });
    const cursor = lastCursor(await readAll(connector.readChanges('companies', initialCursor())), initialCursor());
    const quiet = ctx.connect({ pageSize: 2, maxQuietReadMs: 1 });
    const progress = await firstPage(quiet.readChanges('companies', cursor));
    expect(progress).toMatchObject({ records: [], unreadable: [], more: true });
    // The rest of the pass, from the stored place: nothing changed, and the pass closes with a final cursor.
    const rest = await readAll(quiet.readChanges('companies', progress?.cursor ?? cursor));
    expect(rest.flatMap((page) => page.records)).toEqual([]);
    expect(rest.at(-1)?.more).toBe(false);
    expect(quiet.stats().requests).toBe(4); // 1 page, then pages 2, 3 and the empty 4th
  });

  test('a cursor of another resource, or a damaged one, is refused clearly', async () => {
    const cursor = lastCursor(await readAll(ctx.connect().readChanges('companies', initialCursor())), initialCursor());
    const connector = ctx.connect();
    await expect(readAll(connector.readChanges('contacts', cursor))).rejects.toMatchObject({ code: 'cursor_mismatch' });
    await expect(
      readAll(connector.readChanges('companies', { since: 1, seen: [], opaque: 'AQEAAAE=' })),
    ).rejects.toMatchObject({ code: 'cursor_unreadable' });
    expect(connector.stats().requests).toBe(0);
  });
});

describe('CRMOffice opaque cursor size', () => {
  const tableWith = (ids: string[]): ChangeTable => {
    const table = new ChangeTable(1, 'companies');
    ids.forEach((id, index) => table.observe(id, (index * 2654435761) >>> 0));
    return table;
  };

  test('round trip: the same table, pass state and observation time come back', () => {
    const table = tableWith(['7', '42', '1000000', randomUUID(), 'ABC-äöå', '\u0000deadbeef']);
    table.passOffset = 4;
    table.observationTime(1_700_000_000_000);
    const decoded = ChangeTable.decode(table.encode(), 1, 'companies');
    expect(decoded.encode()).toBe(table.encode());
    expect(decoded.size).toBe(6);
    expect(decoded.passOffset).toBe(4);
    expect(decoded.lastObservedAt).toBe(1_700_000_000_000);
  });

  test(`within ${OPAQUE_CURSOR_MAX_CHARS} characters: ${capacityNote()}; beyond, a clear refusal`, () => {
    const uuids = Array.from({ length: 37_000 }, () => randomUUID());
    const fits = tableWith(uuids).encode();
    expect(fits.length).toBeLessThanOrEqual(OPAQUE_CURSOR_MAX_CHARS);
    expect(fits.length / uuids.length).toBeLessThan(28); // 20 bytes each, base64

    const integers = Array.from({ length: 120_000 }, (_unused, index) => String(1000 + index * 37));
    const integerCursor = tableWith(integers).encode();
    expect(integerCursor.length).toBeLessThanOrEqual(OPAQUE_CURSOR_MAX_CHARS);
    expect(integerCursor.length / integers.length).toBeLessThan(9); // 6 bytes each, base64

    const tooMany = tableWith([...uuids, ...Array.from({ length: 1_000 }, () => randomUUID())]);
    tooMany.passOffset = 500; // a pass under way adds its bitmap
    let refusal: unknown;
    try {
      tooMany.encode();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnsupportedError);
    expect((refusal as UnsupportedError).message).toContain('38000 records');
    expect((refusal as UnsupportedError).message).toContain("Temporal's 2 MB payload limit");
    expect((refusal as UnsupportedError).code).toBe('cursor_too_large');
  });
});
