import { bearerRequest, type BearerClient } from '../../connectors/common/bearer-request';
import { httpError } from '../../connectors/common/http-error';
import { parseJsonBody } from '../../connectors/common/json-body';
import { withRequestPriority } from '../../connectors/common/request-priority';
import { setRequestTrace } from '../../connectors/common/request-trace';
import { TokenBucket } from '../../connectors/common/token-bucket';
import { AuthError, ConnectorError, RateLimitedError, TransientError, ValidationError } from '../../connectors/errors';

const system = { system: 'example', label: 'Example' };

/** Answers the queued responses in turn and records the Authorization header of each request. */
function fakeFetch(...answers: Array<() => Response>): { seen: string[] } {
  const seen: string[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    seen.push(new Headers(init?.headers).get('authorization') ?? '');
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  });
  return { seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function client(overrides: Partial<BearerClient> = {}): BearerClient & { forgotten: string[] } {
  let issued = 0;
  const forgotten: string[] = [];
  let current: string | undefined;
  return {
    system,
    limits: { timeoutMs: 2_000, rateLimitRetries: 1, maxRateLimitWaitMs: 50 },
    limiter: new TokenBucket({ limit: 1_000, intervalMs: 1_000, burst: 100 }),
    stats: { requests: 0, rateLimited: 0 },
    tokens: {
      accessToken: async () => (current ??= `token-${(issued += 1)}`),
      forget: (token) => {
        forgotten.push(token);
        if (current === token) current = undefined;
      },
    },
    retryRateLimitedToken: false,
    errorFromResponse: (context) => httpError(system, context, { apiMessage: context.bodyText || undefined }),
    forgotten,
    ...overrides,
  };
}

const request = { url: 'http://127.0.0.1:9/things', request: 'GET /things', record: 'things/1' };
const init = (token: string): RequestInit => ({ method: 'GET', headers: { Authorization: `Bearer ${token}` } });

afterEach(() => jest.restoreAllMocks());

test('answers the parsed body, the status and the headers, and counts the request', async () => {
  fakeFetch(json(200, { id: 1 }, { date: 'Wed, 21 Oct 2015 07:28:00 GMT' }));
  const c = client();
  const answer = await bearerRequest(c, { ...request, init });
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ id: 1 });
  expect(answer.headers.get('date')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  expect(c.stats).toEqual({ requests: 1, rateLimited: 0 });
});

test('an empty body is undefined', async () => {
  fakeFetch(() => new Response(null, { status: 204 }));
  expect((await bearerRequest(client(), { ...request, init })).body).toBeUndefined();
});

test('a 401 renews the token once; a second 401 is an AuthError', async () => {
  const { seen } = fakeFetch(json(401, {}), json(200, { ok: true }));
  const c = client();
  expect((await bearerRequest(c, { ...request, init })).body).toEqual({ ok: true });
  expect(seen).toEqual(['Bearer token-1', 'Bearer token-2']);
  expect(c.forgotten).toEqual(['token-1']);

  fakeFetch(json(401, {}), json(401, {}));
  await expect(bearerRequest(c, { ...request, init })).rejects.toBeInstanceOf(AuthError);
  expect(c.forgotten).toEqual(['token-1', 'token-2']);
});

test('a short 429 is waited out and retried as often as configured, then thrown with the wait asked', async () => {
  fakeFetch(json(429, {}, { 'retry-after': '0' }), json(200, { ok: true }));
  const c = client();
  expect((await bearerRequest(c, { ...request, init })).body).toEqual({ ok: true });
  expect(c.stats).toEqual({ requests: 2, rateLimited: 1 });

  fakeFetch(json(429, {}, { 'retry-after': '0' }), json(429, {}, { 'retry-after': '0' }));
  const error: unknown = await bearerRequest(c, { ...request, init }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitedError);
  expect((error as RateLimitedError).retryAfterMs).toBe(0);
  expect(c.stats).toEqual({ requests: 4, rateLimited: 3 });
});

test('a 429 that asks for longer than the maximum is not retried here, and pauses the whole client', async () => {
  fakeFetch(json(429, {}, { 'retry-after': '1' }));
  const c = client();
  await expect(bearerRequest(c, { ...request, init })).rejects.toBeInstanceOf(RateLimitedError);
  expect(c.stats.requests).toBe(1);
  const started = Date.now();
  await c.limiter.acquire();
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});

test('a 429 not retried goes to rateLimitedError, with the wait the client paused for', async () => {
  fakeFetch(json(429, {}));
  const waits: number[] = [];
  const c = client({
    limits: { timeoutMs: 2_000, rateLimitRetries: 0, maxRateLimitWaitMs: 50 },
    rateLimitedError: (context, waitMs) => {
      waits.push(waitMs);
      return new RateLimitedError(`own ${context.request}`, { system: 'example', retryAfterMs: waitMs });
    },
  });
  await expect(bearerRequest(c, { ...request, init })).rejects.toThrow('own GET /things');
  expect(waits).toEqual([1000]);
});

test('other error answers are the system’s typed error, without a retry', async () => {
  fakeFetch(json(503, {}));
  const c = client();
  await expect(bearerRequest(c, { ...request, init })).rejects.toBeInstanceOf(TransientError);
  fakeFetch(json(422, {}));
  await expect(bearerRequest(c, { ...request, init })).rejects.toBeInstanceOf(ValidationError);
  expect(c.stats.requests).toBe(2);
});

test('a throttled token call is retried only where the token call shares the budget', async () => {
  const throttled = (): RateLimitedError =>
    new RateLimitedError('token throttled', { system: 'example', retryAfterMs: 0 });
  let calls = 0;
  const flaky = async (): Promise<string> => {
    calls += 1;
    if (calls === 1) throw throttled();
    return 'token';
  };
  fakeFetch(json(200, { ok: true }));
  await expect(
    bearerRequest(client({ tokens: { accessToken: flaky, forget: () => undefined }, retryRateLimitedToken: true }), {
      ...request,
      init,
    }),
  ).resolves.toMatchObject({ status: 200 });
  expect(calls).toBe(2);

  calls = 0;
  await expect(
    bearerRequest(client({ tokens: { accessToken: flaky, forget: () => undefined }, retryRateLimitedToken: false }), {
      ...request,
      init,
    }),
  ).rejects.toThrow('token throttled');
  expect(calls).toBe(1);
});

test('an answer that is not JSON is a ConnectorError naming the request, quoting the body where asked', async () => {
  fakeFetch(() => new Response('<html>', { status: 200 }));
  const error: unknown = await bearerRequest(client({ quoteInvalidJson: 3 }), { ...request, init }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as ConnectorError).message).toBe('Example GET /things (things/1): the answer is not JSON: <ht');
  expect((error as ConnectorError).record).toBe('things/1');
  expect(() => parseJsonBody('nope', system, { request: 'GET /x' })).toThrow(
    /^Example GET \/x: the answer is not JSON$/,
  );
});

test('with the request trace on, each request writes one line: priority, wait, time on the wire, answer', async () => {
  fakeFetch(json(200, { id: 1 }), json(404, { message: 'gone' }));
  const lines: string[] = [];
  setRequestTrace((line) => void lines.push(line));
  try {
    await withRequestPriority('waited', () => bearerRequest(client(), { ...request, init }));
    await expect(bearerRequest(client(), { ...request, init })).rejects.toBeInstanceOf(ConnectorError);
  } finally {
    setRequestTrace(undefined);
  }
  expect(lines).toEqual([
    expect.stringMatching(/^request \S+Z example waited wait=\d+ms send=\d+ms 200 GET \/things\n$/),
    expect.stringMatching(/^request \S+Z example backlog wait=\d+ms send=\d+ms 404 GET \/things\n$/),
  ]);
  // Off again: nothing more is written.
  fakeFetch(json(200, { id: 2 }));
  await bearerRequest(client(), { ...request, init });
  expect(lines).toHaveLength(2);
});
