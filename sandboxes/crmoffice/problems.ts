/**
 * Error answers of the emulated API. GUESS (nothing public shows them): ASP.NET Core's defaults, because the
 * `/connect/*` paths and the Swagger UI point at an ASP.NET Core backend: RFC 7807 ProblemDetails with a
 * `traceId`, and for validation failures an `errors` map keyed by the property's C# name (PascalCase, nested
 * with dots: `Company.Id`), as ASP.NET's model validation writes it.
 */
import { randomBytes } from 'node:crypto';

export type FieldErrors = Record<string, string[]>;

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

export class CrmOfficeProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldErrors,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'CrmOfficeProblem';
  }

  body(instance: string): Record<string, unknown> {
    return {
      type: TYPE_BY_STATUS[this.status] ?? TYPE_BY_STATUS[500],
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(this.errors !== undefined ? { errors: this.errors } : {}),
      instance,
      traceId: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`,
    };
  }
}

/** ASP.NET's model-validation answer. */
export function validationProblem(errors: FieldErrors): CrmOfficeProblem {
  return new CrmOfficeProblem(400, 'One or more validation errors occurred.', undefined, errors);
}

export function notFound(resource: string, id: string): CrmOfficeProblem {
  return new CrmOfficeProblem(404, 'Not Found', `${resource} ${id} was not found.`);
}

/** Collects field errors while one request body is checked. */
export class FieldErrorCollector {
  readonly errors: FieldErrors = {};
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw validationProblem(this.errors);
  }
}

/** `orgNr` → `OrgNr`, `company.id` → `Company.Id`: how ASP.NET names a body property in `errors`. */
export function aspNetFieldName(path: ReadonlyArray<string | number>): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('.')
    .replace(/\.\[/g, '[');
}
