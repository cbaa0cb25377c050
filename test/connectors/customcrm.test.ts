/**
 * The Custom CRM connector against the reference sandbox: idempotent create through preferredId, contacts under
 * their customer, PATCH of the changed fields only, look-ups by merge key, typed errors, the rate limit, the
 * configuration and plug-in, and webhook signature checks.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  createCustomCrmConnector,
  customCrmConfigFromEnv,
  customCrmConnectorPlugin,
  CUSTOMCRM_ENVIRONMENT_VARIABLES,
  verifyCustomCrmWebhook,
  type CustomCrmConfigInput,
  type CustomCrmConnector,
} from '../../connectors/customcrm';
import {
  AuthError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  UnsupportedError,
  ValidationError,
} from '../../connectors/errors';
import { startCustomCrmSandbox, type CustomCrmSandbox, type CustomCrmSandboxOptions } from '../../sandboxes/customcrm';

describe('Custom CRM connector', () => {
  let dir: string;
  let sandbox: CustomCrmSandbox;

  const start = async (options: Partial<CustomCrmSandboxOptions> = {}): Promise<void> => {
    sandbox = await startCustomCrmSandbox({
      port: 0,
      dataFile: path.join(dir, `crm-${Math.random().toString(36).slice(2)}.sqlite`),
      rateLimitPerMinute: 100_000,
      ...options,
    });
  };
  const connect = (overrides: Partial<CustomCrmConfigInput> = {}): CustomCrmConnector =>
    createCustomCrmConnector({
      ...(customCrmConnectorPlugin.configFromSandbox(sandbox) as CustomCrmConfigInput),
      requestsPerMinute: 100_000,
      ...overrides,
    });
  const routes = (): Record<string, number> => sandbox.http.stats().byRoute;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-customcrm-connector-'));
    await start();
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a create writes preferredId as externalId, so a retried create answers the same record', async () => {
    const connector = connect();
    const data = { name: 'Vik AS', orgNumber: '923456783' };
    const created = await connector.create('customers', data, { preferredId: 'po-customer-42', idempotencyKey: 'k1' });
    expect(created.data).toMatchObject({ externalId: 'po-customer-42', name: 'Vik AS' });
    // Another worker retries after the first attempt's answer was lost: one POST, the same record, no duplicate.
    const retried = await connect().create('customers', data, { preferredId: 'po-customer-42', idempotencyKey: 'k1' });
    expect(retried.id).toBe(created.id);
    expect(routes()['POST /customers']).toBe(2);
    expect(sandbox.repository.count('customers')).toBe(1);
    await expect(
      connector.create('customers', { ...data, externalId: 'other' }, { preferredId: 'po-1', idempotencyKey: 'k2' }),
    ).rejects.toMatchObject({ field: 'externalId' });
  });

  test('a retried create of a record deleted since is a conflict, not a silent link to a tombstone', async () => {
    const connector = connect();
    const created = await connector.create(
      'products',
      { code: 'P1', name: 'Widget' },
      { preferredId: 'p-1', idempotencyKey: 'k' },
    );
    sandbox.repository.remove('products', created.id);
    await expect(
      connector.create('products', { code: 'P1', name: 'Widget' }, { preferredId: 'p-1', idempotencyKey: 'k' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  test('contacts are created under options.parentId and read with their customer as parent', async () => {
    const connector = connect();
    const customer = await connector.create('customers', { name: 'Vik AS' }, { idempotencyKey: 'k1' });
    const contact = await connector.create(
      'contacts',
      { firstName: 'Kari', lastName: 'Vik', email: 'kari@vik.no' },
      { idempotencyKey: 'k2', parentId: customer.id, preferredId: 'po-contact-7' },
    );
    expect(contact).toMatchObject({ parentId: customer.id, data: { customerId: customer.id } });
    expect(await connector.get('contacts', contact.id)).toMatchObject({ parentId: customer.id });
    await expect(
      connector.create('customers', { name: 'x' }, { idempotencyKey: 'k3', parentId: customer.id }),
    ).rejects.toMatchObject({ field: 'parentId' });
  });

  test('orders are created and read with their lines inside', async () => {
    const connector = connect();
    const customer = await connector.create('customers', { name: 'Vik AS' }, { idempotencyKey: 'k1' });
    const product = await connector.create(
      'products',
      { code: 'P1', name: 'Widget', price: '99.5', currency: 'NOK' },
      { idempotencyKey: 'k2' },
    );
    const order = await connector.create(
      'orders',
      {
        customerId: customer.id,
        orderDate: '2025-03-01',
        currency: 'NOK',
        status: 'confirmed',
        lines: [{ productId: product.id, quantity: '3', unitPrice: '99.5' }],
      },
      { idempotencyKey: 'k3', preferredId: 'po-order-1' },
    );
    expect(order.data['lines']).toEqual([
      { productId: product.id, description: null, quantity: '3', unitPrice: '99.5' },
    ]);
    const updated = await connector.update(
      'orders',
      order.id,
      { lines: [{ productId: product.id, quantity: '4', unitPrice: '99.5' }], status: 'confirmed' },
      { previous: order.data },
    );
    expect(updated.data['lines']).toEqual([
      { productId: product.id, description: null, quantity: '4', unitPrice: '99.5' },
    ]);
  });

  test('an update sends only what changed, as a merge patch; nothing changed is no request', async () => {
    const connector = connect();
    const customer = await connector.create(
      'customers',
      { name: 'Vik AS', city: 'Oslo', phone: '1' },
      { idempotencyKey: 'k' },
    );
    // Someone edits the phone in the CRM after linkflow read the record.
    sandbox.repository.patch('customers', customer.id, { phone: '2' });
    const updated = await connector.update(
      'customers',
      customer.id,
      { name: 'Vik AS', city: 'Bergen', phone: '1' },
      {
        previous: customer.data,
      },
    );
    // The phone was not in the patch (it had not changed on linkflow's side), so the CRM's edit stands.
    expect(updated.data).toMatchObject({ city: 'Bergen', phone: '2' });
    expect(updated.version).toBeGreaterThan(customer.version);
    const before = connector.stats().requests;
    const same = await connector.update('customers', customer.id, { city: 'Bergen' }, { previous: updated.data });
    expect(same.id).toBe(customer.id);
    expect(connector.stats().requests).toBe(before);
    const cleared = await connector.update('customers', customer.id, { phone: null }, { previous: updated.data });
    expect(cleared.data['phone']).toBeNull();
  });

  test('findByKey uses the filters, normalised as the contract says, and returns live records only', async () => {
    const connector = connect();
    const vik = sandbox.repository.create('customers', { name: 'Vik AS', orgNumber: '923456783' }).record;
    const gone = sandbox.repository.create('customers', { name: 'Vik Old AS', orgNumber: '923 456 783' }).record;
    sandbox.repository.remove('customers', gone.id);
    sandbox.repository.create('customers', { name: 'Other AS', orgNumber: '987654325' });
    const byOrg = await connector.findByKey('customers', { field: 'orgNumber', value: '923 456 783' });
    expect(byOrg.map((record) => record.id)).toEqual([vik.id]);
    const contact = sandbox.repository.create('contacts', {
      lastName: 'Vik',
      email: 'Kari.Vik@Vik.no',
      customerId: vik.id,
    });
    const byEmail = await connector.findByKey('contacts', { field: 'email', value: ' kari.vik@vik.NO' });
    expect(byEmail.map((record) => record.id)).toEqual([contact.record.id]);
    sandbox.repository.create('products', { code: 'P-1', name: 'Widget' });
    expect(await connector.findByKey('products', { field: 'code', value: 'P-1' })).toHaveLength(1);
    expect(await connector.findByKey('products', { field: 'code', value: 'p-1' })).toHaveLength(0);
    expect(await connector.findByKey('customers', { field: 'externalId', value: 'nothing' })).toEqual([]);
    expect(connector.stats().requests).toBe(5); // one filtered list request per look-up
    await expect(connector.findByKey('customers', { field: 'name', value: 'Vik AS' })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  test('errors are typed: validation with the field, not found, conflict, auth, server', async () => {
    const connector = connect();
    const customer = await connector.create('customers', { name: 'Vik AS' }, { idempotencyKey: 'k' });
    const refused = connector.create(
      'orders',
      {
        customerId: customer.id,
        orderDate: '2025-03-01',
        currency: 'NOK',
        lines: [{ productId: 'prd_404', quantity: '1', unitPrice: '1' }],
      },
      { idempotencyKey: 'k2' },
    );
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ status: 422, field: 'lines.0.productId', code: 'validation-failed' });
    // Caught before a request is sent: a field the contract does not have.
    const requests = connector.stats().requests;
    await expect(
      connector.create('customers', { name: 'x', colour: 'red' }, { idempotencyKey: 'k3' }),
    ).rejects.toMatchObject({
      field: 'colour',
    });
    await expect(connector.update('customers', customer.id, { id: 'mine' })).rejects.toMatchObject({ field: 'id' });
    expect(connector.stats().requests).toBe(requests);
    expect(await connector.get('customers', 'cus_0000009999')).toBeNull();
    await expect(connector.update('customers', 'cus_0000009999', { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    sandbox.repository.remove('customers', customer.id);
    await expect(connector.update('customers', customer.id, { name: 'x' })).rejects.toBeInstanceOf(ConflictError);
    await expect(connect({ apiKey: 'wrong-key' }).get('customers', customer.id)).rejects.toBeInstanceOf(AuthError);
    sandbox.http.setFaults({ errorRate: 1 });
    await expect(connector.get('customers', customer.id)).rejects.toBeInstanceOf(TransientError);
    sandbox.http.setFaults({ errorRate: 0 });
  });

  test('a 429 pauses the client for Retry-After and is retried; past the retries it is a RateLimitedError', async () => {
    await sandbox.close();
    await start({ rateLimitPerMinute: 2, rateLimitWindowMs: 1000 });
    const patient = connect();
    for (let i = 0; i < 3; i += 1) expect(await patient.get('customers', 'cus_0000000001')).toBeNull();
    expect(patient.stats().rateLimited).toBe(1);
    // A fresh window for the second client.
    await fetch(`${sandbox.baseUrl}/__sandbox/reset`, { method: 'POST' });
    const impatient = connect({ rateLimitRetries: 0 });
    await impatient.get('customers', 'cus_0000000001');
    await impatient.get('customers', 'cus_0000000001');
    const error: unknown = await impatient.get('customers', 'cus_0000000001').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1000);
  });

  test('the plug-in reads the sandbox and the environment', () => {
    const config = customCrmConnectorPlugin.configFromSandbox(sandbox);
    expect(config).toMatchObject({ baseUrl: sandbox.baseUrl, apiKey: sandbox.credentials['apiKey'], pageSize: 500 });
    expect(customCrmConnectorPlugin.requestsPerMinute(config)).toBe(100_000);
    expect(customCrmConnectorPlugin.describe(config)).not.toContain(String(sandbox.credentials['apiKey']));
    expect(CUSTOMCRM_ENVIRONMENT_VARIABLES).toEqual(
      expect.arrayContaining(['CUSTOMCRM_BASE_URL', 'CUSTOMCRM_API_KEY', 'CUSTOMCRM_WEBHOOK_SECRET']),
    );
    expect(customCrmConfigFromEnv({})).toBeNull();
    expect(() => customCrmConfigFromEnv({ CUSTOMCRM_BASE_URL: 'https://crm.example.com/v1' })).toThrow(
      /CUSTOMCRM_API_KEY is not set/,
    );
    expect(
      customCrmConfigFromEnv({
        CUSTOMCRM_BASE_URL: 'https://crm.example.com/v1',
        CUSTOMCRM_API_KEY: 'k',
        CUSTOMCRM_PAGE_SIZE: '50',
      }),
    ).toMatchObject({ pageSize: 50, requestsPerMinute: 300 });
    expect(customCrmConnectorPlugin.system).toBe('customcrm');
    expect(customCrmConnectorPlugin.title).toBe('Custom CRM');
  });

  test('verifies the signature of the webhook notices the sandbox sends, and refuses tampered or stale ones', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      sandbox.webhooks.configure(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`);
      const created = sandbox.repository.create('products', { code: 'P1', name: 'Widget' }).record;
      await sandbox.webhooks.idle();
      const delivery = received[0];
      if (!delivery) throw new Error('no delivery');
      const secret = sandbox.credentials['webhookSecret'] ?? '';
      const check = { secret, headers: delivery.headers, rawBody: delivery.body };
      expect(verifyCustomCrmWebhook(check)).toEqual({
        ok: true,
        event: { resource: 'products', id: created.id, updatedAt: created.updatedAt },
      });
      expect(verifyCustomCrmWebhook({ ...check, rawBody: delivery.body.replace('products', 'orders') })).toMatchObject({
        ok: false,
      });
      expect(verifyCustomCrmWebhook({ ...check, secret: 'another-secret' })).toMatchObject({ ok: false });
      expect(verifyCustomCrmWebhook({ ...check, now: Date.now() + 600_000 })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/away from now/),
      });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
