import type Chargebee from 'chargebee';
import type { RunningSandbox } from '../../sandboxes/common/http';
import { DEFAULT_API_KEY } from '../../sandboxes/chargebee';
import { admin, ChargebeeTestSandboxes, clientFor, failure } from './chargebee-helpers';

const sandboxes = new ChargebeeTestSandboxes('cb-transport-');

const authorization = `Basic ${Buffer.from(`${DEFAULT_API_KEY}:`).toString('base64')}`;

afterAll(async () => {
  await sandboxes.cleanUp();
});

describe('the Chargebee sandbox transport', () => {
  let sandbox: RunningSandbox;
  let chargebee: Chargebee;

  beforeAll(async () => {
    ({ sandbox, chargebee } = await sandboxes.start('transport'));
  });

  afterAll(async () => {
    await sandboxes.stop(sandbox);
  });

  beforeEach(async () => {
    await admin(sandbox, 'reset');
    await admin(sandbox, 'faults', { errorRate: 0, dropRate: 0, latencyMs: 0, rateLimit: 1_000 });
  });

  test('reports what a client needs, the test-site limit included', () => {
    expect(sandbox.baseUrl).toBe(`http://127.0.0.1:${String(sandbox.settings.port)}/api/v2`);
    expect(sandbox.credentials).toEqual({ site: 'linkflow-test', apiKey: DEFAULT_API_KEY });
    expect(sandbox.settings).toMatchObject({
      protocol: 'http',
      site: '127',
      hostSuffix: '.0.0.1',
      rateLimitPerMinute: 150,
      legacyOrders: true,
    });
  });

  test('a wrong API key is 401 api_authentication_failed', async () => {
    const refused = await failure(clientFor(sandbox, 'test_wrong').customer.list());
    expect(refused).toMatchObject({ http_status_code: 401, api_error_code: 'api_authentication_failed' });
    const anonymous = await fetch(`${sandbox.baseUrl}/customers`);
    expect(anonymous.status).toBe(401);
  });

  test('only GET and POST exist (405), unknown paths are 404 in the API error shape', async () => {
    const put = await fetch(`${sandbox.baseUrl}/customers/x`, { method: 'PUT', headers: { authorization } });
    expect(put.status).toBe(405);
    expect(await put.json()).toMatchObject({ api_error_code: 'http_method_not_supported', http_status_code: 405 });
    const unknown = await fetch(`${sandbox.baseUrl}/no_such_things`, { headers: { authorization } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ api_error_code: 'resource_not_found' });
  });

  test('raw and percent-encoded brackets, column arrays and JSON filters all read the same', async () => {
    const headers = { authorization, 'content-type': 'application/x-www-form-urlencoded' };
    const raw = await fetch(`${sandbox.baseUrl}/customers`, {
      method: 'POST',
      headers,
      body: 'id=raw-1&billing_address[city]=Troms%C3%B8&meta_data=%7B%22a%22%3A1%7D&first_name=Per+Arne',
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({
      customer: { id: 'raw-1', first_name: 'Per Arne', billing_address: { city: 'Tromsø' }, meta_data: { a: 1 } },
    });
    const encoded = await fetch(`${sandbox.baseUrl}/customers`, {
      method: 'POST',
      headers,
      body: 'id=enc-1&billing_address%5Bcity%5D=Bod%C3%B8',
    });
    expect(await encoded.json()).toMatchObject({ customer: { id: 'enc-1', billing_address: { city: 'Bodø' } } });
    const listed = await fetch(
      `${sandbox.baseUrl}/customers?id[in]=${encodeURIComponent('["raw-1","enc-1"]')}&sort_by%5Bdesc%5D=created_at`,
      { headers },
    );
    const body = (await listed.json()) as { list: { customer: { id: string } }[] };
    expect(body.list.map((entry) => entry.customer.id)).toEqual(['enc-1', 'raw-1']);
    const badLimit = await fetch(`${sandbox.baseUrl}/customers?limit=101`, { headers });
    expect(badLimit.status).toBe(400);
    expect(await badLimit.json()).toMatchObject({ api_error_code: 'param_wrong_value', param: 'limit' });
  });

  test('an idempotency key replays the stored answer; reused with other params it is refused', async () => {
    const key = { 'chargebee-idempotency-key': 'create-pogo-c-20' };
    const first = await chargebee.customer.create({ id: 'pogo-c-20', email: 'one@example.no' }, key);
    expect(first.isIdempotencyReplayed).toBe(false);
    const replay = await chargebee.customer.create({ id: 'pogo-c-20', email: 'one@example.no' }, key);
    expect(replay.isIdempotencyReplayed).toBe('true');
    expect(replay.headers['chargebee-idempotency-replayed']).toBe('true');
    expect(replay.customer).toEqual(first.customer);
    const events = await chargebee.event.list({ event_type: { is: 'customer_created' } });
    expect(events.list).toHaveLength(1);

    const other = await failure(chargebee.customer.create({ id: 'pogo-c-21' }, key));
    expect(other).toMatchObject({ http_status_code: 400, api_error_code: 'invalid_request' });
    // Without a key the same create is a duplicate, as on the real API.
    expect(await failure(chargebee.customer.create({ id: 'pogo-c-20', email: 'one@example.no' }))).toMatchObject({
      api_error_code: 'duplicate_entry',
    });
  });

  test('over the rate limit: 429 api_request_limit_exceeded with Retry-After', async () => {
    await admin(sandbox, 'faults', { rateLimit: 5 });
    for (let n = 0; n < 5; n += 1) await chargebee.customer.list({ limit: 1 });
    const limited = await failure(chargebee.customer.list({ limit: 1 }));
    expect(limited).toMatchObject({ http_status_code: 429, api_error_code: 'api_request_limit_exceeded' });
    const retryAfter = Number((limited.headers as Record<string, string>)['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  test('injected faults: errorRate 1 gives 500 internal_error, a dropped connection fails the call', async () => {
    await admin(sandbox, 'faults', { errorRate: 1 });
    const broken = await failure(chargebee.customer.list());
    expect(broken).toMatchObject({ http_status_code: 500, api_error_code: 'internal_error' });
    await admin(sandbox, 'faults', { errorRate: 0, dropRate: 1 });
    const dropped = await failure(chargebee.customer.list());
    expect(String(dropped.message)).toContain('fetch failed');
    await admin(sandbox, 'faults', { dropRate: 0 });
    expect((await chargebee.customer.list()).list).toEqual([]);
  });

  test('reset empties the site', async () => {
    await chargebee.customer.create({ id: 'pogo-c-30' });
    expect((await admin(sandbox, 'reset')).status).toBe(200);
    expect((await chargebee.customer.list()).list).toEqual([]);
    expect((await chargebee.event.list()).list).toEqual([]);
    await chargebee.customer.create({ id: 'pogo-c-30' });
  });
});

test('a restart keeps the data', async () => {
  const { sandbox: before, chargebee: first } = await sandboxes.start('restart');
  const created = (await first.customer.create({ id: 'pogo-c-40', company: 'Varig AS', cf_org_number: '923609016' }))
    .customer;
  await first.itemFamily.create({ id: 'products', name: 'Products' });
  await first.item.create({ id: 'pogo-p-40', name: 'Tau', type: 'charge', item_family_id: 'products' });
  await sandboxes.stop(before);

  const { sandbox: after, chargebee: second } = await sandboxes.start('restart');
  try {
    expect((await second.customer.retrieve('pogo-c-40')).customer).toEqual(created);
    expect((await second.customer.list({ cf_org_number: { is: '923609016' } })).list).toHaveLength(1);
    expect((await second.item.list()).list.map((entry) => entry.item.id)).toEqual(['pogo-p-40']);
    const updated = (await second.customer.update('pogo-c-40', { company: 'Varig Holding AS' })).customer;
    expect(updated.resource_version).toBeGreaterThan(created.resource_version ?? 0);
    expect((await second.event.list({ limit: 100 })).list).toHaveLength(4);
  } finally {
    await sandboxes.stop(after);
  }
});

test('faults set at start-up apply from the first request', async () => {
  const { sandbox: faulty, chargebee: faultyClient } = await sandboxes.start('faulty', { faults: { errorRate: 1 } });
  try {
    expect(await failure(faultyClient.customer.list())).toMatchObject({ http_status_code: 500 });
  } finally {
    await sandboxes.stop(faulty);
  }
});
