/**
 * Errors as the sandbox answers them. No source shows Uni's error JSON: the sandbox answers the ASP.NET Web API
 * default body `{"Message": "..."}` (the troubleshooting guide quotes its 401 text), and on a 400 validation
 * failure adds `_validationResults`, property → [{Message, Level}] (the guide names the object, not its shape:
 * this shape is invented). Repository functions throw `UniApiError`; the routes render it.
 */
import type { UniErrorBody } from '../../generated/unieconomy';

export type ValidationResults = Record<string, { Message: string; Level: number }[]>;

/** GUESS: the severity the sandbox gives a refusing validation message. */
const ERROR_LEVEL = 3;

export class UniApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly validationResults?: ValidationResults,
  ) {
    super(message);
    this.name = 'UniApiError';
  }

  body(): UniErrorBody {
    return this.validationResults
      ? { Message: this.message, _validationResults: this.validationResults }
      : { Message: this.message };
  }
}

/** Collects property messages while validating one entity, then throws them as one 400. */
export class ValidationCollector {
  private readonly results: ValidationResults = {};

  add(property: string, message: string): void {
    (this.results[property] ??= []).push({ Message: message, Level: ERROR_LEVEL });
  }

  throwIfAny(entity: string): void {
    if (Object.keys(this.results).length > 0) throw this.toError(entity);
  }

  /** One 400 whose message repeats every property message, for clients that log only `Message`. */
  toError(entity: string): UniApiError {
    const messages = Object.values(this.results)
      .flat()
      .map((result) => result.Message);
    return new UniApiError(400, `Validation failed for ${entity}: ${messages.join(' ')}`, { ...this.results });
  }
}

export const notFound = (entity: string, id: number | string): UniApiError =>
  new UniApiError(404, `${entity} with ID ${id} was not found`);

export const badRequest = (message: string): UniApiError => new UniApiError(400, message);

/** The ASP.NET Web API text for a request without a valid bearer token (quoted by the troubleshooting guide). */
export const AUTHORIZATION_DENIED = 'Authorization has been denied for this request.';
/** ASP.NET Web API's text for a path no route matches. */
export const noRoute = (url: string): UniApiError =>
  new UniApiError(404, `No HTTP resource was found that matches the request URI '${url}'.`);
