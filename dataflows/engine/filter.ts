/** Record filters: which records of a resource a seed type denotes (Customers person = IsPerson true). */
import { getPath, isEmpty } from './paths';
import type { RecordFilterDecl } from './schema';

type Scalar = string | number | boolean;

function sameScalar(a: unknown, b: Scalar): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.toLowerCase();
  return a === b;
}

export function filterMatches(filter: RecordFilterDecl, record: unknown): boolean {
  const raw = getPath(record, filter.field);
  const value = isEmpty(raw) ? filter.missing : raw;
  if (filter.equals !== undefined) return sameScalar(value, filter.equals);
  if (filter.in !== undefined) return filter.in.some((v) => sameScalar(value, v));
  if (filter.not_in !== undefined) return !filter.not_in.some((v) => sameScalar(value, v));
  return true;
}

export function recordMatches(filters: readonly RecordFilterDecl[], record: unknown): boolean {
  return filters.every((f) => filterMatches(f, record));
}
