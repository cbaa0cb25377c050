import { AuthError, RateLimitedError, TransientError } from '../../connectors/errors';
import { type SandboxedChargebee, rejectionOf, startSandboxedChargebee } from './chargebee-helpers';

describe('Chargebee site check', () => {
  let legacy: SandboxedChargebee;
  let current: SandboxedChargebee;
  beforeAll(async () => {
    legacy = await startSandboxedChargebee({ legacyOrders: true, customFields: ['cf_org_number'] });
    current = await startSandboxedChargebee({ legacyOrders: false, customFields: [] });
  });
  afterAll(async () => {
    await legacy.close();
    await current.close();
  });

  test('a legacy site with cf_org_number', async () => {
    const check = await legacy.connector.checkSite();
    expect(check).toMatchObject({ orgNumberField: true, legacyOrders: true });
    expect(check.messages.join('\n')).toMatch(/defines the customer custom field cf_org_number/);
    expect(check.messages.join('\n')).toMatch(/accepts legacy order creation/);
  });

  test('a current site without cf_org_number says so in plain words', async () => {
    const check = await current.connector.checkSite();
    expect(check).toMatchObject({ orgNumberField: false, legacyOrders: false });
    const site = current.connector.site;
    expect(check.messages).toContainEqual(
      expect.stringContaining(
        `Chargebee site ${site} has no customer custom field cf_org_number: organisations will link only by the ids linkflow gave them`,
      ),
    );
    expect(check.messages.join('\n')).toMatch(/creates orders only when an invoice is paid/);
  });

  test('an idle worker asks the site whether it makes orders itself, rather than assuming it may', async () => {
    // Fresh connectors, nothing waiting for the budget: a worker restarted on a settled sync.
    const legacyAfterRestart = await startSandboxedChargebee({ legacyOrders: true });
    const currentAfterRestart = await startSandboxedChargebee({ legacyOrders: false });
    try {
      expect(legacyAfterRestart.connector.waitingRequests?.()).toBe(0);
      expect(await legacyAfterRestart.connector.makesRecordsItself?.('order')).toBe(false);
      expect(await currentAfterRestart.connector.makesRecordsItself?.('order')).toBe(true);
      expect(await currentAfterRestart.connector.makesRecordsItself?.('customer')).toBe(false);
      // The probe is a request, refused: it wrote nothing.
      const stats = legacyAfterRestart.sandbox.http.stats();
      expect(stats.byRoute['POST /api/v2/orders']).toBe(1);
      expect(stats.written).toBe(0);
    } finally {
      await legacyAfterRestart.close();
      await currentAfterRestart.close();
    }
  });

  test('without cf_org_number, org numbers are neither searched nor written', async () => {
    expect(await current.connector.findByKey('customer', { field: 'cf_org_number', value: '912345678' })).toEqual([]);
    const created = await current.connector.create(
      'customer',
      { company: 'Fjord AS', cf_org_number: '912345678' },
      {
        preferredId: 'pogo-c-9',
        idempotencyKey: 'create-pogo-c-9',
      },
    );
    expect(created.data['company']).toBe('Fjord AS');
    expect(created.data['cf_org_number']).toBeUndefined();
  });
});

describe('Chargebee server faults', () => {
  let faulty: SandboxedChargebee;
  beforeAll(async () => {
    faulty = await startSandboxedChargebee();
  });
  afterAll(async () => faulty.close());

  test('a 5xx becomes a retryable TransientError naming the record', async () => {
    faulty.sandbox.http.setFaults({ errorRate: 1 });
    const error = await rejectionOf(faulty.connector.get('customer', 'pogo-c-1'));
    faulty.sandbox.http.setFaults({ errorRate: 0 });
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ status: 500, code: 'internal_error', retryable: true, record: 'customer pogo-c-1' });
    expect(await faulty.connector.get('customer', 'pogo-c-1')).toBeNull();
  });

  test('a wrong API key is an AuthError', async () => {
    const error = await rejectionOf(faulty.connectorWith({ apiKey: 'test_wrong' }).get('customer', 'pogo-c-1'));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, code: 'api_authentication_failed' });
  });
});

describe('Chargebee rate limit', () => {
  let limited: SandboxedChargebee;
  beforeAll(async () => {
    limited = await startSandboxedChargebee({ rateLimitPerMinute: 3 });
  });
  afterAll(async () => limited.close());

  test('a 429 becomes a RateLimitedError carrying Retry-After', async () => {
    // The client believes it may send 1,000/min; the site allows 3: the fourth request is refused.
    const connector = limited.connectorWith({ requestsPerMinute: 1000 });
    for (let attempt = 0; attempt < 3; attempt += 1) await connector.get('customer', 'nobody');
    const error = await rejectionOf(connector.get('customer', 'nobody'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, code: 'api_request_limit_exceeded', retryable: true });
    const retryAfterMs = (error as RateLimitedError).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});
