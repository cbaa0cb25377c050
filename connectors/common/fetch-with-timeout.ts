/**
 * `fetch` with a deadline, turning transport failures (timeouts, refused or dropped connections, DNS) into a
 * retryable `TransientError` that names the system and the request, so callers only ever see typed errors.
 * HTTP error statuses are returned as responses: interpreting them is the connector's job.
 */
import { TransientError } from '../errors';

export interface FetchWithTimeoutOptions {
  /** Connector system key, for the error. */
  system: string;
  timeoutMs: number;
  /** The record concerned, e.g. `Customers/42`, for the error message. */
  record?: string;
}

export async function fetchWithTimeout(
  url: string,
  init: RequestInit,
  options: FetchWithTimeoutOptions,
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const what = `${init.method ?? 'GET'} ${redactQuery(url)}${options.record ? ` (${options.record})` : ''}`;
  try {
    return await fetch(url, { ...init, signal });
  } catch (error: unknown) {
    if (timeout.aborted) {
      throw new TransientError(`${options.system}: ${what} timed out after ${options.timeoutMs} ms`, {
        system: options.system,
        code: 'timeout',
        ...(options.record ? { record: options.record } : {}),
      });
    }
    if (init.signal?.aborted) throw error;
    throw new TransientError(`${options.system}: ${what} failed: ${describeNetworkError(error)}`, {
      system: options.system,
      code: 'network',
      ...(options.record ? { record: options.record } : {}),
    });
  }
}

/** Undici hides the useful part (ECONNREFUSED, socket hang up) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}

/** Query strings may carry personal data (e-mail filters); keep them out of error messages. */
function redactQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?…`;
}
