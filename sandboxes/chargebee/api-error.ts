/**
 * Chargebee's error answer. The body carries the documented attributes (`message`, `type`,
 * `api_error_code`, `param`) and the deprecated ones older clients still read (`error_code`, `error_msg`,
 * `http_status_code`). Status codes follow the real API: validation and duplicates are 400, never 409.
 */
export type ChargebeeErrorType = 'invalid_request' | 'operation_failed' | 'payment';

export interface ChargebeeErrorBody {
  message: string;
  type?: ChargebeeErrorType;
  api_error_code: string;
  param?: string;
  error_code: string;
  error_msg: string;
  http_status_code: number;
}

export class ChargebeeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly type?: ChargebeeErrorType,
  ) {
    super(message);
  }

  body(): ChargebeeErrorBody {
    const body: ChargebeeErrorBody = {
      message: this.message,
      api_error_code: this.code,
      error_code: this.code,
      error_msg: this.message,
      http_status_code: this.status,
    };
    if (this.type !== undefined) body.type = this.type;
    if (this.param !== undefined) body.param = this.param;
    return body;
  }
}

export const wrongValue = (param: string, reason: string): ChargebeeApiError =>
  new ChargebeeApiError(400, 'param_wrong_value', `${param} : ${reason}`, param, 'invalid_request');

export const invalidRequest = (message: string, param?: string): ChargebeeApiError =>
  new ChargebeeApiError(400, 'invalid_request', message, param, 'invalid_request');

export const duplicateEntry = (param: string, value: string): ChargebeeApiError =>
  new ChargebeeApiError(
    400,
    'duplicate_entry',
    `${param} : The value ${value} is already present.`,
    param,
    'invalid_request',
  );

export const notFound = (what: string, id: string, param = 'id'): ChargebeeApiError =>
  new ChargebeeApiError(
    404,
    'resource_not_found',
    `Sorry, we couldn't find that resource: ${what} ${id} not found.`,
    param,
    'invalid_request',
  );

export const invalidState = (message: string): ChargebeeApiError =>
  new ChargebeeApiError(409, 'invalid_state_for_request', message, undefined, 'invalid_request');

export const configurationIncompatible = (message: string): ChargebeeApiError =>
  new ChargebeeApiError(400, 'configuration_incompatible', message, undefined, 'invalid_request');

export const authenticationFailed = (): ChargebeeApiError =>
  new ChargebeeApiError(401, 'api_authentication_failed', 'Sorry, authentication failed. Invalid api key.');

export const methodNotSupported = (method: string): ChargebeeApiError =>
  new ChargebeeApiError(
    405,
    'http_method_not_supported',
    `Sorry, the ${method} method is not supported; this API uses only GET and POST.`,
  );

export const rateLimited = (): ChargebeeApiError =>
  new ChargebeeApiError(
    429,
    'api_request_limit_exceeded',
    'Sorry, access has been blocked temporarily due to request count exceeding acceptable limits. Please try after some time.',
  );

export const internalError = (): ChargebeeApiError =>
  new ChargebeeApiError(
    500,
    'internal_error',
    'Sorry, something went wrong when trying to process the request. If this problem persists, contact us at support@chargebee.com.',
  );
