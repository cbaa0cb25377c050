import { createServer } from 'node:net';
import { chargebeeConfigFromEnv, chargebeeConfigSchema, createChargebeeConnector } from '../../connectors/chargebee';
import { minorToMajorDecimal } from '../../model/money';
import { TransientError, UnsupportedError } from '../../connectors/errors';

describe('Chargebee configuration from the environment', () => {
  test('reads site, key and sandbox settings, with the 150/min default budget', () => {
    const config = chargebeeConfigFromEnv({
      CHARGEBEE_SITE: 'acme-test',
      CHARGEBEE_API_KEY: 'test_key',
      CHARGEBEE_PROTOCOL: 'http',
      CHARGEBEE_HOST_SUFFIX: '.0.0.1',
      CHARGEBEE_PORT: '8123',
    });
    expect(config).toMatchObject({
      site: 'acme-test',
      apiKey: 'test_key',
      protocol: 'http',
      hostSuffix: '.0.0.1',
      port: 8123,
      requestsPerMinute: 150,
    });
  });

  test('a real site needs only site and key', () => {
    const config = chargebeeConfigFromEnv({
      CHARGEBEE_SITE: 'acme',
      CHARGEBEE_API_KEY: 'live_key',
      CHARGEBEE_REQUESTS_PER_MINUTE: '1000',
    });
    expect(config.protocol).toBe('https');
    expect(config.hostSuffix).toBeUndefined();
    expect(config.requestsPerMinute).toBe(1000);
  });

  test('names the missing or malformed variable', () => {
    expect(() => chargebeeConfigFromEnv({ CHARGEBEE_API_KEY: 'k' })).toThrow(/CHARGEBEE_SITE is not set/);
    expect(() =>
      chargebeeConfigFromEnv({ CHARGEBEE_SITE: 's', CHARGEBEE_API_KEY: 'k', CHARGEBEE_PORT: 'eighty' }),
    ).toThrow(/CHARGEBEE_PORT must be a whole number/);
  });

  test('the schema refuses a change overlap below one second (same-second edits would be skipped)', () => {
    expect(chargebeeConfigSchema.safeParse({ site: 's', apiKey: 'k', changeOverlapSeconds: 0 }).success).toBe(false);
  });
});

describe('Chargebee connector without a server', () => {
  test('business entities are declared unsupported, with the reason', async () => {
    const connector = createChargebeeConnector({ site: 'acme-test', apiKey: 'k' });
    const capabilities = connector.capabilities();
    expect(capabilities['business_entity']).toMatchObject({ read: false, create: false, update: false });
    expect(capabilities['business_entity']?.notes).toMatch(/cannot create, read or change business entities/);
    expect(capabilities['order']).toMatchObject({ create: true, update: false });
    expect(capabilities['order']?.notes).toMatch(/derived from the invoice/);
    await expect(connector.get('business_entity', 'be_1')).rejects.toBeInstanceOf(UnsupportedError);
    await expect(connector.update('order', 'so-1', { note: 'x' })).rejects.toBeInstanceOf(UnsupportedError);
  });

  test('a refused connection is a TransientError naming the operation and record', async () => {
    const port = await closedPort();
    const connector = createChargebeeConnector({
      site: '127',
      hostSuffix: '.0.0.1',
      protocol: 'http',
      port,
      apiKey: 'k',
    });
    const failure = await connector.get('customer', 'pogo-c-1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientError);
    expect(String(failure)).toMatch(/retrieve customer \(customer pogo-c-1\)/);
  });
});

describe('money for fractional lines', () => {
  test('minor units become exact major-unit decimals', () => {
    expect(minorToMajorDecimal(1234.5, 'NOK')).toBe('12.345');
    expect(minorToMajorDecimal(5, 'NOK')).toBe('0.05');
    expect(minorToMajorDecimal(100, 'JPY')).toBe('100');
    expect(minorToMajorDecimal(1500, 'KWD')).toBe('1.5');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}
