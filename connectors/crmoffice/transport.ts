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
 */
import { ListEnvelope } from '../../generated/crmoffice';
import { fetchWithTimeout } from '../common/fetch-with-timeout';
import { retryAfterMs } from '../common/retry-after';
import { TokenBucket } from '../common/token-bucket';
import { ConnectorError, RateLimitedError } from '../errors';
import type { CrmOfficeAuth } from './auth';
import type { CrmOfficeConfig } from './config';
import { CRMOFFICE_SYSTEM, errorFromResponse } from './errors';

const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

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
  }

  async request(options: RequestOptions): Promise<TransportResponse> {
    const label = `${options.method} /${options.path}`;
    let renewedAfter401 = false;
    let rateLimitRetriesLeft = this.config.rateLimitRetries;
    for (;;) {
      const token = await this.auth.accessToken();
      await this.limiter.acquire();
      this.stats.requests += 1;
      const response = await fetchWithTimeout(this.url(options), this.init(options, token), {
        system: CRMOFFICE_SYSTEM,
        timeoutMs: this.config.timeoutMs,
        ...(options.record ? { record: options.record } : {}),
      });
      const text = await response.text();
      if (response.ok) return { status: response.status, body: parseJsonBody(text, label, options.record) };
      if (response.status === 401 && !renewedAfter401) {
        // Expired early, revoked, or signed with a rolled-over key: renew once, then let a second 401 through.
        renewedAfter401 = true;
        this.auth.forget(token);
        continue;
      }
      if (response.status === 429) {
        this.stats.rateLimited += 1;
        const wait = retryAfterMs(response.headers.get('retry-after'), text) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
        this.limiter.pause(wait);
        if (rateLimitRetriesLeft > 0 && wait <= this.config.maxRateLimitWaitMs) {
          rateLimitRetriesLeft -= 1;
          continue; // the paused limiter makes the next acquire() wait
        }
        throw new RateLimitedError(
          errorFromResponse({ status: 429, bodyText: text, retryAfterHeader: null, request: label }).message,
          {
            system: CRMOFFICE_SYSTEM,
            status: 429,
            retryAfterMs: wait,
            ...(options.record ? { record: options.record } : {}),
          },
        );
      }
      throw errorFromResponse({
        status: response.status,
        bodyText: text,
        retryAfterHeader: response.headers.get('retry-after'),
        request: label,
        ...(options.record ? { record: options.record } : {}),
      });
    }
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

function parseJsonBody(text: string, request: string, record: string | undefined): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorError(`CRMOffice ${request}${record ? ` (${record})` : ''}: the answer is not JSON`, {
      system: CRMOFFICE_SYSTEM,
      ...(record ? { record } : {}),
    });
  }
}
