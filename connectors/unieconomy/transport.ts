/**
 * The Uni Economy transport: everything about talking HTTP to the API and nothing about resources.
 *
 * - Client credentials with a certificate: each token request carries a freshly signed client assertion
 *   (client-assertion.ts). The access token is cached and renewed shortly before `expires_in` runs out
 *   (concurrent callers share one token request); a 401 on an API call renews it once and retries.
 * - `Authorization: Bearer`, `CompanyKey` and `Accept: application/json` on every API call.
 * - A client-side token bucket sized to the per-minute budget; the token call passes it too.
 * - 429: the whole client pauses for Retry-After (1 s when absent) and retries the request itself once when the
 *   wait is short; otherwise RateLimitedError with `retryAfterMs` for the caller's retry policy.
 * - 5xx, timeouts and dropped connections throw TransientError without retrying here: the activity's retry
 *   policy owns backoff (a POST retried here could create a record twice).
 * - Query strings are encoded with %20 for spaces, never `+`: a filter is text the server parses.
 *
 * The request loop (token, bucket, 401 renewal, 429 retries) is the shared one in common/bearer-request.ts.
 */
import { UniTokenResponse, CLIENT_ASSERTION_TYPE } from '../../generated/unieconomy';
import { bearerRequest, type BearerClient } from '../common/bearer-request';
import { AccessTokenCache, requestToken, type IssuedToken } from '../common/oauth-token';
import { TokenBucket } from '../common/token-bucket';
import type { AssertionSigner } from './client-assertion';
import type { UniEconomyConfig } from './config';
import { errorFromResponse, tokenErrorFromResponse, UNIECONOMY } from './errors';

/** Largest burst as a share of the per-minute budget (refill = budget − burst, see the Chargebee transport). */
const BURST_SHARE = 1 / 15;

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the host, starting with `/api/`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The record concerned, for error messages: `Customers/42`. */
  record?: string;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  /** The server's clock when it answered (the `Date` header), epoch ms; undefined when it sent none. */
  serverTime: number | undefined;
}

/** What the transport sent, so that tests and the demo can report the API budget spent. */
export interface TransportStats {
  requests: number;
  tokenRequests: number;
  rateLimited: number;
}

export class UniEconomyTransport {
  readonly limiter: TokenBucket;
  readonly stats: TransportStats = { requests: 0, tokenRequests: 0, rateLimited: 0 };
  private readonly tokens = new AccessTokenCache(() => this.fetchToken());
  private readonly client: BearerClient;

  constructor(
    private readonly config: UniEconomyConfig,
    private readonly assertions: AssertionSigner,
  ) {
    this.limiter = TokenBucket.perMinute(config.requestsPerMinute, BURST_SHARE);
    this.client = {
      system: UNIECONOMY,
      limits: config,
      limiter: this.limiter,
      stats: this.stats,
      tokens: this.tokens,
      // The token call passes the same bucket: a throttled token request is retried like any other.
      retryRateLimitedToken: true,
      errorFromResponse,
      quoteInvalidJson: 200,
    };
  }

  /** Sends one API request and returns its parsed body; error statuses throw typed connector errors. */
  async request(options: RequestOptions): Promise<TransportResponse> {
    const { status, body, headers } = await bearerRequest(this.client, {
      url: this.url(options.path, options.query),
      init: (token) => this.init(options, token),
      request: `${options.method} ${options.path}`,
      record: options.record,
    });
    const date = Date.parse(headers.get('date') ?? '');
    return { status, body, serverTime: Number.isNaN(date) ? undefined : date };
  }

  /** A valid access token, from the cache or a new token request. */
  accessToken(): Promise<string> {
    return this.tokens.accessToken();
  }

  /** Client credentials with a client assertion signed for the moment the token request is sent. */
  private fetchToken(): Promise<IssuedToken> {
    return requestToken({
      system: UNIECONOMY,
      tokenUrl: this.config.tokenUrl,
      timeoutMs: this.config.timeoutMs,
      limiter: this.limiter,
      stats: this.stats,
      init: (requestedAt) => ({
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.config.clientId,
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: this.assertions.sign(requestedAt),
          scope: this.config.scope,
        }).toString(),
      }),
      schema: UniTokenResponse,
      tokenErrorFromResponse,
      invalidTokenRecord: 'OAuth token',
    });
  }

  private url(path: string, query: Record<string, QueryValue> | undefined): string {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    const search = Object.entries(query ?? {})
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&');
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  private init(options: RequestOptions, token: string): RequestInit {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      CompanyKey: this.config.companyKey,
      Accept: 'application/json',
    };
    if (options.body === undefined) return { method: options.method, headers };
    headers['Content-Type'] = 'application/json';
    return { method: options.method, headers, body: JSON.stringify(options.body) };
  }
}
