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
import { httpError, type HttpErrorContext, type HttpErrorSystem } from '../common/http-error';
import { AuthError, type ConnectorError } from '../errors';

export const CRMOFFICE_SYSTEM = 'crmoffice';
export const CRMOFFICE: HttpErrorSystem = { system: CRMOFFICE_SYSTEM, label: 'CRMOffice' };

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

export function errorFromResponse(context: HttpErrorContext): ConnectorError {
  const json = parseJson(context.bodyText);
  const problem = ProblemDetails.safeParse(json);
  const oauth = OAuthErrorResponse.safeParse(json);
  const fields = problem.success ? fieldErrors(problem.data) : [];
  return httpError(CRMOFFICE, context, {
    apiMessage:
      (problem.success ? describeProblem(problem.data) : undefined) ??
      (oauth.success
        ? `${oauth.data.error}${oauth.data.error_description ? `: ${oauth.data.error_description}` : ''}`
        : undefined) ??
      (context.bodyText.trim() !== '' && json === undefined ? context.bodyText.trim().slice(0, 300) : undefined),
    code: oauth.success ? oauth.data.error : problem.success ? problem.data.title : undefined,
    field: fields[0] && fields[0].field !== '' ? fields[0].field : undefined,
  });
}

/**
 * The token endpoint's 400s are OAuth errors that retrying cannot fix: a wrong client (`invalid_client`) or a
 * refresh token that was used or revoked (`invalid_grant`). They become AuthErrors that say what to do.
 */
export function tokenErrorFromResponse(context: HttpErrorContext): ConnectorError {
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
