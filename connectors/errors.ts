/**
 * Typed connector errors. Activities turn them into Temporal failures by class name: the retryable ones are
 * retried with backoff (honouring `retryAfterMs`), the others park the link with the API's own message.
 */
export interface ConnectorErrorDetails {
  system: string;
  status?: number;
  /** The API's own error code: Chargebee `api_error_code`, OAuth `error`, ProblemDetails `title`. */
  code?: string;
  /** The field the API blames, where it names one (Chargebee `param`). */
  field?: string;
  /** The record concerned, for messages that name record and field. */
  record?: string;
}

export class ConnectorError extends Error {
  readonly system: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly record: string | undefined;
  readonly retryable: boolean = false;
  constructor(message: string, details: ConnectorErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.system = details.system;
    this.status = details.status;
    this.code = details.code;
    this.field = details.field;
    this.record = details.record;
  }
}

/** 5xx, dropped connections, timeouts: worth retrying with backoff. */
export class TransientError extends ConnectorError {
  override readonly retryable: boolean = true;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ConnectorErrorDetails & { retryAfterMs?: number }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 429: retry after the time the API asked for. */
export class RateLimitedError extends TransientError {}

/**
 * The record changed between the caller's read and its write, and the write was refused for it: nothing was
 * written. Retrying reads the record again, so the edit made meanwhile is weighed instead of overwritten.
 */
export class ChangedMeanwhileError extends TransientError {}

/** The API refused the data (400/422 validation). Not retryable: the data must be fixed first. */
export class ValidationError extends ConnectorError {}

/** The record does not exist (404). */
export class NotFoundError extends ConnectorError {}

/** A create met an existing id (Chargebee `duplicate_entry`): link to it instead of creating. */
export class DuplicateError extends ConnectorError {}

/** Credentials refused (401/403, OAuth `invalid_client`). Not retryable until configuration changes. */
export class AuthError extends ConnectorError {}

/** The real API cannot do what was asked (for example Chargebee business entities). */
export class UnsupportedError extends ConnectorError {}

/** The system is in a state that refuses the request (409). */
export class ConflictError extends ConnectorError {}
