/**
 * The PowerOffice GO v2 transport: everything about talking HTTP to the API and nothing about resources.
 *
 * - OAuth 2 client credentials: Basic base64(applicationKey:clientKey) against the token URL. The token is
 *   cached and renewed shortly before `expires_in` runs out (concurrent callers share one token request); a
 *   401 on an API call renews it once and retries.
 * - `Ocp-Apim-Subscription-Key` and a descriptive `User-Agent` on every call, the token call included.
 * - A client-side token bucket (10 requests/s by default) that every call, the token call included, passes.
 * - 429: the whole client pauses for the time the API asked ("Try again in N seconds", or Retry-After; 1 s
 *   when it says nothing). The transport then retries the request itself up to `rateLimitRetries` times when
 *   the wait is at most `maxRateLimitWaitMs`, because a short throttle is cheaper to absorb here than to fail
 *   an activity; past that it throws RateLimitedError with `retryAfterMs` for the caller's retry policy.
 * - 5xx, timeouts and dropped connections throw TransientError without retrying here: the activity's retry
 *   policy owns backoff (a retried POST here could create a record twice).
 * - Listings: `PageNumber` (1-based) and `PageSize` until a short page or a 204 (which means an empty list).
 *
 * The request loop (token, bucket, 401 renewal, 429 retries) is the shared one in common/bearer-request.ts.
 */
import { z } from 'zod';
import { ConnectorError } from '../errors';
import { bearerRequest, type BearerClient } from '../common/bearer-request';
import { AccessTokenCache, requestToken, type IssuedToken } from '../common/oauth-token';
import { TokenBucket } from '../common/token-bucket';
import type { PowerOfficeConfig } from './config';
import { errorFromResponse, POWEROFFICE, POWEROFFICE_SYSTEM, tokenErrorFromResponse } from './errors';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Defaults to application/json; PATCH sends application/json-patch+json. */
  contentType?: string;
  /** The record concerned, for error messages: `Customers/42`. */
  record?: string;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204, DELETE). */
  body: unknown;
}

/** Counts what the transport sent, so that tests and the demo can report the API budget spent. */
export interface TransportStats {
  requests: number;
  tokenRequests: number;
  rateLimited: number;
}

export class PowerOfficeTransport {
  readonly limiter: TokenBucket;
  readonly stats: TransportStats = { requests: 0, tokenRequests: 0, rateLimited: 0 };
  private readonly tokens = new AccessTokenCache(() => this.fetchToken());
  private readonly client: BearerClient;

  constructor(private readonly config: PowerOfficeConfig) {
    this.limiter = TokenBucket.perSecond(config.requestsPerSecond);
    this.client = {
      system: POWEROFFICE,
      limits: config,
      limiter: this.limiter,
      stats: this.stats,
      tokens: this.tokens,
      // The token call shares the budget: a throttled token request is retried like any other.
      retryRateLimitedToken: true,
      errorFromResponse,
      quoteInvalidJson: 200,
    };
  }

  /** Sends one API request and returns its parsed body; error statuses throw typed connector errors. */
  async request(options: RequestOptions): Promise<TransportResponse> {
    const { status, body } = await bearerRequest(this.client, {
      url: this.url(options.path, options.query),
      init: (token) => this.init(options, token),
      request: `${options.method} ${options.path}`,
      record: options.record,
    });
    return { status, body };
  }

  /**
   * Reads a listing page by page (`PageNumber` from 1) until a short page or a 204. Yields each page's items
   * unparsed; the caller validates them against the resource's schema.
   */
  async *pages(
    path: string,
    query: Record<string, QueryValue>,
    pageSize = this.config.pageSize,
  ): AsyncGenerator<unknown[]> {
    for (let page = 1; ; page += 1) {
      const items = await this.page(path, query, page, pageSize);
      if (items.length > 0) yield items;
      if (items.length < pageSize) return;
    }
  }

  /** One page of a listing; a 204 is an empty list. */
  async page(
    path: string,
    query: Record<string, QueryValue>,
    pageNumber: number,
    pageSize: number,
  ): Promise<unknown[]> {
    const { status, body } = await this.request({
      method: 'GET',
      path,
      query: { ...query, PageNumber: pageNumber, PageSize: pageSize },
    });
    if (status === 204 || body === undefined) return [];
    if (!Array.isArray(body)) {
      throw new ConnectorError(`PowerOffice GO GET ${path}: expected a JSON array, got ${typeof body}`, {
        system: POWEROFFICE_SYSTEM,
        status,
      });
    }
    return body;
  }

  /** A valid access token, from the cache or a new token request. */
  accessToken(): Promise<string> {
    return this.tokens.accessToken();
  }

  /** OAuth 2 client credentials: Basic base64(applicationKey:clientKey), with the subscription key. */
  private fetchToken(): Promise<IssuedToken> {
    const basic = Buffer.from(`${this.config.applicationKey}:${this.config.clientKey}`, 'utf8').toString('base64');
    return requestToken({
      system: POWEROFFICE,
      tokenUrl: this.config.tokenUrl,
      timeoutMs: this.config.timeoutMs,
      limiter: this.limiter,
      stats: this.stats,
      init: () => ({
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Ocp-Apim-Subscription-Key': this.config.subscriptionKey,
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          Accept: 'application/json',
          'User-Agent': this.config.userAgent,
        },
        body: 'grant_type=client_credentials',
      }),
      schema: tokenResponseSchema,
      tokenErrorFromResponse,
    });
  }

  private url(path: string, query: Record<string, QueryValue> | undefined): string {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  private init(options: RequestOptions, token: string): RequestInit {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Ocp-Apim-Subscription-Key': this.config.subscriptionKey,
      Accept: 'application/json',
      'User-Agent': this.config.userAgent,
    };
    if (options.body === undefined) return { method: options.method, headers };
    headers['Content-Type'] =
      options.contentType ?? (options.method === 'PATCH' ? 'application/json-patch+json' : 'application/json');
    return { method: options.method, headers, body: JSON.stringify(options.body) };
  }
}
