import type Chargebee from 'chargebee';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { editCustomer, insertCustomer } from '../../sandboxes/chargebee/repository';
import { admin, ChargebeeTestSandboxes, failure } from './chargebee-helpers';

const sandboxes = new ChargebeeTestSandboxes('cb-customers-');
let sandbox: RunningSandbox;
let chargebee: Chargebee;

beforeAll(async () => {
  ({ sandbox, chargebee } = await sandboxes.start('chargebee', { rateLimitPerMinute: 10_000 }));
});

afterAll(async () => {
  await sandboxes.cleanUp();
});

beforeEach(async () => {
  await admin(sandbox, 'reset');
});

describe('customers through the official SDK', () => {
  test('create, retrieve, update and delete a customer', async () => {
    const created = await chargebee.customer.create({
      id: 'pogo-c-1',
      first_name: 'Åse',
      last_name: 'Ødegård',
      email: 'ase@fjord.no',
      company: 'Fjord Bær AS',
      meta_data: { poweroffice: { id: 1 } },
      billing_address: { line1: 'Storgata 1', city: 'Tromsø', country: 'NO' },
    });
    expect(created.httpStatusCode).toBe(200);
    const customer = created.customer;
    expect(customer).toMatchObject({
      id: 'pogo-c-1',
      first_name: 'Åse',
      company: 'Fjord Bær AS',
      deleted: false,
      object: 'customer',
    });
    expect(customer.meta_data).toEqual({ poweroffice: { id: 1 } });
    expect(customer.billing_address).toMatchObject({ city: 'Tromsø', country: 'NO', object: 'billing_address' });
    expect(customer.resource_version).toBeGreaterThan(1_600_000_000_000);
    expect(customer.updated_at).toBe(Math.floor((customer.resource_version ?? 0) / 1000));
    expect(customer.created_at).toBe(customer.updated_at);

    const retrieved = await chargebee.customer.retrieve('pogo-c-1');
    expect(retrieved.customer).toEqual(customer);

    const updated = (await chargebee.customer.update('pogo-c-1', { email: 'ase@bær.no', company: 'Fjord Bær & Co AS' }))
      .customer;
    expect(updated).toMatchObject({ email: 'ase@bær.no', company: 'Fjord Bær & Co AS', first_name: 'Åse' });
    expect(updated.resource_version).toBeGreaterThan(customer.resource_version ?? 0);

    const billed = (
      await chargebee.customer.updateBillingInfo('pogo-c-1', { billing_address: { city: 'Göteborg', country: 'SE' } })
    ).customer;
    expect(billed.billing_address).toMatchObject({ city: 'Göteborg', country: 'SE' });
    expect(billed.billing_address?.line1).toBeUndefined();

    const deleted = (await chargebee.customer.delete('pogo-c-1')).customer;
    expect(deleted.deleted).toBe(true);
    const missing = await failure(chargebee.customer.retrieve('pogo-c-1'));
    expect(missing).toMatchObject({
      http_status_code: 404,
      api_error_code: 'resource_not_found',
      type: 'invalid_request',
    });
  });

  test('a reused id is duplicate_entry (400) naming the id, deleted customers included', async () => {
    await chargebee.customer.create({ id: 'pogo-c-2', email: 'a@b.no' });
    const again = await failure(chargebee.customer.create({ id: 'pogo-c-2', email: 'c@d.no' }));
    expect(again).toMatchObject({ http_status_code: 400, api_error_code: 'duplicate_entry', param: 'id' });
    await chargebee.customer.delete('pogo-c-2');
    expect(await failure(chargebee.customer.create({ id: 'pogo-c-2' }))).toMatchObject({
      api_error_code: 'duplicate_entry',
    });
  });

  test('validation errors name the parameter', async () => {
    const longId = await failure(chargebee.customer.create({ id: 'x'.repeat(51) }));
    expect(longId).toMatchObject({ http_status_code: 400, api_error_code: 'param_wrong_value', param: 'id' });
    expect(String(longId.message)).toContain('id : cannot be more than 50 characters');
    const badEmail = await failure(chargebee.customer.create({ email: 'not-an-email' }));
    expect(badEmail).toMatchObject({ api_error_code: 'param_wrong_value', param: 'email' });
    const badMeta = await failure(chargebee.customer.create({ meta_data: '{not json' }));
    expect(badMeta).toMatchObject({ param: 'meta_data' });
  });

  test('cf_org_number is accepted on create, update and list; undefined custom fields are refused', async () => {
    const created = (
      await chargebee.customer.create({ id: 'pogo-c-3', company: 'Nordlys AS', cf_org_number: '923609016' })
    ).customer;
    expect(created.cf_org_number).toBe('923609016');
    await chargebee.customer.create({ id: 'pogo-c-4', company: 'Sørlys AS', cf_org_number: '987654325' });
    const found = await chargebee.customer.list({ cf_org_number: { is: '923609016' } });
    expect(found.list.map((entry) => entry.customer.id)).toEqual(['pogo-c-3']);
    const changed = (await chargebee.customer.update('pogo-c-3', { cf_org_number: '111111111' })).customer;
    expect(changed.cf_org_number).toBe('111111111');

    const unknown = await failure(chargebee.customer.create({ cf_shoe_size: '42' }));
    expect(unknown).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'cf_shoe_size',
    });
    const unknownFilter = await failure(chargebee.customer.list({ cf_shoe_size: { is: '42' } }));
    expect(unknownFilter).toMatchObject({ http_status_code: 400, param: 'cf_shoe_size' });
  });

  test('a site without the custom field refuses cf_org_number', async () => {
    const { sandbox: bare, chargebee: bareClient } = await sandboxes.start('bare', { customFields: [] });
    try {
      const refused = await failure(bareClient.customer.create({ cf_org_number: '923609016' }));
      expect(refused).toMatchObject({
        http_status_code: 400,
        api_error_code: 'param_wrong_value',
        param: 'cf_org_number',
      });
    } finally {
      await sandboxes.stop(bare);
    }
  });

  test('list: paging with next_offset, email[is], updated_at[after], sort_by and include_deleted', async () => {
    for (let n = 1; n <= 5; n += 1)
      await chargebee.customer.create({ id: `c-${n}`, email: `person${n}@example.no`, first_name: `P${n}` });

    const first = await chargebee.customer.list({ limit: 2 });
    expect(first.list.map((entry) => entry.customer.id)).toEqual(['c-1', 'c-2']);
    expect(typeof first.next_offset).toBe('string');
    const second = await chargebee.customer.list({ limit: 2, offset: first.next_offset });
    expect(second.list.map((entry) => entry.customer.id)).toEqual(['c-3', 'c-4']);
    const third = await chargebee.customer.list({ limit: 2, offset: second.next_offset });
    expect(third.list.map((entry) => entry.customer.id)).toEqual(['c-5']);
    expect(third.next_offset).toBeUndefined();

    const byEmail = await chargebee.customer.list({ email: { is: 'person3@example.no' } });
    expect(byEmail.list.map((entry) => entry.customer.id)).toEqual(['c-3']);
    const byIn = await chargebee.customer.list({ id: { in: ['c-2', 'c-4'] } });
    expect(byIn.list.map((entry) => entry.customer.id)).toEqual(['c-2', 'c-4']);

    // The newest change so far, over all five (on a loaded machine their creation can span a second boundary).
    const listed = await chargebee.customer.list({ limit: 10 });
    const newest = Math.max(...listed.list.map((entry) => entry.customer.updated_at ?? 0));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // updated_at is in whole seconds
    await chargebee.customer.update('c-2', { first_name: 'Changed' });
    const changed = await chargebee.customer.list({
      updated_at: { after: newest },
      'sort_by[asc]': 'updated_at',
    });
    expect(changed.list.map((entry) => entry.customer.id)).toEqual(['c-2']);

    const newestFirst = await chargebee.customer.list({ 'sort_by[desc]': 'updated_at', limit: 1 });
    expect(newestFirst.list[0]?.customer.id).toBe('c-2');
    const bad = await failure(chargebee.customer.list({ 'sort_by[asc]': 'email' }));
    expect(bad).toMatchObject({ http_status_code: 400, param: 'sort_by[asc]' });

    await chargebee.customer.delete('c-5');
    const live = await chargebee.customer.list({ limit: 100 });
    expect(live.list.map((entry) => entry.customer.id)).not.toContain('c-5');
    const all = await chargebee.customer.list({ limit: 100, include_deleted: true });
    expect(all.list.find((entry) => entry.customer.id === 'c-5')?.customer.deleted).toBe(true);
  });

  test('repository functions write what the API reads, with admin_console events for edits by hand', async () => {
    const seeded = insertCustomer(sandbox.store, {
      id: 'pogo-c-9',
      email: 'seed@example.no',
      cf_org_number: '923609016',
      meta_data: { source: 'seed' },
    });
    const read = (await chargebee.customer.retrieve('pogo-c-9')).customer;
    expect(read).toEqual(seeded);
    const edited = editCustomer(sandbox.store, 'pogo-c-9', {
      company: 'Håndlaget AS',
      billing_address: { country: 'NO', city: 'Bodø' },
    });
    expect(edited.resource_version).toBeGreaterThan(seeded.resource_version ?? 0);
    const listed = await chargebee.customer.list({ company: { starts_with: 'Hånd' } });
    expect(listed.list[0]?.customer).toEqual(edited);
    const events = await chargebee.event.list({ event_type: { in: ['customer_changed'] } });
    expect(events.list).toHaveLength(1);
    expect(events.list[0]?.event).toMatchObject({
      event_type: 'customer_changed',
      source: 'admin_console',
      object: 'event',
    });
    expect((events.list[0]?.event.content as { customer: { id: string } }).customer.id).toBe('pogo-c-9');
  });
});

describe('item families and items through the official SDK', () => {
  test('create, retrieve, update, list and delete', async () => {
    const family = (await chargebee.itemFamily.create({ id: 'products', name: 'Products' })).item_family;
    expect(family).toMatchObject({ id: 'products', name: 'Products', status: 'active', object: 'item_family' });

    const item = (
      await chargebee.item.create({
        id: 'pogo-p-1',
        name: 'Brunost 1 kg',
        type: 'charge',
        item_family_id: 'products',
        metadata: { code: 'B1' },
      })
    ).item;
    expect(item).toMatchObject({
      id: 'pogo-p-1',
      name: 'Brunost 1 kg',
      type: 'charge',
      status: 'active',
      item_family_id: 'products',
      deleted: false,
      object: 'item',
    });
    expect(item.metadata).toEqual({ code: 'B1' });
    expect((await chargebee.item.retrieve('pogo-p-1')).item).toEqual(item);

    const sameName = await failure(
      chargebee.item.create({ id: 'pogo-p-2', name: 'Brunost 1 kg', type: 'charge', item_family_id: 'products' }),
    );
    expect(sameName).toMatchObject({ http_status_code: 400, api_error_code: 'duplicate_entry', param: 'name' });
    const sameId = await failure(
      chargebee.item.create({ id: 'pogo-p-1', name: 'Other', type: 'charge', item_family_id: 'products' }),
    );
    expect(sameId).toMatchObject({ api_error_code: 'duplicate_entry', param: 'id' });
    const noFamily = await failure(
      chargebee.item.create({ id: 'pogo-p-3', name: 'X', type: 'charge', item_family_id: 'nope' }),
    );
    expect(noFamily).toMatchObject({ http_status_code: 404, param: 'item_family_id' });
    const longName = await failure(
      chargebee.item.create({ id: 'pogo-p-4', name: 'n'.repeat(101), type: 'charge', item_family_id: 'products' }),
    );
    expect(longName).toMatchObject({ http_status_code: 400, api_error_code: 'param_wrong_value', param: 'name' });

    await chargebee.item.create({ id: 'pogo-p-2', name: 'Amaretto', type: 'charge', item_family_id: 'products' });
    const updated = (await chargebee.item.update('pogo-p-1', { name: 'Brunost 500 g', description: 'Mild' })).item;
    expect(updated).toMatchObject({ name: 'Brunost 500 g', description: 'Mild' });
    expect(updated.resource_version).toBeGreaterThan(item.resource_version ?? 0);

    const byName = await chargebee.item.list({ 'sort_by[asc]': 'name' });
    expect(byName.list.map((entry) => entry.item.name)).toEqual(['Amaretto', 'Brunost 500 g']);
    const filtered = await chargebee.item.list({
      name: { is: 'Amaretto' },
      type: { is: 'charge' },
      item_family_id: { is: 'products' },
    });
    expect(filtered.list.map((entry) => entry.item.id)).toEqual(['pogo-p-2']);

    const deleted = (await chargebee.item.delete('pogo-p-2')).item;
    expect(deleted.status).toBe('deleted');
    expect((await chargebee.item.list()).list.map((entry) => entry.item.id)).toEqual(['pogo-p-1']);
    expect((await chargebee.item.list({ status: { is: 'deleted' } })).list.map((entry) => entry.item.id)).toEqual([
      'pogo-p-2',
    ]);
    // The name of a deleted item is free again.
    await chargebee.item.create({ id: 'pogo-p-5', name: 'Amaretto', type: 'charge', item_family_id: 'products' });
  });
});
