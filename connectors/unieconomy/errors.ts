/**
 * Turns a Uni Economy error answer into a typed connector error carrying the API's own message.
 *
 * Two body shapes occur: the API's (GUESS, no source shows the JSON: ASP.NET Web API's `{"Message"}`, plus
 * `_validationResults` property → [{Message}] on a 400) and the identity server's OAuth `{error,
 * error_description}`. Keys are read without regard to case, and any body that is not JSON becomes the message.
 */
import { UniErrorBody, UniOAuthError } from '../../generated/unieconomy';
import { describeHttpError, errorForStatus, type HttpErrorContext, type HttpErrorSystem } from '../common/http-error';
import { AuthError, DuplicateError, type ConnectorError } from '../errors';

export const UNIECONOMY_SYSTEM = 'unieconomy';
export const UNIECONOMY: HttpErrorSystem = { system: UNIECONOMY_SYSTEM, label: 'Uni Economy' };

export interface ParsedErrorBody {
  message?: string;
  oauthError?: string;
  /** Property → messages, in the order the API listed them. */
  propertyErrors: { property: string; messages: string[] }[];
}

function lowerCaseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), inner]));
}

/** Reads whatever error shape the body has; never throws. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return { message: text.trim().slice(0, 500), propertyErrors: [] };
  }
  if (typeof json === 'string') return { message: json, propertyErrors: [] };
  // A body of JSON null (or a number) carries no error shape at all.
  if (json === null || typeof json !== 'object') return { propertyErrors: [] };
  const oauth = UniOAuthError.safeParse(json);
  if (oauth.success) {
    return {
      oauthError: oauth.data.error,
      ...(oauth.data.error_description ? { message: oauth.data.error_description } : {}),
      propertyErrors: [],
    };
  }
  // The API's casing is not documented: accept `message` as well as `Message`.
  const lower = lowerCaseKeys(json) as Record<string, unknown> | undefined;
  const api = UniErrorBody.safeParse(
    lower === undefined || typeof lower !== 'object'
      ? {}
      : { Message: lower['message'], _validationResults: lower['_validationresults'] },
  );
  if (!api.success) return { propertyErrors: [] };
  return {
    ...(api.data.Message ? { message: api.data.Message } : {}),
    propertyErrors: Object.entries(api.data._validationResults ?? {}).map(([property, results]) => ({
      property,
      messages: results.map((result) => result.Message),
    })),
  };
}

/** The write-only GUID of a create: the API refuses one it has seen, i.e. the create already happened. */
export const CREATE_GUID_PROPERTY = '_createguid';

export function errorFromResponse(context: HttpErrorContext): ConnectorError {
  const body = parseErrorBody(context.bodyText);
  const properties = body.propertyErrors.map(({ property, messages }) => `${property}: ${messages.join(' ')}`);
  const apiMessage = [body.oauthError, body.message, ...properties]
    .filter((part) => part !== undefined && part !== '')
    .join('; ');
  const { message, details } = describeHttpError(UNIECONOMY, context, {
    apiMessage: apiMessage || undefined,
    code: body.oauthError || undefined,
    field: body.propertyErrors[0]?.property || undefined,
  });
  const createSeen = body.propertyErrors.some(({ property }) => property.toLowerCase() === CREATE_GUID_PROPERTY);
  if ((context.status === 400 || context.status === 422) && createSeen)
    return new DuplicateError(message, { ...details, field: CREATE_GUID_PROPERTY });
  // A 500 is often a foreign-key violation here (the troubleshooting guide), which no retry fixes; it cannot be
  // told from a passing failure, so it is retried like any 5xx and parks once the retries are spent.
  return errorForStatus(message, details, context);
}

/** The token endpoint answers every refusal of the client or its assertion with 400 (IdentityServer). */
export function tokenErrorFromResponse(context: HttpErrorContext): ConnectorError {
  const error = errorFromResponse(context);
  if (context.status !== 400 && context.status !== 401) return error;
  const body = parseErrorBody(context.bodyText);
  return new AuthError(error.message, {
    system: UNIECONOMY_SYSTEM,
    status: context.status,
    code: body.oauthError ?? 'invalid_request',
    record: 'OAuth token',
  });
}
