/**
 * An HTTP error answer → a typed connector error, the same way for every system: the status picks the type, the
 * message names the system, the request, the record and the API's own words. What each system's error bodies
 * look like (ProblemDetails, `{Message, _validationResults}`, OAuth …) is its own errors.ts's business: it reads
 * the body into an `ErrorBodyReading` and passes it in.
 */
import {
  AuthError,
  ConflictError,
  ConnectorError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
  type ConnectorErrorDetails,
} from '../errors';
import { retryAfterMs } from './retry-after';

/** One error answer and the request it answered. */
export interface HttpErrorContext {
  status: number;
  bodyText: string;
  retryAfterHeader: string | null;
  /** e.g. `PATCH /Customers/42`. */
  request: string;
  /** e.g. `Customers/42`, `contacts/(new)`. */
  record?: string;
}

/** The system as error messages and details name it. */
export interface HttpErrorSystem {
  /** The connector's system key: `poweroffice-go`. */
  system: string;
  /** The name messages start with: `PowerOffice GO`. */
  label: string;
}

/** What a system read from an error body. */
export interface ErrorBodyReading {
  /** The API's own words; undefined when the body said nothing usable (the message then says `HTTP <status>`). */
  apiMessage: string | undefined;
  /** The API's error code (OAuth `error`, ProblemDetails `title` …). */
  code?: string | undefined;
  /** The field the API blamed. */
  field?: string | undefined;
}

/** `<label> <request> → <status>: <record>: <the API's words>` and the details every error carries. */
export function describeHttpError(
  system: HttpErrorSystem,
  context: HttpErrorContext,
  reading: ErrorBodyReading,
): { message: string; details: ConnectorErrorDetails } {
  const where = context.record ? `${context.record}: ` : '';
  const message = `${system.label} ${context.request} → ${context.status}: ${where}${reading.apiMessage ?? `HTTP ${context.status}`}`;
  const details: ConnectorErrorDetails = {
    system: system.system,
    status: context.status,
    ...(reading.code !== undefined ? { code: reading.code } : {}),
    ...(context.record ? { record: context.record } : {}),
    ...(reading.field !== undefined ? { field: reading.field } : {}),
  };
  return { message, details };
}

/**
 * The status decides the type, so that callers match failures by type and never by message: 429 rate limited
 * (with the wait the header or the body asked for), 401/403 auth, 404 not found, 409 conflict, 400/422
 * validation, 408/5xx transient (with the header's wait), anything else a plain ConnectorError.
 */
export function errorForStatus(
  message: string,
  details: ConnectorErrorDetails,
  context: Pick<HttpErrorContext, 'status' | 'bodyText' | 'retryAfterHeader'>,
): ConnectorError {
  const status = context.status;
  if (status === 429) {
    const wait = retryAfterMs(context.retryAfterHeader, context.bodyText);
    return new RateLimitedError(message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  if (status === 401 || status === 403) return new AuthError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 409) return new ConflictError(message, details);
  if (status === 400 || status === 422) return new ValidationError(message, details);
  if (status === 408 || status >= 500) {
    const wait = retryAfterMs(context.retryAfterHeader, null);
    return new TransientError(message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  return new ConnectorError(message, details);
}

/** `describeHttpError` and `errorForStatus` in one: for systems without exceptions to the status mapping. */
export function httpError(
  system: HttpErrorSystem,
  context: HttpErrorContext,
  reading: ErrorBodyReading,
): ConnectorError {
  const { message, details } = describeHttpError(system, context, reading);
  return errorForStatus(message, details, context);
}
