/**
 * Turns a PowerOffice GO error answer into a typed connector error carrying the API's own message.
 *
 * Three body shapes occur (reference §1, §4): RFC 7807 ProblemDetails (`title`, `detail`, maybe an ASP.NET
 * `errors` map of field → messages), the APIM gateway's `{statusCode, message}` (401, 429), and OAuth's
 * `{error, error_description}` on the token endpoint. The casing of ProblemDetails keys is unconfirmed
 * (schema PascalCase, examples lowercase), so keys are read case-insensitively.
 */
import { z } from 'zod';
import { AuthError, type ConnectorError } from '../errors';
import { httpError, type HttpErrorContext, type HttpErrorSystem } from '../common/http-error';

export const POWEROFFICE_SYSTEM = 'poweroffice-go';
export const POWEROFFICE: HttpErrorSystem = { system: POWEROFFICE_SYSTEM, label: 'PowerOffice GO' };

const fieldMessagesSchema = z.union([z.string(), z.array(z.unknown())]);

export interface ParsedErrorBody {
  title?: string;
  detail?: string;
  /** APIM `message` or OAuth `error_description`. */
  message?: string;
  /** OAuth `error` code. */
  oauthError?: string;
  /** Field → messages, from an `errors` map. */
  fieldErrors: { field: string; messages: string[] }[];
}

/** Reads whatever error shape the body has; never throws (a non-JSON body becomes the message). */
export function parseErrorBody(text: string): ParsedErrorBody {
  const result: ParsedErrorBody = { fieldErrors: [] };
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    result.message = text.trim().slice(0, 500);
    return result;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    if (typeof json === 'string') result.message = json;
    return result;
  }
  const byLowerKey = new Map(Object.entries(json).map(([key, value]) => [key.toLowerCase(), value] as const));
  const text_ = (key: string): string | undefined => {
    const value = byLowerKey.get(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const assign = (key: keyof Omit<ParsedErrorBody, 'fieldErrors'>, value: string | undefined): void => {
    if (value !== undefined) result[key] = value;
  };
  assign('title', text_('title'));
  assign('detail', text_('detail'));
  assign('message', text_('message') ?? text_('error_description'));
  assign('oauthError', text_('error'));
  const errors = byLowerKey.get('errors');
  if (typeof errors === 'object' && errors !== null && !Array.isArray(errors)) {
    for (const [field, raw] of Object.entries(errors)) {
      const parsed = fieldMessagesSchema.safeParse(raw);
      if (!parsed.success) continue;
      const messages = typeof parsed.data === 'string' ? [parsed.data] : parsed.data.map((entry) => String(entry));
      result.fieldErrors.push({ field: cleanFieldName(field), messages });
    }
  }
  return result;
}

/** ASP.NET names body fields as `$.MailAddress.City` or `MailAddress.City`; keep the latter. */
function cleanFieldName(field: string): string {
  return field.replace(/^\$\.?/, '');
}

export function errorFromResponse(context: HttpErrorContext): ConnectorError {
  const body = parseErrorBody(context.bodyText);
  return httpError(POWEROFFICE, context, {
    apiMessage: describe(body),
    code: (body.oauthError ?? body.title) || undefined,
    field: body.fieldErrors.length === 1 ? body.fieldErrors[0]?.field : undefined,
  });
}

/** The token endpoint answers OAuth errors with 400; every one of them means the keys or the grant are wrong. */
export function tokenErrorFromResponse(context: HttpErrorContext): ConnectorError {
  const error = errorFromResponse(context);
  if (context.status === 400) {
    const body = parseErrorBody(context.bodyText);
    return new AuthError(`${error.message}${body.oauthError ? '' : ' (token request refused)'}`, {
      system: POWEROFFICE_SYSTEM,
      status: context.status,
      code: body.oauthError ?? 'invalid_request',
    });
  }
  return error;
}

/** "title: detail; Field: message" — the API's own words, plus each field the API blamed. */
function describe(body: ParsedErrorBody): string | undefined {
  const head = [
    body.oauthError && body.message ? `${body.oauthError}: ${body.message}` : undefined,
    body.title,
    body.detail,
  ]
    .concat(body.oauthError && body.message ? [] : [body.message])
    .filter((part): part is string => part !== undefined);
  const fields = body.fieldErrors.map(({ field, messages }) => `${field}: ${messages.join(' ')}`);
  const parts = [head.join(': '), ...fields].filter((part) => part !== '');
  return parts.length === 0 ? undefined : parts.join('; ');
}
