import { AuthError, RateLimitedError } from '../../connectors/errors';
import { createRecord } from '../../sandboxes/poweroffice-go';
import { initialCursor } from '../../connectors/connector';
import { readAll, startSandboxWithConnector, type SandboxContext } from './poweroffice-go-helpers';

describe('PowerOffice GO transport against the sandbox', () => {
  let ctx: SandboxContext;
  beforeAll(async () => {
    ctx = await startSandboxWithConnector({ tokenTtlSeconds: 1 });
  });
  afterAll(async () => ctx.close());

  test('pages with PageNumber/PageSize until a short page, and a 204 ends an exact multiple', async () => {
    for (let i = 1; i <= 6; i += 1) createRecord(ctx.sandbox.store, 'Customers', { Name: `Paged ${i}` });
    const connector = ctx.connect({ pageSize: 3 });
    // A scan (no server filter for e-mail) pages through the whole list: 3 + 3 + an empty page.
    expect(await connector.findByKey('Customers', { field: 'EmailAddress', value: 'nobody@example.com' })).toEqual([]);
    expect(connector.stats().requests).toBe(3);
    createRecord(ctx.sandbox.store, 'Customers', { Name: 'Paged 7', EmailAddress: 'Seven@Example.com' });
    const found = await connector.findByKey('Customers', { field: 'EmailAddress', value: 'seven@example.com' });
    expect(found.map((snapshot) => snapshot.data['Name'])).toEqual(['Paged 7']);
    expect(connector.stats().requests).toBe(6); // 3 + 3 + 1
    const changes = await readAll(connector.readChanges('Customers', initialCursor(), { pageSize: 3 }));
    expect(changes.flatMap((page) => page.records.map((record) => record.data['Name']))).toEqual([
      'Paged 1',
      'Paged 2',
      'Paged 3',
      'Paged 4',
      'Paged 5',
      'Paged 6',
      'Paged 7',
    ]);
  });

  test('an empty list (204) yields no pages and no records', async () => {
    const pages = await readAll(ctx.connector.readChanges('Departments', initialCursor()));
    expect(pages).toEqual([]);
    expect(await ctx.connector.findByKey('Products', { field: 'Name', value: 'Nothing' })).toEqual([]);
  });

  test('renews the token before it expires (ttl 1 s) and after a 401', async () => {
    const connector = ctx.connect();
    expect(await connector.get('Customers', '999999')).toBeNull();
    expect(connector.stats().tokenRequests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await connector.get('Customers', '999999')).toBeNull();
    expect(connector.stats().tokenRequests).toBe(2);

    // A token the server forgot (reset wipes tokens) answers 401: the connector renews once and retries.
    const longLived = ctx.connect();
    await longLived.get('Customers', '999999');
    const before = longLived.stats();
    await fetch(`${ctx.sandbox.baseUrl.replace(/\/v2$/, '')}/__sandbox/reset`, { method: 'POST' });
    expect(await longLived.get('Customers', '999999')).toBeNull();
    const after = longLived.stats();
    expect(after.requests - before.requests).toBe(2); // the 401 and the retry
    expect(after.tokenRequests - before.tokenRequests).toBe(1);
  });

  test('wrong keys give an AuthError with the OAuth message; a wrong subscription key too', async () => {
    const wrongClient = ctx.connect({ clientKey: 'not-the-client-key' });
    const error = await wrongClient.get('Customers', '1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('invalid_client');
    expect((error as AuthError).message).toContain('Client integration not found');
    const wrongSubscription = ctx.connect({ subscriptionKey: 'wrong' });
    await expect(wrongSubscription.get('Customers', '1')).rejects.toBeInstanceOf(AuthError);
  });
});

describe('PowerOffice GO 429 handling', () => {
  let ctx: SandboxContext;
  beforeAll(async () => {
    // The sandbox allows 3 requests/s; the connector's own limiter is set far higher so 429s happen.
    ctx = await startSandboxWithConnector({ faults: { rateLimit: 3 } });
  });
  afterAll(async () => ctx.close());

  test('without retries a 429 surfaces as RateLimitedError with the wait the API asked for', async () => {
    const connector = ctx.connect({ rateLimitRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => connector.get('Customers', '424242')));
    const limited = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(limited.length).toBeGreaterThan(0);
    for (const error of limited) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryable).toBe(true);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    }
  });

  test('by default the transport waits as asked and retries once, so a burst succeeds', async () => {
    const connector = ctx.connect();
    const started = Date.now();
    const results: unknown[] = [];
    for (let i = 0; i < 5; i += 1) results.push(await connector.get('Customers', '424242'));
    expect(results).toEqual([null, null, null, null, null]);
    expect(connector.stats().rateLimited).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
