/**
 * The request loop every API behind a renewable bearer token shares (PowerOffice GO, CRMOffice, Uni Economy):
 *
 * - take a token (a throttled token call is retried within the same 429 allowance where the token call
 *   shares the API's budget), wait for the client-side token bucket, count the request, send it with a deadline;
 * - a 2xx answers the parsed body;
 * - a 401 forgets the token, renews it once and retries: it may have been revoked or expired early; a second 401
 *   goes through as an AuthError;
 * - a 429 pauses the whole client for the wait the API asked (`Retry-After`, or the body's words; 1 s when it
 *   says nothing) and retries up to `rateLimitRetries` times while that wait is at most `maxRateLimitWaitMs`,
 *   because a short throttle is cheaper to absorb here than to fail an activity; past that a RateLimitedError
 *   for the caller's retry policy;
 * - everything else is the system's typed error, without a retry here: the activity's retry policy owns backoff
 *   (a POST retried here could create a record twice).
 *
 * What differs between the systems comes in as a `BearerClient`: how tokens are had and dropped, how error
 * answers read, and the URL and init of each request.
 */
import { RateLimitedError, type ConnectorError } from '../errors';
import { fetchWithTimeout } from './fetch-with-timeout';
import type { HttpErrorContext, HttpErrorSystem } from './http-error';
import { parseJsonBody } from './json-body';
import { retryAfterMs } from './retry-after';
import type { TokenBucket } from './token-bucket';
import { traceRequest } from './request-trace';

/** Used when a 429 names no wait (PowerOffice GO's docs: wait at least 1 s). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/** The configured limits; read on every request. */
export interface BearerLimits {
  timeoutMs: number;
  rateLimitRetries: number;
  maxRateLimitWaitMs: number;
}

/** Where the tokens come from: a cache in front of the token endpoint. */
export interface TokenSource {
  /** A valid access token, from the cache or a new token request. */
  accessToken(): Promise<string>;
  /** After a 401: the token is not taken again (unless a renewal already replaced it). */
  forget(token: string): void;
}

export interface BearerClient {
  system: HttpErrorSystem;
  limits: BearerLimits;
  limiter: TokenBucket;
  /** Counted here: every request sent, every 429 met. */
  stats: { requests: number; rateLimited: number };
  tokens: TokenSource;
  /**
   * True where the token call passes the same budget as the API calls: a RateLimitedError from `accessToken` is
   * then waited out (the token call paused the limiter) and retried like any other request.
   */
  retryRateLimitedToken: boolean;
  /** The system's typed error for an error answer. */
  errorFromResponse(context: HttpErrorContext): ConnectorError;
  /** The error for a 429 not retried here, given the wait the client paused for; `errorFromResponse` by default. */
  rateLimitedError?(context: HttpErrorContext, waitMs: number): ConnectorError;
  /** How many characters of an answer that is not JSON the error quotes; none when absent. */
  quoteInvalidJson?: number;
}

export interface BearerRequest {
  url: string;
  /** The request's init with the token of this attempt. */
  init(token: string): RequestInit;
  /** e.g. `PATCH /Customers/42`, for messages. */
  request: string;
  /** e.g. `Customers/42`, for messages. */
  record?: string | undefined;
}

export interface BearerResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204, DELETE). */
  body: unknown;
  headers: Headers;
}

/** Sends one API request and returns its parsed body; error statuses throw typed connector errors. */
export async function bearerRequest(client: BearerClient, request: BearerRequest): Promise<BearerResponse> {
  const { system, limits, limiter, stats } = client;
  const record = request.record ? { record: request.record } : {};
  let renewedAfter401 = false;
  let rateLimitRetriesLeft = limits.rateLimitRetries;
  for (;;) {
    let token: string;
    try {
      token = await client.tokens.accessToken();
    } catch (error: unknown) {
      const wait =
        client.retryRateLimitedToken && error instanceof RateLimitedError
          ? (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS)
          : undefined;
      if (wait !== undefined && rateLimitRetriesLeft > 0 && wait <= limits.maxRateLimitWaitMs) {
        rateLimitRetriesLeft -= 1;
        continue;
      }
      throw error;
    }
    const askedAt = Date.now();
    await limiter.acquire();
    const tokenAt = Date.now();
    stats.requests += 1;
    const response = await fetchWithTimeout(request.url, request.init(token), {
      system: system.system,
      timeoutMs: limits.timeoutMs,
      ...record,
    });
    const text = await response.text();
    const outcome = String(response.status);
    traceRequest({ system: system.system, request: request.request, askedAt, tokenAt, doneAt: Date.now(), outcome });
    if (response.ok) {
      const body = parseJsonBody(text, system, {
        request: request.request,
        record: request.record,
        ...(client.quoteInvalidJson !== undefined ? { quote: client.quoteInvalidJson } : {}),
      });
      return { status: response.status, body, headers: response.headers };
    }
    if (response.status === 401 && !renewedAfter401) {
      // The token may have been revoked or expired early: renew once, then let a second 401 through.
      renewedAfter401 = true;
      client.tokens.forget(token);
      continue;
    }
    const context: HttpErrorContext = {
      status: response.status,
      bodyText: text,
      retryAfterHeader: response.headers.get('retry-after'),
      request: request.request,
      ...record,
    };
    if (response.status === 429) {
      stats.rateLimited += 1;
      const wait = retryAfterMs(context.retryAfterHeader, text) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      limiter.pause(wait);
      if (rateLimitRetriesLeft > 0 && wait <= limits.maxRateLimitWaitMs) {
        rateLimitRetriesLeft -= 1;
        continue; // the paused limiter makes the next acquire() wait
      }
      if (client.rateLimitedError) throw client.rateLimitedError(context, wait);
    }
    throw client.errorFromResponse(context);
  }
}
