/**
 * PowerOffice GO answers errors as RFC 7807 ProblemDetails (lower-case keys, as its examples and clients show),
 * with an ASP.NET-style `errors` map (field → messages) on validation failures. Repository functions throw
 * `PowerOfficeProblem`; the HTTP layer renders it.
 */
export type ProblemErrors = Record<string, string[]>;

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

export class PowerOfficeProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: ProblemErrors,
  ) {
    super(`${title}: ${detail}`);
    this.name = 'PowerOfficeProblem';
  }

  body(instance: string): Record<string, unknown> {
    const body: Record<string, unknown> = {
      type: TYPE_BY_STATUS[this.status] ?? TYPE_BY_STATUS[500],
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

/** 400 with every message per field; the detail repeats them so that a client logging only `detail` sees all. */
export function validationProblem(entity: string, errors: ProblemErrors): PowerOfficeProblem {
  const detail = Object.values(errors).flat().join(' ');
  return new PowerOfficeProblem(400, `${entity} validation error(s)`, detail, errors);
}

export function notFound(entity: string, id: string | number): PowerOfficeProblem {
  return new PowerOfficeProblem(404, 'Object(s) not found', `${entity} with id = ${id} not found.`);
}

export function badRequest(title: string, detail: string): PowerOfficeProblem {
  return new PowerOfficeProblem(400, title, detail);
}

export function inUse(entity: string, id: string | number, usedBy: string): PowerOfficeProblem {
  return new PowerOfficeProblem(
    409,
    'Conflict',
    `${entity} with id = ${id} is in use (${usedBy}) and cannot be deleted.`,
  );
}

/** Collects field errors while validating one record. */
export class ErrorCollector {
  readonly errors: ProblemErrors = {};
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
  throwIfAny(entity: string): void {
    if (!this.empty) throw validationProblem(entity, this.errors);
  }
}
