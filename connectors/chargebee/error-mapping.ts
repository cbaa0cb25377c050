/**
 * Turns what the SDK throws into the connector's typed errors. The SDK rejects with the API's JSON error body
 * (plus `http_status_code` and `headers`) for HTTP errors, with a ChargebeeError it makes up for non-JSON 5xx
 * bodies and timeouts (504), and with fetch's TypeError for network faults.
 */
import { z } from 'zod';
import { retryAfterFromHeader } from '../common';
import {
  AuthError,
  ConflictError,
  type ConnectorError,
  type ConnectorErrorDetails,
  DuplicateError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../errors';

export const CHARGEBEE_SYSTEM = 'chargebee';

/** What a request was doing, for messages that name the operation and the record. */
export interface RequestContext {
  /** For example `create customer`, `list orders`. */
  action: string;
  /** For example `customer pogo-c-1`. */
  record?: string;
}

const chargebeeErrorSchema = z.object({
  message: z.string().optional(),
  api_error_code: z.string().optional(),
  error_code: z.string().optional(),
  param: z.union([z.string(), z.array(z.string())]).optional(),
  http_status_code: z.number().int(),
  headers: z.record(z.string(), z.string()).nullable().optional(),
});
type ChargebeeErrorBody = z.infer<typeof chargebeeErrorSchema>;

/**
 * fetch's failure: a TypeError ("fetch failed") with the socket error as its cause. Recognised by shape, not
 * by `instanceof`, because fetch may create it in another realm (test runners, workers).
 */
const networkFailureSchema = z.object({
  name: z.literal('TypeError'),
  message: z.string(),
  cause: z.object({ code: z.string().optional() }).optional(),
});

export function toConnectorError(error: unknown, context: RequestContext, site: string): ConnectorError | unknown {
  const parsed = chargebeeErrorSchema.safeParse(error);
  if (parsed.success) return fromApiError(parsed.data, context, site);
  const network = networkFailureSchema.safeParse(error);
  if (network.success) {
    const code = network.data.cause?.code;
    return new TransientError(
      `Chargebee site ${site}: ${describe(context)} did not get an answer (${code ?? network.data.message}); it can be retried`,
      { system: CHARGEBEE_SYSTEM, code: code ?? 'network_error', ...recordOf(context) },
    );
  }
  // Anything else is a programming error in linkflow or the SDK: let it surface as it is.
  return error;
}

function fromApiError(body: ChargebeeErrorBody, context: RequestContext, site: string): ConnectorError {
  const status = body.http_status_code;
  const code = body.api_error_code ?? body.error_code;
  const field = Array.isArray(body.param) ? body.param.join(', ') : body.param;
  const details: ConnectorErrorDetails = {
    system: CHARGEBEE_SYSTEM,
    status,
    ...(code !== undefined ? { code } : {}),
    ...(field !== undefined ? { field } : {}),
    ...recordOf(context),
  };
  const apiMessage = body.message ?? 'no message';
  const blame = field !== undefined ? `, field ${field}` : '';
  const message = `Chargebee site ${site}: ${describe(context)} failed with ${status} ${code ?? 'unknown_error'}${blame}: ${apiMessage}`;

  if (status === 429) {
    const retryAfterMs = retryAfterFromHeader(body.headers?.['retry-after']);
    return new RateLimitedError(message, { ...details, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500) return new TransientError(message, details);
  if (status === 401 || status === 403) return new AuthError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 409) return new ConflictError(message, details);
  if (code === 'duplicate_entry') return new DuplicateError(message, details);
  return new ValidationError(message, details);
}

function describe(context: RequestContext): string {
  return context.record !== undefined ? `${context.action} (${context.record})` : context.action;
}

function recordOf(context: RequestContext): { record?: string } {
  return context.record !== undefined ? { record: context.record } : {};
}
