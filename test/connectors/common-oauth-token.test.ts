import { z } from 'zod';
import { httpError } from '../../connectors/common/http-error';
import { AccessTokenCache, requestToken, type TokenRequest } from '../../connectors/common/oauth-token';
import { TokenBucket } from '../../connectors/common/token-bucket';
import { AuthError, RateLimitedError } from '../../connectors/errors';

const system = { system: 'example', label: 'Example' };

describe('AccessTokenCache', () => {
  test('shares one token request between concurrent callers and keeps the token', async () => {
    let issued = 0;
    const cache = new AccessTokenCache(async () => {
      issued += 1;
      return { value: `token-${issued}`, lifetimeMs: 600_000, requestedAt: Date.now() };
    });
    expect(await Promise.all([cache.accessToken(), cache.accessToken(), cache.accessToken()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(await cache.accessToken()).toBe('token-1');
    expect(issued).toBe(1);
  });

  test('forgets only the token it was told about', async () => {
    let issued = 0;
    const cache = new AccessTokenCache(async () => {
      issued += 1;
      return { value: `token-${issued}`, lifetimeMs: 600_000, requestedAt: Date.now() };
    });
    await cache.accessToken();
    cache.forget('token-0');
    expect(await cache.accessToken()).toBe('token-1');
    cache.forget('token-1');
    expect(await cache.accessToken()).toBe('token-2');
  });

  test('renews a tenth of the lifetime early, at most a minute', async () => {
    const now = Date.now();
    let lifetimeMs = 10_000;
    let issued = 0;
    const cache = new AccessTokenCache(async () => {
      issued += 1;
      return { value: `token-${issued}`, lifetimeMs, requestedAt: now - 9_500 };
    });
    await cache.accessToken(); // renews at now - 9.5 s + 10 s - 1 s, already past
    expect(await cache.accessToken()).toBe('token-2');
    lifetimeMs = 3_600_000;
    const long = new AccessTokenCache(async () => ({ value: 'long', lifetimeMs, requestedAt: now - 3_530_000 }));
    await long.accessToken(); // renews at now - 3530 s + 3600 s - 60 s = now + 10 s
    expect(await long.accessToken()).toBe('long');
  });
});

describe('requestToken', () => {
  const schema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
  const base = (overrides: Partial<TokenRequest> = {}): TokenRequest & { stats: { tokenRequests: number } } => ({
    system,
    tokenUrl: 'http://127.0.0.1:9/token',
    timeoutMs: 2_000,
    limiter: new TokenBucket({ limit: 1_000, intervalMs: 1_000, burst: 100 }),
    stats: { tokenRequests: 0 },
    init: (requestedAt) => ({ method: 'POST', body: `at=${requestedAt}` }),
    schema,
    tokenErrorFromResponse: (context) => httpError(system, context, { apiMessage: undefined }),
    ...overrides,
  });
  const answer = (status: number, body: string, headers: Record<string, string> = {}): void => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(body, { status, headers }));
  };
  afterEach(() => jest.restoreAllMocks());

  test('answers the token with its lifetime and the time it was requested, which the init saw', async () => {
    answer(200, '{"access_token":"abc","expires_in":"600"}');
    let seen = 0;
    const request = base({
      init: (requestedAt) => {
        seen = requestedAt;
        return { method: 'POST' };
      },
    });
    const issued = await requestToken(request);
    expect(issued).toEqual({ value: 'abc', lifetimeMs: 600_000, requestedAt: seen });
    expect(request.stats.tokenRequests).toBe(1);
  });

  test('a throttled token request pauses the bucket and is the system’s typed error', async () => {
    answer(429, '', { 'retry-after': '1' });
    const request = base();
    await expect(requestToken(request)).rejects.toBeInstanceOf(RateLimitedError);
    const started = Date.now();
    await request.limiter.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test('an answer that is not a token is an AuthError, under the record asked for', async () => {
    answer(200, '{"token":"abc"}');
    const error: unknown = await requestToken(base({ invalidTokenRecord: 'OAuth token' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/^Example token response is not an OAuth token: /);
    expect((error as AuthError).record).toBe('OAuth token');
    answer(200, '{"token":"abc"}');
    const plain: unknown = await requestToken(base()).catch((e: unknown) => e);
    expect((plain as AuthError).record).toBeUndefined();
  });
});
