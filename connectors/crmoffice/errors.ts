/**
 * Turns a CRMOffice error answer into a typed connector error carrying the API's own words.
 *
 * GUESS (nothing public shows CRMOffice's errors): ASP.NET Core's shapes. API errors as ProblemDetails, with
 * an `errors` map on validation failures whose keys are either JSON paths (`$.company.id`, for values of the
 * wrong type) or C# property names (`OrgNr`, `Company.Id`, for failed rules); both are turned back into the
 * API's JSON field names (`orgNr`, `company.id`). Token-endpoint errors as OAuth's `{error, error_description}`.
 * Anything else (an HTML page from a proxy, an empty 401) still maps by status.
 */
import { OAuthErrorResponse, ProblemDetails } from '../../generated/crmoffice';
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

export const CRMOFFICE_SYSTEM = 'crmoffice';

export interface ErrorContext {
  status: number;
  bodyText: string;
  retryAfterHeader: string | null;
  /** `PATCH /contacts/<id>`. */
  request: string;
  /** `contacts/<id>`, `contacts/(new)`. */
  record?: string;
}

interface FieldError {
  field: string;
  messages: string[];
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** `$.company.id` → `company.id`; `Company.Id` → `company.id`; `OrgNr` → `orgNr`. */
export function apiFieldName(key: string): string {
  return key
    .replace(/^\$\.?/, '')
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

function fieldErrors(problem: ProblemDetails): FieldError[] {
  return Object.entries(problem.errors ?? {}).map(([key, messages]) => ({ field: apiFieldName(key), messages }));
}

/** The API's own words: title, detail, and each field with its messages. */
function describeProblem(problem: ProblemDetails): string | undefined {
  const head = [problem.title, problem.detail].filter((part): part is string => part !== undefined && part !== '');
  const fields = fieldErrors(problem).map(({ field, messages }) => `${field || '(body)'}: ${messages.join(' ')}`);
  const parts = [head.join(': '), ...fields].filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join('; ');
}

export function errorFromResponse(context: ErrorContext): ConnectorError {
  const json = parseJson(context.bodyText);
  const problem = ProblemDetails.safeParse(json);
  const oauth = OAuthErrorResponse.safeParse(json);
  const apiMessage =
    (problem.success ? describeProblem(problem.data) : undefined) ??
    (oauth.success
      ? `${oauth.data.error}${oauth.data.error_description ? `: ${oauth.data.error_description}` : ''}`
      : undefined) ??
    (context.bodyText.trim() !== '' && json === undefined
      ? context.bodyText.trim().slice(0, 300)
      : `HTTP ${context.status}`);
  const where = context.record ? `${context.record}: ` : '';
  const message = `CRMOffice ${context.request} → ${context.status}: ${where}${apiMessage}`;
  const fields = problem.success ? fieldErrors(problem.data) : [];
  const code = oauth.success ? oauth.data.error : problem.success ? problem.data.title : undefined;
  const details: ConnectorErrorDetails = {
    system: CRMOFFICE_SYSTEM,
    status: context.status,
    ...(code !== undefined ? { code } : {}),
    ...(context.record ? { record: context.record } : {}),
    ...(fields[0] && fields[0].field !== '' ? { field: fields[0].field } : {}),
  };
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

/**
 * The token endpoint's 400s are OAuth errors that retrying cannot fix: a wrong client (`invalid_client`) or a
 * refresh token that was used or revoked (`invalid_grant`). They become AuthErrors that say what to do.
 */
export function tokenErrorFromResponse(context: ErrorContext): ConnectorError {
  const error = errorFromResponse(context);
  if (context.status !== 400 && context.status !== 401) return error;
  const oauth = OAuthErrorResponse.safeParse(parseJson(context.bodyText));
  const code = oauth.success ? oauth.data.error : 'invalid_request';
  const advice =
    code === 'invalid_grant'
      ? ' (the refresh token was refused: it was used already, revoked or expired; authorize linkflow again)'
      : code === 'invalid_client'
        ? ' (check CRMOFFICE_CLIENT_ID and CRMOFFICE_CLIENT_SECRET)'
        : '';
  return new AuthError(`${error.message}${advice}`, { system: CRMOFFICE_SYSTEM, status: context.status, code });
}
