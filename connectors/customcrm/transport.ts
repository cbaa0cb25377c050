/**
 * The Custom CRM transport: everything about talking HTTP to an implementation of the contract and nothing
 * about resources.
 *
 * - `Authorization: Bearer <API key>` on every request.
 * - A client-side token bucket sized to the configured budget: refill = budget − burst per minute, so that
 *   even a fixed one-minute window on the server never sees more than the budget.
 * - 429: the whole client pauses for `Retry-After` (1 s when absent), then retries the request itself up to
 *   `rateLimitRetries` times while the wait is at most `maxRateLimitWaitMs`; past that RateLimitedError with
 *   `retryAfterMs` for the caller's retry policy.
 * - 5xx, timeouts and dropped connections throw TransientError without retrying here: the activity's retry
 *   policy owns backoff (a POST retried here is harmless with an externalId, but not without one).
 * - Lists: `{ items, nextCursor }`, one page at a time.
 */
import { z } from 'zod';
import { fetchWithTimeout } from '../common/fetch-with-timeout';
import { retryAfterMs } from '../common/retry-after';
import { TokenBucket } from '../common/token-bucket';
import { ConnectorError, RateLimitedError } from '../errors';
import type { CustomCrmConfig } from './config';
import { CUSTOMCRM_SYSTEM, errorFromResponse } from './errors';

const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface RequestOptions {
  method: HttpMethod;
  /** Path below the base URL, without a leading slash: `contacts`, `contacts/<id>` (segments encoded). */
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
  /** The server's clock when it answered (its `Date` header, whole seconds), epoch ms. */
  serverTime: number | undefined;
  /** linkflow's clock when the request was sent, epoch ms. */
  sentAt: number;
}

/** What the transport sent, so that tests and the demo can report the API budget spent. */
export interface TransportStats {
  requests: number;
  rateLimited: number;
}

/**
 * A page as the connector reads it: the envelope is checked here, each record on its own by the caller, so that
 * one unreadable record does not hide the others.
 */
const listEnvelope = z.looseObject({ items: z.array(z.unknown()), nextCursor: z.string().min(1).nullable() });
export type ListPage = z.infer<typeof listEnvelope> & Pick<TransportResponse, 'serverTime' | 'sentAt'>;

export class CustomCrmTransport {
  readonly limiter: TokenBucket;
  readonly stats: TransportStats = { requests: 0, rateLimited: 0 };
  private readonly base: string;

  constructor(private readonly config: CustomCrmConfig) {
    const burst = Math.max(1, Math.min(10, Math.floor(config.requestsPerMinute / 10)));
    this.limiter = new TokenBucket({
      limit: Math.max(1, config.requestsPerMinute - burst),
      intervalMs: 60_000,
      burst,
    });
    this.base = config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`;
  }

  async request(options: RequestOptions): Promise<TransportResponse> {
    const label = `${options.method} /${options.path}`;
    let rateLimitRetriesLeft = this.config.rateLimitRetries;
    for (;;) {
      await this.limiter.acquire();
      this.stats.requests += 1;
      const sentAt = Date.now();
      const response = await fetchWithTimeout(this.url(options), this.init(options), {
        system: CUSTOMCRM_SYSTEM,
        timeoutMs: this.config.timeoutMs,
        ...(options.record ? { record: options.record } : {}),
      });
      const text = await response.text();
      if (response.ok) {
        const date = Date.parse(response.headers.get('date') ?? '');
        return {
          status: response.status,
          body: parseJsonBody(text, label, options.record),
          serverTime: Number.isNaN(date) ? undefined : date,
          sentAt,
        };
      }
      if (response.status === 429) {
        this.stats.rateLimited += 1;
        const wait = retryAfterMs(response.headers.get('retry-after'), text) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
        this.limiter.pause(wait);
        if (rateLimitRetriesLeft > 0 && wait <= this.config.maxRateLimitWaitMs) {
          rateLimitRetriesLeft -= 1;
          continue; // the paused limiter makes the next acquire() wait
        }
        const refused = errorFromResponse({ status: 429, bodyText: text, retryAfterHeader: null, request: label });
        throw new RateLimitedError(refused.message, {
          system: CUSTOMCRM_SYSTEM,
          status: 429,
          retryAfterMs: wait,
          ...(refused.code !== undefined ? { code: refused.code } : {}),
          ...(options.record ? { record: options.record } : {}),
        });
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

  /** One page of a listing. */
  async listPage(path: string, query: Record<string, string | number>): Promise<ListPage> {
    const { status, body, serverTime, sentAt } = await this.request({ method: 'GET', path, query });
    const parsed = listEnvelope.safeParse(body);
    if (!parsed.success) {
      throw new ConnectorError(
        `Custom CRM GET /${path} answered no list page (the contract's { items, nextCursor } was expected)`,
        { system: CUSTOMCRM_SYSTEM, status, record: path },
      );
    }
    return { ...parsed.data, serverTime, sentAt };
  }

  private url(options: RequestOptions): string {
    const url = new URL(options.path, this.base);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    return url.toString();
  }

  private init(options: RequestOptions): RequestInit {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.config.apiKey}`,
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
    throw new ConnectorError(`Custom CRM ${request}${record ? ` (${record})` : ''}: the answer is not JSON`, {
      system: CUSTOMCRM_SYSTEM,
      ...(record ? { record } : {}),
    });
  }
}
