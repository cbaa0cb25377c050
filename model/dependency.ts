/**
 * How a record's need for another is named in messages: the field that refers to it, or the bare key. Free of
 * zod, so that workflow code may use it (the workflow bundle carries no zod: see worker/create-worker.ts).
 */
import type { DependencyRequest } from './workflow-inputs';

export function describeDependency(dependency: Pick<DependencyRequest, 'field' | 'key'>): string {
  return dependency.field ? `${dependency.field} refers to ${dependency.key}` : `depends on ${dependency.key}`;
}
