/**
 * The contract's error answers: RFC 7807 problems (`application/problem+json`) whose `type` is one of the
 * contract's `ProblemType` URIs, with `errors` naming each field by JSON Pointer (body) or parameter (query).
 */
import type { FieldError, ProblemType } from '../../generated/customcrm';

type ProblemName =
  | 'unauthorized'
  | 'not-found'
  | 'method-not-allowed'
  | 'invalid-request'
  | 'unsupported-media-type'
  | 'validation-failed'
  | 'conflict'
  | 'rate-limited'
  | 'server-error';

const TITLES: Record<ProblemName, string> = {
  unauthorized: 'Unauthorized',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'invalid-request': 'Invalid request',
  'unsupported-media-type': 'Unsupported media type',
  'validation-failed': 'Validation failed',
  conflict: 'Conflict',
  'rate-limited': 'Too many requests',
  'server-error': 'Server error',
};

const STATUSES: Record<ProblemName, number> = {
  unauthorized: 401,
  'not-found': 404,
  'method-not-allowed': 405,
  'invalid-request': 400,
  'unsupported-media-type': 415,
  'validation-failed': 422,
  conflict: 409,
  'rate-limited': 429,
  'server-error': 500,
};

export class CustomCrmProblem extends Error {
  readonly status: number;
  readonly type: ProblemType;
  readonly title: string;

  constructor(
    readonly problem: ProblemName,
    readonly detail: string,
    readonly errors?: FieldError[],
    status?: number,
  ) {
    super(detail);
    this.name = 'CustomCrmProblem';
    this.status = status ?? STATUSES[problem];
    this.type = `urn:linkflow:customcrm:problem:${problem}`;
    this.title = TITLES[problem];
  }

  body(instance: string): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      ...(this.errors && this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}

/** RFC 6901: `~` → `~0`, `/` → `~1`, joined under a leading `/` (`""` is the whole body). */
export function jsonPointer(path: ReadonlyArray<string | number>): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export const validationFailed = (errors: FieldError[]): CustomCrmProblem =>
  new CustomCrmProblem(
    'validation-failed',
    errors.length === 1 && errors[0]
      ? `${errors[0].pointer ?? errors[0].parameter ?? ''}: ${errors[0].detail}`
      : `${errors.length} fields are invalid`,
    errors,
  );

export const fieldInvalid = (path: ReadonlyArray<string | number>, detail: string): CustomCrmProblem =>
  validationFailed([{ pointer: jsonPointer(path), detail }]);

export const parameterInvalid = (parameter: string, detail: string): CustomCrmProblem =>
  new CustomCrmProblem('invalid-request', `${parameter}: ${detail}`, [{ parameter, detail }]);

export const recordNotFound = (resource: string, id: string): CustomCrmProblem =>
  new CustomCrmProblem('not-found', `${resource}/${id} does not exist`);
