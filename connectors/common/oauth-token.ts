/**
 * OAuth 2 client-credentials tokens as PowerOffice GO and Uni Economy use them: one token request through the
 * API's own token bucket, and a cache that keeps the token until shortly before `expires_in` runs out
 * (concurrent callers share one token request). What the request carries (Basic keys, a signed assertion) is
 * the caller's.
 */
import { z } from 'zod';
import { AuthError, type ConnectorError } from '../errors';
import { DEFAULT_RATE_LIMIT_WAIT_MS, type TokenSource } from './bearer-request';
import { fetchWithTimeout } from './fetch-with-timeout';
import type { HttpErrorContext, HttpErrorSystem } from './http-error';
import { parseJsonBody } from './json-body';
import { retryAfterMs } from './retry-after';
import type { TokenBucket } from './token-bucket';

/** A token as the token endpoint issued it. */
export interface IssuedToken {
  value: string;
  /** The token's lifetime, ms. */
  lifetimeMs: number;
  /** When it was requested, epoch ms: the lifetime counts from then. */
  requestedAt: number;
}

/** An access token kept until a little before it expires; concurrent callers share one token request. */
export class AccessTokenCache implements TokenSource {
  private token: { value: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly issue: () => Promise<IssuedToken>) {}

  /** A valid access token, from the cache or a new token request. */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    this.inFlight ??= this.renew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** After a 401: the token is not taken again (unless a renewal already replaced it). */
  forget(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  private async renew(): Promise<string> {
    const { value, lifetimeMs, requestedAt } = await this.issue();
    // Renew a little early: a tenth of the lifetime, at most a minute (PowerOffice GO's tokens live 10–20 minutes).
    const marginMs = Math.min(60_000, lifetimeMs / 10);
    this.token = { value, renewAt: requestedAt + lifetimeMs - marginMs };
    return value;
  }
}

export interface TokenRequest {
  system: HttpErrorSystem;
  tokenUrl: string;
  timeoutMs: number;
  /** The API's bucket: the token call takes from the same budget. */
  limiter: TokenBucket;
  stats: { tokenRequests: number };
  /** The token request, built once the bucket let it through, with the time it is sent (for a signed assertion). */
  init(requestedAt: number): RequestInit;
  /** The token answer's schema. */
  schema: z.ZodType<{ access_token: string; expires_in: number }>;
  /** The system's typed error for a refused token request. */
  tokenErrorFromResponse(context: HttpErrorContext): ConnectorError;
  /** The record an answer that is not a token is reported under, if any. */
  invalidTokenRecord?: string;
}

/** Sends one token request; a 429 pauses the bucket (so a retry waits) and every refusal is a typed error. */
export async function requestToken(request: TokenRequest): Promise<IssuedToken> {
  const { system, limiter } = request;
  await limiter.acquire();
  request.stats.tokenRequests += 1;
  const requestedAt = Date.now();
  const response = await fetchWithTimeout(request.tokenUrl, request.init(requestedAt), {
    system: system.system,
    timeoutMs: request.timeoutMs,
    record: 'OAuth token',
  });
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 429) {
      limiter.pause(retryAfterMs(response.headers.get('retry-after'), text) ?? DEFAULT_RATE_LIMIT_WAIT_MS);
    }
    throw request.tokenErrorFromResponse({
      status: response.status,
      bodyText: text,
      retryAfterHeader: response.headers.get('retry-after'),
      request: 'POST token URL',
    });
  }
  const parsed = request.schema.safeParse(
    parseJsonBody(text, system, { request: 'POST token URL', record: 'OAuth token', quote: 200 }),
  );
  if (!parsed.success) {
    throw new AuthError(`${system.label} token response is not an OAuth token: ${z.prettifyError(parsed.error)}`, {
      system: system.system,
      status: response.status,
      ...(request.invalidTokenRecord ? { record: request.invalidTokenRecord } : {}),
    });
  }
  return { value: parsed.data.access_token, lifetimeMs: parsed.data.expires_in * 1000, requestedAt };
}
