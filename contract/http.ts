/**
 * The conformance checker's HTTP client. It is deliberately not the connector: the checker must see what the
 * implementation answers (status, headers, raw body) to say what is wrong, where the connector turns answers
 * into records and typed errors.
 *
 * A 429 is waited out (its `Retry-After`, at most `maxRateLimitWaitMs`) and the request sent again, so that a
 * run does not fail on the implementation's rate limit; only the rate-limit probe asks to see 429s as they come.
 */
export interface Exchange {
  method: string;
  /** The path and query as sent (below the base URL). */
  target: string;
  /** 0 when no answer came (then `error` says why). */
  status: number;
  headers: Headers;
  /** The media type without parameters, lower-case (`application/problem+json`). */
  mediaType: string;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  /** Why no answer came: a refused connection, a timeout. */
  error?: string;
}

export interface SendOptions {
  body?: unknown;
  contentType?: string;
  /** null sends no Authorization header; a string sends that key instead of the configured one. */
  apiKey?: string | null;
  /** Hand 429 answers back instead of waiting them out. */
  seeRateLimit?: boolean;
}

export interface ContractHttpOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** The longest Retry-After waited out before the 429 is handed back. */
  maxRateLimitWaitMs?: number;
}

export class ContractHttp {
  /** Requests sent, and 429s waited out, for the report. */
  requests = 0;
  rateLimitWaits = 0;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxRateLimitWaitMs: number;

  constructor(private readonly options: ContractHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 65_000;
  }

  async send(method: string, target: string, options: SendOptions = {}): Promise<Exchange> {
    for (let attempt = 0; ; attempt += 1) {
      const exchange = await this.once(method, target, options);
      if (exchange.status !== 429 || options.seeRateLimit === true || attempt >= 3) return exchange;
      const seconds = Number(exchange.headers.get('retry-after'));
      const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
      if (waitMs > this.maxRateLimitWaitMs) return exchange;
      this.rateLimitWaits += 1;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private async once(method: string, target: string, options: SendOptions): Promise<Exchange> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const key = options.apiKey === undefined ? this.options.apiKey : options.apiKey;
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    this.requests += 1;
    try {
      const response = await fetch(`${this.base}/${target.replace(/^\//, '')}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        json = undefined;
      }
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      return { method, target, status: response.status, headers: response.headers, mediaType, text, json };
    } catch (error: unknown) {
      const cause = messageOf(causeOf(error));
      return {
        method,
        target,
        status: 0,
        headers: new Headers(),
        mediaType: '',
        text: '',
        json: undefined,
        error: `${messageOf(error) ?? String(error)}${cause !== undefined ? ` (${cause})` : ''}`,
      };
    }
  }
}

// Errors from fetch may come from another realm (a test runner's), where `instanceof Error` fails: read them by shape.
const messageOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : undefined;
const causeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;

/** An exchange in a few words for a report line: `GET /customers?limit=0 → 200 application/json`. */
export function describeExchange(exchange: Exchange): string {
  if (exchange.status === 0) return `${exchange.method} /${exchange.target} failed: ${exchange.error ?? 'no answer'}`;
  const type = exchange.mediaType === '' ? 'no content type' : exchange.mediaType;
  return `${exchange.method} /${exchange.target} → ${exchange.status} ${type}`;
}
