/**
 * Turns a Custom CRM error answer into a typed connector error carrying the API's own words.
 *
 * The contract makes every error an RFC 7807 problem whose `errors` name fields by JSON Pointer; the first one
 * becomes the error's `field` (`/lines/0/productId` → `lines.0.productId`) and the problem type's last part its
 * `code` (`validation-failed`). An implementation that answers something else (an HTML page from a proxy, a
 * bare `{ "error": … }`) still maps by status, with the body's first 300 characters as the message.
 */
import { z } from 'zod';
import { retryAfterMs } from '../common/retry-after';
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

export const CUSTOMCRM_SYSTEM = 'customcrm';

/**
 * The contract's Problem, read leniently: the generated schema insists on the contract's `type` URIs, but a
 * message from a not-quite-conforming implementation is still worth showing.
 */
const problemBody = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        pointer: z.string().optional(),
        parameter: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .optional(),
});
type ProblemBody = z.infer<typeof problemBody>;

export interface ErrorContext {
  status: number;
  bodyText: string;
  retryAfterHeader: string | null;
  /** `PATCH /contacts/<id>`. */
  request: string;
  /** `contacts/<id>`, `contacts/(new)`. */
  record?: string;
}

/** RFC 6901 pointer → dotted field name: `/lines/0/productId` → `lines.0.productId`, `""` → `(body)`. */
export function fieldOfPointer(pointer: string): string {
  if (pointer === '') return '(body)';
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function fieldsOf(problem: ProblemBody): Array<{ field: string; detail: string }> {
  return (problem.errors ?? []).map((error) => ({
    field: error.pointer !== undefined ? fieldOfPointer(error.pointer) : (error.parameter ?? '(request)'),
    detail: error.detail ?? 'invalid',
  }));
}

/** "title: detail; field: detail" — the API's own words. */
function describeProblem(problem: ProblemBody): string | undefined {
  const head = [problem.title, problem.detail].filter((part): part is string => part !== undefined && part !== '');
  const fields = fieldsOf(problem).map(({ field, detail }) => `${field}: ${detail}`);
  const parts = [head.join(': '), ...fields].filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join('; ');
}

export function errorFromResponse(context: ErrorContext): ConnectorError {
  const json = parseJson(context.bodyText);
  const parsed = problemBody.safeParse(json);
  const problem = parsed.success ? parsed.data : undefined;
  const apiMessage =
    (problem ? describeProblem(problem) : undefined) ??
    (context.bodyText.trim() !== '' ? context.bodyText.trim().slice(0, 300) : `HTTP ${context.status}`);
  const where = context.record ? `${context.record}: ` : '';
  const message = `Custom CRM ${context.request} → ${context.status}: ${where}${apiMessage}`;
  const firstField = problem ? fieldsOf(problem)[0]?.field : undefined;
  const code = problem?.type?.split(':').pop();
  const details: ConnectorErrorDetails = {
    system: CUSTOMCRM_SYSTEM,
    status: context.status,
    ...(code ? { code } : {}),
    ...(context.record ? { record: context.record } : {}),
    ...(firstField !== undefined ? { field: firstField } : {}),
  };
  const status = context.status;
  if (status === 429) {
    const wait = retryAfterMs(context.retryAfterHeader, context.bodyText);
    return new RateLimitedError(message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  if (status === 401 || status === 403) return new AuthError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 409) return new ConflictError(message, details);
  if (status === 400 || status === 415 || status === 422) return new ValidationError(message, details);
  if (status === 408 || status >= 500) {
    const wait = retryAfterMs(context.retryAfterHeader, null);
    return new TransientError(message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  return new ConnectorError(message, details);
}
