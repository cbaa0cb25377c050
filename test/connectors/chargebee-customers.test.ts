import { DuplicateError, ValidationError } from '../../connectors/errors';
import { type SandboxedChargebee, rejectionOf, startSandboxedChargebee } from './chargebee-helpers';

let cb: SandboxedChargebee;
beforeAll(async () => {
  cb = await startSandboxedChargebee({ customFields: ['cf_org_number'] });
});
afterAll(async () => cb.close());

describe('Chargebee customers through the connector', () => {
  test('create with linkflow’s id, then get it back as a snapshot', async () => {
    const created = await cb.connector.create(
      'customer',
      { email: 'kari@example.no', first_name: 'Kari', last_name: 'Nordmann' },
      { preferredId: 'pogo-c-1', idempotencyKey: 'create-pogo-c-1' },
    );
    expect(created).toMatchObject({ system: 'chargebee', type: 'customer', id: 'pogo-c-1', deleted: false });
    expect(created.version).toBeGreaterThan(0);
    expect(created.changedAt).toBe(created.version);
    expect(created.data).toMatchObject({ email: 'kari@example.no', first_name: 'Kari' });

    const read = await cb.connector.get('customer', 'pogo-c-1');
    expect(read?.version).toBe(created.version);
    expect(await cb.connector.get('customer', 'pogo-c-does-not-exist')).toBeNull();
  });

  test('finds customers by e-mail and by org number', async () => {
    await cb.connector.create(
      'customer',
      { company: 'Fjord AS', email: 'post@fjord.no', cf_org_number: '912345678' },
      {
        preferredId: 'pogo-c-2',
        idempotencyKey: 'create-pogo-c-2',
      },
    );
    const byEmail = await cb.connector.findByKey('customer', { field: 'email', value: 'post@fjord.no' });
    expect(byEmail.map((record) => record.id)).toEqual(['pogo-c-2']);
    const byOrgNumber = await cb.connector.findByKey('customer', { field: 'cf_org_number', value: '912345678' });
    expect(byOrgNumber.map((record) => record.id)).toEqual(['pogo-c-2']);
    expect(await cb.connector.findByKey('customer', { field: 'cf_org_number', value: '000000000' })).toEqual([]);
  });

  test('update sends only the changes and keeps the other fields', async () => {
    const before = await cb.connector.get('customer', 'pogo-c-1');
    const after = await cb.connector.update('customer', 'pogo-c-1', { first_name: 'Kari Anne' });
    expect(after.data).toMatchObject({ first_name: 'Kari Anne', last_name: 'Nordmann', email: 'kari@example.no' });
    expect(after.version).toBeGreaterThan(before?.version ?? Infinity);
  });

  test('meta_data is merged with what the customer has, never dropped; null removes one key', async () => {
    await cb.connector.create(
      'customer',
      { email: 'ola@example.no', meta_data: { poweroffice: { contactPersonId: 11 } } },
      {
        preferredId: 'pogo-c-3',
        idempotencyKey: 'create-pogo-c-3',
      },
    );
    const merged = await cb.connector.update('customer', 'pogo-c-3', { meta_data: { employeeId: 7 } });
    expect(merged.data['meta_data']).toEqual({ poweroffice: { contactPersonId: 11 }, employeeId: 7 });
    const removed = await cb.connector.update('customer', 'pogo-c-3', { meta_data: { employeeId: null } });
    expect(removed.data['meta_data']).toEqual({ poweroffice: { contactPersonId: 11 } });
  });

  test('an update that changes nothing writes nothing', async () => {
    const before = await cb.connector.get('customer', 'pogo-c-3');
    const same = await cb.connector.update('customer', 'pogo-c-3', {
      meta_data: { poweroffice: { contactPersonId: 11 } },
      email: 'ola@example.no',
    });
    expect(same.version).toBe(before?.version);
    const empty = await cb.connector.update('customer', 'pogo-c-3', {});
    expect(empty.version).toBe(before?.version);
  });

  test('a create that meets an existing id is a DuplicateError naming the field', async () => {
    const error = await rejectionOf(
      cb.connector.create(
        'customer',
        { email: 'other@example.no' },
        { preferredId: 'pogo-c-1', idempotencyKey: 'another-key' },
      ),
    );
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ code: 'duplicate_entry', field: 'id', record: 'customer pogo-c-1', status: 400 });
  });

  test('a create retried with the same idempotency key answers with the first result', async () => {
    const options = { preferredId: 'pogo-c-4', idempotencyKey: 'create-pogo-c-4' };
    const first = await cb.connector.create('customer', { email: 'retry@example.no' }, options);
    const retried = await cb.connector.create('customer', { email: 'retry@example.no' }, options);
    expect(retried.id).toBe(first.id);
    expect(retried.version).toBe(first.version);
  });

  test('a refused value is a ValidationError with the API’s message and param', async () => {
    const error = await rejectionOf(
      cb.connector.create(
        'customer',
        { email: 'x'.repeat(80) + '@example.no' },
        { preferredId: 'pogo-c-5', idempotencyKey: 'create-pogo-c-5' },
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'email', status: 400, record: 'customer pogo-c-5' });
    expect(String(error)).toMatch(/email : /);
    expect(String(error)).toMatch(/create customer \(customer pogo-c-5\)/);
  });
});
