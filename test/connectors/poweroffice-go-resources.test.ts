import { initialCursor, type ChangeCursor, type RecordSnapshot } from '../../connectors/connector';
import { ChangedMeanwhileError, NotFoundError, UnsupportedError, ValidationError } from '../../connectors/errors';
import { createRecord, getRecord, updateRecord } from '../../sandboxes/poweroffice-go';
import { readAll, startSandboxWithConnector, type SandboxContext } from './poweroffice-go-helpers';

const key = { idempotencyKey: 'test' };

describe('PowerOffice GO connector resources against the sandbox', () => {
  let ctx: SandboxContext;
  beforeAll(async () => {
    ctx = await startSandboxWithConnector();
  });
  afterAll(async () => ctx.close());

  async function changesSince(
    cursor: ChangeCursor,
    pageSize = 2,
  ): Promise<{ records: RecordSnapshot[]; cursor: ChangeCursor }> {
    const pages = await readAll(ctx.connector.readChanges('Suppliers', cursor, { pageSize }));
    return { records: pages.flatMap((page) => page.records), cursor: pages.at(-1)?.cursor ?? cursor };
  }

  test('the change cursor delivers records sharing one timestamp once, late arrivals and later edits again', async () => {
    const store = ctx.sandbox.store;
    const at = Date.now() - 60_000;
    const old = createRecord(store, 'Suppliers', { Name: 'Old' }, { at: at - 10_000 });
    const first = ['A', 'B', 'C'].map((name) => createRecord(store, 'Suppliers', { Name: `Same ${name}` }, { at }));
    // The record created first, edited later, comes last in change order (the feed must not follow creation order).
    updateRecord(store, 'Suppliers', String(old['Id']), { Name: 'Old edited' }, { at: at + 5000 });
    const read1 = await changesSince(initialCursor());
    expect(read1.records.map((record) => record.data['Name'])).toEqual(['Same A', 'Same B', 'Same C', 'Old edited']);
    expect(read1.cursor.since).toBe(at + 5000);
    expect((await changesSince(read1.cursor)).records).toEqual([]);

    // Committed "late" with the very timestamp the cursor stands on, and an edit after the cursor.
    createRecord(store, 'Suppliers', { Name: 'Same D' }, { at: at + 5000 });
    await ctx.connector.update(
      'Suppliers',
      String(first[0]?.['Id']),
      { Name: 'Same A edited' },
      { previous: read1.records[0]?.data },
    );
    const read2 = await changesSince(read1.cursor);
    expect(read2.records.map((record) => record.data['Name'])).toEqual(['Same D', 'Same A edited']);
    expect(read2.records[1]?.id).toBe(String(first[0]?.['Id']));
    expect(read2.records[1]!.version).toBeGreaterThan(read1.records[0]!.version);
    expect((await changesSince(read2.cursor)).records).toEqual([]);
  });

  test('update sends only changed fields as JSON Patch and leaves the others as they are on the server', async () => {
    const created = await ctx.connector.create(
      'Customers',
      {
        Name: 'Patch AS',
        PhoneNumber: '111',
        EmailAddress: 'post@patch.no',
        MailAddress: { AddressLine1: 'Gate 1', City: 'Oslo', ZipCode: '0150' },
      },
      key,
    );
    expect(created.id).toMatch(/^\d+$/);
    expect(created.type).toBe('Customers');
    // Someone edits the e-mail in PowerOffice after we read the record: our patch must not overwrite it.
    updateRecord(ctx.sandbox.store, 'Customers', created.id, { EmailAddress: 'changed@patch.no' });
    const updated = await ctx.connector.update(
      'Customers',
      created.id,
      {
        Name: 'Patch AS',
        EmailAddress: 'post@patch.no',
        PhoneNumber: '222',
        MailAddress: { City: 'Bergen', ZipCode: '0150' },
      },
      { previous: created.data },
    );
    const stored = getRecord(ctx.sandbox.store, 'Customers', created.id);
    expect(stored?.['PhoneNumber']).toBe('222');
    expect(stored?.['EmailAddress']).toBe('changed@patch.no');
    expect(stored?.['MailAddress']).toMatchObject({ AddressLine1: 'Gate 1', City: 'Bergen', ZipCode: '0150' });
    expect(updated.data['PhoneNumber']).toBe('222');
    expect(updated.version).toBeGreaterThan(created.version);
  });

  test('an edit made after our read to a field we replace refuses the whole patch: nothing is overwritten', async () => {
    const created = await ctx.connector.create(
      'Customers',
      { Name: 'Race AS', PhoneNumber: '111', EmailAddress: 'post@race.no' },
      key,
    );
    // Someone renames the customer in PowerOffice between our read and our write of a new name and phone number.
    updateRecord(ctx.sandbox.store, 'Customers', created.id, { Name: 'Race Renamed AS' });
    const error = await ctx.connector
      .update('Customers', created.id, { Name: 'Race Old AS', PhoneNumber: '222' }, { previous: created.data })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChangedMeanwhileError);
    expect(error).toMatchObject({ record: `Customers/${created.id}`, field: 'Name' });
    const stored = getRecord(ctx.sandbox.store, 'Customers', created.id);
    expect(stored?.['Name']).toBe('Race Renamed AS');
    expect(stored?.['PhoneNumber']).toBe('111');
    // Read again, the write goes through.
    const fresh = await ctx.connector.get('Customers', created.id);
    await ctx.connector.update('Customers', created.id, { PhoneNumber: '222' }, { previous: fresh?.data });
    expect(getRecord(ctx.sandbox.store, 'Customers', created.id)?.['PhoneNumber']).toBe('222');
  });

  test('update sends no request at all when nothing changed', async () => {
    const created = await ctx.connector.create('Products', { Name: 'Unchanged', Code: 'UNCH-1', UnitPrice: 10 }, key);
    const before = ctx.connector.stats().requests;
    const result = await ctx.connector.update(
      'Products',
      created.id,
      { Name: 'Unchanged', UnitPrice: 10 },
      { previous: created.data },
    );
    expect(ctx.connector.stats().requests).toBe(before);
    expect(result.id).toBe(created.id);
    expect(result.version).toBe(created.version);
  });

  test('validation errors carry the API message and the field it blames', async () => {
    const error = await ctx.connector
      .create(
        'ContactPersons',
        { FirstName: 'Kari' },
        { ...key, parentId: String((await ctx.connector.create('Customers', { Name: 'Owner' }, key)).id) },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('LastName');
    expect((error as ValidationError).message).toContain('The LastName field is required.');
    expect((error as ValidationError).record).toMatch(/^ContactPersons\/\d+\/\(new\)$/);

    const badEmail = await ctx.connector
      .create('Customers', { Name: 'Bad mail', EmailAddress: 'not-an-address' }, key)
      .catch((caught: unknown) => caught);
    expect(badEmail).toBeInstanceOf(ValidationError);
    expect((badEmail as ValidationError).field).toBe('EmailAddress');
    expect((badEmail as ValidationError).message).toContain("'not-an-address' is not a valid e-mail address.");
  });

  test('contact persons are created, read and updated under their customer', async () => {
    const customer = await ctx.connector.create('Customers', { Name: 'Parent AS' }, key);
    const person = await ctx.connector.create(
      'ContactPersons',
      { FirstName: 'Ola', LastName: 'Nordmann', EmailAddress: 'ola@parent.no' },
      { ...key, parentId: customer.id },
    );
    expect(person.parentId).toBe(customer.id);
    const read = await ctx.connector.get('ContactPersons', person.id, { parentId: customer.id });
    expect(read?.data['EmailAddress']).toBe('ola@parent.no');
    const updated = await ctx.connector.update(
      'ContactPersons',
      person.id,
      { PhoneNumber: '99887766' },
      { previous: person.data },
    );
    expect(updated.data['PhoneNumber']).toBe('99887766');
    expect(updated.parentId).toBe(customer.id);
    const found = await ctx.connector.findByKey('ContactPersons', { field: 'EmailAddress', value: 'OLA@parent.no' });
    expect(found.map((snapshot) => snapshot.id)).toEqual([person.id]);
    await expect(ctx.connector.get('ContactPersons', person.id)).rejects.toBeInstanceOf(ValidationError);
  });

  test('sales orders: create complete, get with lines, lines on their own, headers in the change feed', async () => {
    const customer = await ctx.connector.create('Customers', { Name: 'Buyer AS' }, key);
    const product = await ctx.connector.create('Products', { Name: 'Consulting', Code: 'CONS', UnitPrice: 1200 }, key);
    const order = await ctx.connector.create(
      'SalesOrders',
      {
        CustomerId: Number(customer.id),
        SalesOrderStatus: 'Draft',
        SalesOrderLines: [
          { ProductId: Number(product.id), Quantity: 2 },
          { Description: 'Travel', Quantity: 1, ProductUnitPrice: 500 },
        ],
      },
      key,
    );
    expect(order.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await ctx.connector.get('SalesOrders', order.id);
    const lines = read?.data['SalesOrderLines'];
    expect(Array.isArray(lines) && lines.length).toBe(2);
    const separately = await ctx.connector.getSalesOrderLines(order.id);
    expect(separately.map((line) => line['Quantity'])).toEqual([2, 1]);
    const headers = (await readAll(ctx.connector.readChanges('SalesOrders', initialCursor()))).flatMap(
      (page) => page.records,
    );
    expect(headers.map((header) => header.id)).toContain(order.id);
    const confirmed = await ctx.connector.update(
      'SalesOrders',
      order.id,
      { SalesOrderStatus: 'Confirmed' },
      { previous: read?.data },
    );
    expect(confirmed.data['SalesOrderStatus']).toBe('Confirmed');
    expect(Array.isArray(confirmed.data['SalesOrderLines'])).toBe(true);
    await expect(ctx.connector.update('SalesOrders', order.id, { SalesOrderLines: [] })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  test('findByKey: Products by exact Name through the names filter; Customers by org number by scanning', async () => {
    const widget = await ctx.connector.create('Products', { Name: 'Widget' }, key);
    await ctx.connector.create('Products', { Name: 'widget' }, key);
    const byName = await ctx.connector.findByKey('Products', { field: 'Name', value: 'Widget' });
    expect(byName.map((snapshot) => snapshot.id)).toEqual([widget.id]);
    const org = await ctx.connector.create('Customers', { Name: 'Org AS', OrganizationNumber: '999888777' }, key);
    const byOrg = await ctx.connector.findByKey('Customers', { field: 'OrganizationNumber', value: '999 888 777' });
    expect(byOrg.map((snapshot) => snapshot.id)).toEqual([org.id]);
  });

  test('get answers null for a missing record; unknown types and malformed ids are refused clearly', async () => {
    expect(await ctx.connector.get('Customers', '123456789')).toBeNull();
    await expect(ctx.connector.get('Invoices', '1')).rejects.toBeInstanceOf(UnsupportedError);
    await expect(ctx.connector.get('Customers', '../Products')).rejects.toThrow(
      /Customers\/\.\.\/Products: Id must be an integer/,
    );
    await expect(ctx.connector.update('Customers', '123456789', { Name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  test('capabilities list every resource with notes', () => {
    const capabilities = ctx.connector.capabilities();
    expect(Object.keys(capabilities).sort()).toEqual([
      'ContactPersons',
      'Customers',
      'Departments',
      'Employees',
      'Products',
      'SalesOrders',
      'Suppliers',
    ]);
    expect(capabilities['SalesOrders']).toMatchObject({ read: true, create: true, update: true });
    expect(capabilities['SalesOrders']?.notes).toContain('VatRate');
  });
});
