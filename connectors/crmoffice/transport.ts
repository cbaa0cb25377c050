/**
 * The CRMOffice transport: everything about talking HTTP to the API and nothing about resources.
 *
 * - `Authorization: Bearer <JWT>` from CrmOfficeAuth; a 401 drops the token, renews it once and retries.
 * - A client-side token bucket sized to the configured budget (GUESS: 300 requests/minute): refill =
 *   budget − burst per minute, so that even a fixed one-minute window on the server never sees more than the
 *   budget. The token call does not take from it (it goes to the OAuth host).
 * - 429: the whole client pauses for `Retry-After` (1 s when absent), then retries the request itself up to
 *   `rateLimitRetries` times while the wait is at most `maxRateLimitWaitMs`; past that RateLimitedError with
 *   `retryAfterMs` for the caller's retry policy.
 * - 5xx, timeouts and dropped connections throw TransientError without retrying here: the activity's retry
 *   policy owns backoff (a POST retried here could create a record twice).
 * - Lists: `{ items, totalCount? }` one page at a time, with the paging parameters of the configured style.
 *
 * The request loop (token, bucket, 401 renewal, 429 retries) is the shared one in common/bearer-request.ts.
 */
import { ListEnvelope } from '../../generated/crmoffice';
import { bearerRequest, type BearerClient } from '../common/bearer-request';
import type { HttpErrorContext } from '../common/http-error';
import { TokenBucket } from '../common/token-bucket';
import { ConnectorError, RateLimitedError } from '../errors';
import type { CrmOfficeAuth } from './auth';
import type { CrmOfficeConfig } from './config';
import { CRMOFFICE, CRMOFFICE_SYSTEM, errorFromResponse } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method: HttpMethod;
  /** Path below the API base, without a leading slash: `contacts`, `contacts/<id>` (segments encoded). */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  contentType?: string;
  /** The record concerned, for messages: `contacts/<id>`. */
  record?: string;
}

export interface TransportResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** What the transport sent, so that tests and the demo can report the API budget spent. */
export interface TransportStats {
  requests: number;
  rateLimited: number;
}

export interface ListPage {
  items: unknown[];
  totalCount: number | undefined;
}

export class CrmOfficeTransport {
  readonly limiter: TokenBucket;
  readonly stats: TransportStats = { requests: 0, rateLimited: 0 };
  private readonly base: string;
  private readonly client: BearerClient;

  constructor(
    private readonly config: CrmOfficeConfig,
    readonly auth: CrmOfficeAuth,
  ) {
    const burst = Math.max(1, Math.min(10, Math.floor(config.requestsPerMinute / 10)));
    this.limiter = new TokenBucket({
      limit: Math.max(1, config.requestsPerMinute - burst),
      intervalMs: 60_000,
      burst,
    });
    this.base = config.apiBaseUrl.endsWith('/') ? config.apiBaseUrl : `${config.apiBaseUrl}/`;
    this.client = {
      system: CRMOFFICE,
      limits: config,
      limiter: this.limiter,
      stats: this.stats,
      // A 401 means expired early, revoked, or signed with a rolled-over key: the loop renews once.
      tokens: auth,
      // The token call goes to the OAuth host and does not pass this bucket: a throttled one is not retried here.
      retryRateLimitedToken: false,
      errorFromResponse,
      rateLimitedError,
    };
  }

  async request(options: RequestOptions): Promise<TransportResponse> {
    const { status, body } = await bearerRequest(this.client, {
      url: this.url(options),
      init: (token) => this.init(options, token),
      request: `${options.method} /${options.path}`,
      record: options.record,
    });
    return { status, body };
  }

  /** One page of a list, starting at record `offset`. */
  async listPage(path: string, offset: number, pageSize: number): Promise<ListPage> {
    const { status, body } = await this.request({ method: 'GET', path, query: this.pagingQuery(offset, pageSize) });
    const parsed = ListEnvelope.safeParse(body);
    if (!parsed.success) {
      throw new ConnectorError(`CRMOffice GET /${path} answered no list (an object with "items" was expected)`, {
        system: CRMOFFICE_SYSTEM,
        status,
      });
    }
    return { items: parsed.data.items, totalCount: parsed.data.totalCount };
  }

  private pagingQuery(offset: number, pageSize: number): Record<string, number> {
    switch (this.config.paging) {
      case 'skipTake':
        return { skip: offset, take: pageSize };
      case 'pageNumber':
        return { page: Math.floor(offset / pageSize) + 1, pageSize };
      case 'none':
        return {};
    }
  }

  private url(options: RequestOptions): string {
    const url = new URL(options.path, this.base);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    return url.toString();
  }

  private init(options: RequestOptions, token: string): RequestInit {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': this.config.userAgent,
    };
    if (options.body === undefined) return { method: options.method, headers };
    headers['Content-Type'] = options.contentType ?? 'application/json';
    return { method: options.method, headers, body: JSON.stringify(options.body) };
  }
}

/** A 429 not retried here reports the wait the client paused for (1 s when the API named none). */
function rateLimitedError(context: HttpErrorContext, waitMs: number): ConnectorError {
  const { status, bodyText, request, record } = context;
  return new RateLimitedError(errorFromResponse({ status, bodyText, retryAfterHeader: null, request }).message, {
    system: CRMOFFICE_SYSTEM,
    status,
    retryAfterMs: waitMs,
    ...(record ? { record } : {}),
  });
}
