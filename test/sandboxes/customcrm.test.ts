/**
 * The Custom CRM sandbox (linkflow's reference implementation of the contract) over HTTP: authentication,
 * the change feed (order, exclusive updatedSince, ties, cursors), idempotent create, merge patch, tombstones,
 * problems, the rate limit, webhooks, the seed and the plug-in.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Contact, Customer, CustomerPage, Order, Problem, WebhookEvent } from '../../generated/customcrm';
import {
  customCrmSandboxPlugin,
  startCustomCrmSandbox,
  type CustomCrmSandbox,
  type CustomCrmSandboxOptions,
} from '../../sandboxes/customcrm';
import { generateCompany } from '../../sandboxes/seeder';

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

class Client {
  constructor(
    readonly sandbox: CustomCrmSandbox,
    private readonly key: string | null = sandbox.credentials['apiKey'] ?? null,
  ) {}

  async call(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.key !== null) headers['authorization'] = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.sandbox.baseUrl}${url}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Every record of a listing, page by page. */
  async all(url: string, from: string | null = null): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    let cursor: string | null = from;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await this.call('GET', `${url}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`);
      const parsed = CustomerPage.pick({ nextCursor: true }).parse(page.body);
      ids.push(...(page.body as { items: Array<{ id: string }> }).items.map((item) => item.id));
      cursor = parsed.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { ids, pages };
  }
}

describe('Custom CRM sandbox', () => {
  let dir: string;
  let sandbox: CustomCrmSandbox;
  let client: Client;
  let now = Date.parse('2025-03-01T09:00:00.000Z');

  const start = async (options: Partial<CustomCrmSandboxOptions> = {}): Promise<void> => {
    sandbox = await startCustomCrmSandbox({
      port: 0,
      dataFile: path.join(dir, `crm-${Math.random().toString(36).slice(2)}.sqlite`),
      rateLimitPerMinute: 100_000,
      now: () => now,
      ...options,
    });
    client = new Client(sandbox);
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-customcrm-'));
    now = Date.parse('2025-03-01T09:00:00.000Z');
    await start();
  });
  afterEach(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses a missing or wrong API key with 401 and a problem', async () => {
    for (const key of [null, 'not-the-key']) {
      const answer = await new Client(sandbox, key).call('GET', '/customers');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(Problem.parse(answer.body).type).toBe('urn:linkflow:customcrm:problem:unauthorized');
    }
    expect((await client.call('GET', '/customers')).status).toBe(200);
  });

  test('lists in (updatedAt, id) order; records sharing an instant are split across pages without loss', async () => {
    // Five customers at one instant, two later: with two a page, the tie spans three pages.
    for (let i = 1; i <= 5; i += 1) await client.call('POST', '/customers', { name: `Same instant ${i}` });
    now += 5;
    const later = await client.call('POST', '/customers', { name: 'Later' });
    now += 5;
    await client.call('PATCH', '/customers/cus_0000000002', { phone: '+47 1' });
    const { ids, pages } = await client.all('/customers?limit=2');
    expect(ids).toEqual([
      'cus_0000000001',
      'cus_0000000003',
      'cus_0000000004',
      'cus_0000000005',
      Customer.parse(later.body).id,
      'cus_0000000002',
    ]);
    expect(pages).toBe(3);
  });

  test('updatedSince is exclusive and accepts offsets and extra fraction digits', async () => {
    const a = Customer.parse((await client.call('POST', '/customers', { name: 'A' })).body);
    now += 1;
    const b = Customer.parse((await client.call('POST', '/customers', { name: 'B' })).body);
    const since = async (value: string) =>
      (await client.all(`/customers?updatedSince=${encodeURIComponent(value)}`)).ids;
    expect(await since(a.updatedAt)).toEqual([b.id]);
    expect(await since('2025-03-01T08:59:59.999Z')).toEqual([a.id, b.id]);
    expect(await since('2025-03-01T10:00:00.0004999+01:00')).toEqual([b.id]);
    const bad = await client.call('GET', '/customers?updatedSince=yesterday');
    expect(bad.status).toBe(400);
    expect(Problem.parse(bad.body).errors).toEqual([{ parameter: 'updatedSince', detail: expect.any(String) }]);
  });

  test('a record changed while a client pages moves behind the cursor and shows up once more', async () => {
    for (let i = 1; i <= 4; i += 1) {
      await client.call('POST', '/customers', { name: `C${i}` });
      now += 1;
    }
    const first = (await client.call('GET', '/customers?limit=2')).body as { items: Customer[]; nextCursor: string };
    await client.call('PATCH', `/customers/${first.items[0]?.id ?? ''}`, { city: 'Oslo' });
    const rest = await client.all('/customers?limit=2', first.nextCursor);
    expect(rest.ids).toEqual(['cus_0000000003', 'cus_0000000004', 'cus_0000000001']);
  });

  test('a cursor is refused with other filters, unknown parameters too', async () => {
    for (let i = 1; i <= 3; i += 1) await client.call('POST', '/customers', { name: `C${i}`, orgNumber: '923456783' });
    const page = (await client.call('GET', '/customers?limit=1&orgNumber=923456783')).body as { nextCursor: string };
    const same = await client.call('GET', `/customers?limit=1&orgNumber=923%20456%20783&cursor=${page.nextCursor}`);
    expect(same.status).toBe(200);
    const other = await client.call('GET', `/customers?limit=1&cursor=${page.nextCursor}`);
    expect(other.status).toBe(400);
    expect(Problem.parse(other.body).errors?.[0]?.parameter).toBe('cursor');
    const unknown = await client.call('GET', '/customers?org_number=923456783');
    expect(Problem.parse(unknown.body).errors?.[0]?.parameter).toBe('org_number');
  });

  test('create with an existing externalId answers 200 with the record unchanged; a new one 201 + Location', async () => {
    const created = await client.call('POST', '/customers', { name: 'Vik AS', externalId: 'lf-1' });
    expect(created.status).toBe(201);
    const record = Customer.parse(created.body);
    expect(created.headers.get('location')).toBe(`/customers/${record.id}`);
    const again = await client.call('POST', '/customers', { name: 'Another name', externalId: 'lf-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(record);
    const found = await client.call('GET', '/customers?externalId=lf-1');
    expect((found.body as { items: unknown[] }).items).toEqual([record]);
    expect((await client.call('GET', '/customers?externalId=LF-1')).body).toEqual({ items: [], nextCursor: null });
  });

  test('PATCH is a merge patch: only the given fields change, null clears, a no-op keeps updatedAt', async () => {
    const record = Customer.parse(
      (await client.call('POST', '/customers', { name: 'Vik AS', email: 'post@vik.no', fax: '1', city: 'Oslo' })).body,
    );
    now += 10;
    const patched = await client.call(
      'PATCH',
      `/customers/${record.id}`,
      { city: 'Bergen', fax: null },
      'application/merge-patch+json',
    );
    expect(patched.status).toBe(200);
    const after = Customer.parse(patched.body);
    expect(after).toMatchObject({ name: 'Vik AS', email: 'post@vik.no', fax: null, city: 'Bergen' });
    expect(Date.parse(after.updatedAt)).toBe(Date.parse(record.updatedAt) + 10);
    now += 10;
    const same = Customer.parse((await client.call('PATCH', `/customers/${record.id}`, { city: 'Bergen' })).body);
    expect(same.updatedAt).toBe(after.updatedAt);
    // The clock did not move: the change still gets a later updatedAt.
    const bumped = Customer.parse((await client.call('PATCH', `/customers/${record.id}`, { city: 'Molde' })).body);
    const again = Customer.parse((await client.call('PATCH', `/customers/${record.id}`, { city: 'Hamar' })).body);
    expect(Date.parse(again.updatedAt)).toBe(Date.parse(bumped.updatedAt) + 1);
    const order = await client.call('PATCH', `/customers/${record.id}`, { name: null });
    expect(Problem.parse(order.body).errors).toEqual([{ pointer: '/name', detail: 'name cannot be null' }]);
  });

  test('validation problems point at each field; references must name live records', async () => {
    const customer = Customer.parse((await client.call('POST', '/customers', { name: 'Vik AS' })).body);
    const bad = await client.call('POST', '/orders', {
      customerId: customer.id,
      orderDate: '1 March',
      currency: 'NOK',
      lines: [
        { productId: 'prd_404', quantity: '1', unitPrice: '10' },
        { productId: 'x', quantity: 2, unitPrice: '1' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const pointers = Problem.parse(bad.body).errors?.map((error) => error.pointer);
    expect(pointers).toEqual(['/orderDate', '/lines/1/quantity']);
    const missing = await client.call('POST', '/orders', {
      customerId: customer.id,
      orderDate: '2025-03-01',
      currency: 'NOK',
      lines: [{ productId: 'prd_404', quantity: '1', unitPrice: '10' }],
    });
    expect(Problem.parse(missing.body).errors).toEqual([
      { pointer: '/lines/0/productId', detail: 'products/prd_404 does not exist' },
    ]);
    const contact = await client.call('POST', '/contacts', { email: 'x@y.no', id: 'mine' });
    expect(Problem.parse(contact.body).errors).toEqual([{ pointer: '/id', detail: 'id is read-only' }]);
    const noName = await client.call('POST', '/contacts', { email: 'x@y.no' });
    expect(Problem.parse(noName.body).errors?.[0]?.pointer).toBe('/lastName');
    expect((await client.call('POST', '/customers', '{not json')).status).toBe(400);
    const text = await client.call('POST', '/customers', 'name=x', 'text/plain');
    expect(text.status).toBe(415);
    expect(Problem.parse(text.body).type).toBe('urn:linkflow:customcrm:problem:unsupported-media-type');
  });

  test('normalises org numbers, e-mail addresses, codes and empty strings on write and in filters', async () => {
    const customer = Customer.parse(
      (await client.call('POST', '/customers', { name: 'Vik AS', orgNumber: ' 923 456 783 ', website: '' })).body,
    );
    expect(customer).toMatchObject({ orgNumber: '923456783', website: null });
    const byOrg = await client.call('GET', '/customers?orgNumber=923%20456783');
    expect((byOrg.body as { items: Customer[] }).items.map((item) => item.id)).toEqual([customer.id]);
    const contact = Contact.parse(
      (await client.call('POST', '/contacts', { lastName: 'Vik', email: ' Kari.Vik@Vik.NO ', customerId: customer.id }))
        .body,
    );
    expect(contact.email).toBe('Kari.Vik@Vik.NO');
    const byEmail = await client.call('GET', '/contacts?email=kari.vik%40vik.no');
    expect((byEmail.body as { items: Contact[] }).items.map((item) => item.id)).toEqual([contact.id]);
    await client.call('POST', '/products', { code: ' P-1 ', name: 'Widget', price: '10.50', currency: 'NOK' });
    expect(((await client.call('GET', '/products?code=P-1')).body as { items: unknown[] }).items).toHaveLength(1);
    expect(((await client.call('GET', '/products?code=p-1')).body as { items: unknown[] }).items).toHaveLength(0);
    const taken = await client.call('POST', '/products', { code: 'P-1', name: 'Other' });
    expect(taken.status).toBe(409);
    expect(Problem.parse(taken.body).errors?.[0]?.pointer).toBe('/code');
    const noCurrency = await client.call('POST', '/products', { code: 'P-2', name: 'Other', price: '1' });
    expect(Problem.parse(noCurrency.body).errors?.[0]?.pointer).toBe('/currency');
  });

  test('deleting leaves a tombstone that stays in the feed, answers GET and refuses PATCH', async () => {
    const customer = Customer.parse(
      (await client.call('POST', '/customers', { name: 'Vik AS', externalId: 'lf-9' })).body,
    );
    now += 3;
    expect((await client.call('DELETE', `/customers/${customer.id}`)).status).toBe(204);
    const tombstone = Customer.parse((await client.call('GET', `/customers/${customer.id}`)).body);
    expect(tombstone).toMatchObject({ deleted: true, name: 'Vik AS' });
    expect(Date.parse(tombstone.updatedAt)).toBeGreaterThan(Date.parse(customer.updatedAt));
    const feed = await client.call('GET', `/customers?updatedSince=${customer.updatedAt}`);
    expect((feed.body as { items: Customer[] }).items).toEqual([tombstone]);
    expect((await client.call('PATCH', `/customers/${customer.id}`, { name: 'x' })).status).toBe(409);
    const again = await client.call('POST', '/customers', { name: 'Vik AS', externalId: 'lf-9' });
    expect(again.status).toBe(200);
    expect(Customer.parse(again.body).deleted).toBe(true);
  });

  test('orders keep their lines; a PATCH of lines replaces them all', async () => {
    const customer = Customer.parse((await client.call('POST', '/customers', { name: 'Vik AS' })).body);
    const product = (await client.call('POST', '/products', { code: 'P1', name: 'Widget' })).body as { id: string };
    const created = Order.parse(
      (
        await client.call('POST', '/orders', {
          customerId: customer.id,
          orderDate: '2025-03-01',
          currency: 'NOK',
          lines: [
            { productId: product.id, quantity: '2', unitPrice: '100.00' },
            { productId: product.id, quantity: '0.5', unitPrice: '100.00', description: 'half' },
          ],
        })
      ).body,
    );
    expect(created.status).toBe('draft');
    expect(created.lines).toEqual([
      { productId: product.id, description: null, quantity: '2', unitPrice: '100.00' },
      { productId: product.id, description: 'half', quantity: '0.5', unitPrice: '100.00' },
    ]);
    const patched = Order.parse(
      (
        await client.call('PATCH', `/orders/${created.id}`, {
          status: 'confirmed',
          lines: [{ productId: product.id, quantity: '3', unitPrice: '90' }],
        })
      ).body,
    );
    expect(patched.lines).toEqual([{ productId: product.id, description: null, quantity: '3', unitPrice: '90' }]);
    expect(patched.status).toBe('confirmed');
  });

  test('answers 429 with Retry-After and a problem over its limit', async () => {
    await sandbox.close();
    await start({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) expect((await client.call('GET', '/customers')).status).toBe(200);
    const refused = await client.call('GET', '/customers');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Problem.parse(refused.body).type).toBe('urn:linkflow:customcrm:problem:rate-limited');
  });

  test('sends a signed webhook notice for every change to the URL set through the admin API', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const receiver = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/customcrm`;
      const set = await fetch(`${sandbox.baseUrl}/__sandbox/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      expect(set.status).toBe(200);
      const customer = Customer.parse((await client.call('POST', '/customers', { name: 'Vik AS' })).body);
      await sandbox.webhooks.idle();
      // The first delivery failed (500) and was retried.
      expect(received).toHaveLength(2);
      const delivery = received[1];
      const timestamp = String(delivery?.headers['webhook-timestamp']);
      const expected = createHmac('sha256', sandbox.credentials['webhookSecret'] ?? '')
        .update(`${timestamp}.${delivery?.body ?? ''}`)
        .digest('hex');
      expect(delivery?.headers['webhook-signature']).toBe(`v1=${expected}`);
      expect(WebhookEvent.parse(JSON.parse(delivery?.body ?? '{}'))).toEqual({
        resource: 'customers',
        id: customer.id,
        updatedAt: customer.updatedAt,
      });
      expect(sandbox.webhooks.deliveries()).toEqual([expect.objectContaining({ attempts: 2, delivered: true })]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('the plug-in seeds a CRM company that overlaps the PowerOffice one by org number, e-mail and code', async () => {
    await sandbox.close();
    const started = await customCrmSandboxPlugin.start({
      port: 0,
      dataFile: path.join(dir, 'plugin.sqlite'),
      own: { clockResolutionMs: 1000, deviations: [] },
    });
    sandbox = started as CustomCrmSandbox;
    client = new Client(sandbox);
    const company = generateCompany();
    expect(customCrmSandboxPlugin.seed(sandbox, company)).toEqual({
      customers: 8,
      contacts: 9,
      products: 7,
      orders: 3,
    });
    const orgNumbers = new Set(company.customers.map((customer) => customer.post['OrganizationNumber']));
    const customers = (await client.call('GET', '/customers?limit=500')).body as { items: Customer[] };
    expect(customers.items.filter((customer) => orgNumbers.has(customer.orgNumber))).toHaveLength(6);
    const emails = new Set(
      company.customers.flatMap((customer) => customer.contactPersons.map((person) => String(person['EmailAddress']))),
    );
    const contacts = (await client.call('GET', '/contacts?limit=500')).body as { items: Contact[] };
    expect(contacts.items.filter((contact) => emails.has(contact.email?.toLowerCase() ?? ''))).toHaveLength(6);
    const codes = new Set(company.products.map((product) => product['Code']));
    const products = (await client.call('GET', '/products')).body as { items: Array<{ code: string }> };
    expect(products.items.filter((product) => codes.has(product.code))).toHaveLength(5);
    expect(customCrmSandboxPlugin.describe(sandbox).join('\n')).toMatch(/Bearer/);
    expect(sandbox.settings).toMatchObject({ clockResolutionMs: 1000, rateLimitPerMinute: 300 });
  });
});
