/**
 * List operations as Chargebee answers them: `limit` (1–100, default 10), an opaque `offset` taken from the
 * previous page's `next_offset`, filters `<attr>[<operator>]=<value>` (`in`, `not_in` and `between` carry a
 * JSON array in one field), `sort_by[asc|desc]=<attr>` and, where the resource has it, `include_deleted`.
 *
 * Paging is by key, not by position: `next_offset` holds the sort value and creation sequence of the last
 * record served, so a record that changes between two pages is never skipped (it may be served again later
 * in an `updated_at` order, as on the real API).
 *
 * The sandbox refuses a filter on an attribute the resource does not filter by (400), rather than ignoring
 * it: a client that thinks it filtered (say `po_number[is]` on invoices) must not silently get everything.
 */
import { invalidRequest, wrongValue } from './api-error';
import type { FormNode, FormTree } from './form';
import type { StoredRecord } from './records';

export type FilterKind = 'string' | 'enum' | 'timestamp' | 'boolean' | 'number';

const OPERATORS: Record<FilterKind, readonly string[]> = {
  string: ['is', 'is_not', 'starts_with', 'is_present', 'in', 'not_in'],
  enum: ['is', 'is_not', 'is_present', 'in', 'not_in'],
  timestamp: ['after', 'before', 'on', 'between', 'is_present'],
  boolean: ['is', 'is_present'],
  number: ['is', 'is_not', 'lt', 'lte', 'gt', 'gte', 'between', 'is_present'],
};

export interface ListSpec<T> {
  /** For messages: `customer`, `item`, … */
  resource: string;
  filters: Record<string, FilterKind>;
  /** `cf_…` attributes the site defines; a filter on any other `cf_` attribute is refused. */
  customFields?: readonly string[];
  sortable: readonly string[];
  /** The attribute lists are ordered by without `sort_by` (creation order when undefined). */
  defaultSort?: string;
  defaultDirection?: 'asc' | 'desc';
  hasIncludeDeleted: boolean;
  /** Whether a record shows up at all, given the request (deleted records, archived items…). */
  visible: (resource: T, request: FormTree) => boolean;
}

export interface ListPage<T> {
  records: StoredRecord<T>[];
  nextOffset?: string;
}

type Predicate<T> = (resource: T) => boolean;
type SortValue = string | number;

const fieldOf = (resource: unknown, field: string): unknown => (resource as Record<string, unknown>)[field];

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function scalar(node: FormNode | undefined, param: string): string {
  if (typeof node !== 'string') throw wrongValue(param, 'wrong format');
  return node;
}

function jsonArray(value: string, param: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw wrongValue(param, 'must be a JSON array, for example ["a","b"]');
}

function timestamp(value: unknown, param: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw wrongValue(param, 'must be a timestamp in seconds');
}

function numberValue(value: unknown, param: string): number {
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(parsed)) throw wrongValue(param, 'must be a number');
  return parsed;
}

function booleanValue(value: string, param: string): boolean {
  if (value !== 'true' && value !== 'false') throw wrongValue(param, 'must be true or false');
  return value === 'true';
}

const sameUtcDay = (a: number, b: number): boolean => Math.floor(a / 86_400) === Math.floor(b / 86_400);

function predicateFor<T>(field: string, kind: FilterKind, operator: string, raw: string): Predicate<T> {
  const param = `${field}[${operator}]`;
  const get = (resource: T) => fieldOf(resource, field);
  if (operator === 'is_present') {
    const wanted = booleanValue(raw, param);
    return (resource) => present(get(resource)) === wanted;
  }
  switch (kind) {
    case 'string':
    case 'enum': {
      if (operator === 'in' || operator === 'not_in') {
        const values = new Set(jsonArray(raw, param).map(String));
        return operator === 'in'
          ? (resource) => present(get(resource)) && values.has(String(get(resource)))
          : (resource) => !present(get(resource)) || !values.has(String(get(resource)));
      }
      if (operator === 'is') return (resource) => present(get(resource)) && String(get(resource)) === raw;
      if (operator === 'is_not') return (resource) => !present(get(resource)) || String(get(resource)) !== raw;
      return (resource) => present(get(resource)) && String(get(resource)).startsWith(raw);
    }
    case 'boolean': {
      const wanted = booleanValue(raw, param);
      return (resource) => get(resource) === wanted;
    }
    case 'timestamp': {
      const seconds = (resource: T): number | undefined => {
        const value = get(resource);
        return typeof value === 'number' ? value : undefined;
      };
      if (operator === 'between') {
        const bounds = jsonArray(raw, param).map((value) => timestamp(value, param));
        const [from, to] = bounds;
        if (bounds.length !== 2 || from === undefined || to === undefined) throw wrongValue(param, 'must be [from,to]');
        return (resource) => {
          const value = seconds(resource);
          return value !== undefined && value >= from && value <= to;
        };
      }
      const at = timestamp(raw, param);
      return (resource) => {
        const value = seconds(resource);
        if (value === undefined) return false;
        if (operator === 'after') return value > at;
        if (operator === 'before') return value < at;
        return sameUtcDay(value, at);
      };
    }
    case 'number': {
      if (operator === 'between') {
        const bounds = jsonArray(raw, param).map((value) => numberValue(value, param));
        const [from, to] = bounds;
        if (bounds.length !== 2 || from === undefined || to === undefined) throw wrongValue(param, 'must be [from,to]');
        return (resource) => {
          const value = get(resource);
          return typeof value === 'number' && value >= from && value <= to;
        };
      }
      const wanted = numberValue(raw, param);
      return (resource) => {
        const value = get(resource);
        if (typeof value !== 'number') return operator === 'is_not';
        switch (operator) {
          case 'is':
            return value === wanted;
          case 'is_not':
            return value !== wanted;
          case 'lt':
            return value < wanted;
          case 'lte':
            return value <= wanted;
          case 'gt':
            return value > wanted;
          default:
            return value >= wanted;
        }
      };
    }
  }
}

const RESERVED = new Set(['limit', 'offset', 'sort_by', 'include_deleted']);

function filtersOf<T>(spec: ListSpec<T>, request: FormTree): Predicate<T>[] {
  const predicates: Predicate<T>[] = [];
  for (const [field, node] of Object.entries(request)) {
    if (RESERVED.has(field)) continue;
    if (typeof node !== 'object' || Array.isArray(node)) continue; // plain params a list ignores
    let kind = spec.filters[field];
    if (field.startsWith('cf_')) {
      if (!(spec.customFields ?? []).includes(field))
        throw wrongValue(field, `custom field ${field} is not defined for ${spec.resource}s on this site`);
      kind = 'string';
    }
    if (kind === undefined)
      throw invalidRequest(`${field} : ${spec.resource} list cannot be filtered by ${field}`, field);
    for (const [operator, value] of Object.entries(node)) {
      if (!OPERATORS[kind].includes(operator))
        throw wrongValue(`${field}[${operator}]`, `unsupported operator; use one of ${OPERATORS[kind].join(', ')}`);
      predicates.push(predicateFor<T>(field, kind, operator, scalar(value, `${field}[${operator}]`)));
    }
  }
  return predicates;
}

function sortOf<T>(spec: ListSpec<T>, request: FormTree): { field: string | undefined; direction: 'asc' | 'desc' } {
  const sortBy = request.sort_by;
  if (sortBy === undefined) return { field: spec.defaultSort, direction: spec.defaultDirection ?? 'asc' };
  if (typeof sortBy !== 'object' || Array.isArray(sortBy))
    throw wrongValue('sort_by', 'use sort_by[asc] or sort_by[desc]');
  const entries = Object.entries(sortBy);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined || (entry[0] !== 'asc' && entry[0] !== 'desc')) {
    throw wrongValue('sort_by', 'use exactly one of sort_by[asc] or sort_by[desc]');
  }
  const [direction, field] = entry;
  const param = `sort_by[${direction}]`;
  const name = scalar(field, param);
  if (!spec.sortable.includes(name))
    throw wrongValue(param, `cannot sort by ${name}; allowed: ${spec.sortable.join(', ')}`);
  return { field: name, direction };
}

function limitOf(request: FormTree): number {
  const raw = request.limit;
  if (raw === undefined) return 10;
  const value = scalar(raw, 'limit');
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw wrongValue('limit', 'must be between 1 and 100');
  return Number(value);
}

function offsetOf(request: FormTree): [SortValue, number] | undefined {
  const raw = request.offset;
  if (raw === undefined || raw === '') return undefined;
  const value = scalar(raw, 'offset');
  try {
    const parsed: unknown = JSON.parse(value);
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^\d+$/.test(parsed[1])
    ) {
      return [parsed[0], Number(parsed[1])];
    }
  } catch {
    // reported below
  }
  throw wrongValue('offset', 'invalid offset; pass back the next_offset of the previous page');
}

export function listRecords<T>(spec: ListSpec<T>, all: StoredRecord<T>[], request: FormTree): ListPage<T> {
  const limit = limitOf(request);
  const after = offsetOf(request);
  const predicates = filtersOf(spec, request);
  const { field, direction } = sortOf(spec, request);
  if (spec.hasIncludeDeleted && request.include_deleted !== undefined)
    booleanValue(scalar(request.include_deleted, 'include_deleted'), 'include_deleted');

  const keyOf = (record: StoredRecord<T>): [SortValue, number] => {
    if (field === undefined) return [record.seq, record.seq];
    const value = fieldOf(record.resource, field);
    return [typeof value === 'number' || typeof value === 'string' ? value : 0, record.seq];
  };
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (a: [SortValue, number], b: [SortValue, number]): number => {
    const byValue = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
    return sign * (byValue !== 0 ? byValue : a[1] - b[1]);
  };

  // One pass that keeps only the page, in order: sorting every match for each page made listing a collection of
  // 100,000 customers a page at a time cost the sandbox minutes of CPU (the benchmark's machine shares it).
  const page: { record: StoredRecord<T>; key: [SortValue, number] }[] = [];
  let matching = 0;
  for (const record of all) {
    if (!spec.visible(record.resource, request) || !predicates.every((predicate) => predicate(record.resource)))
      continue;
    const key = keyOf(record);
    if (after !== undefined && compare(key, after) <= 0) continue;
    matching += 1;
    const lastKept = page[page.length - 1];
    if (page.length === limit && lastKept !== undefined && compare(key, lastKept.key) >= 0) continue;
    let at = page.length;
    for (let before = page[at - 1]; before !== undefined && compare(key, before.key) < 0; before = page[at - 1]) {
      at -= 1;
    }
    page.splice(at, 0, { record, key });
    if (page.length > limit) page.pop();
  }

  const last = page[page.length - 1];
  const result: ListPage<T> = { records: page.map((entry) => entry.record) };
  if (matching > limit && last) result.nextOffset = JSON.stringify([last.key[0], String(last.key[1])]);
  return result;
}

/** Whether a request asked for deleted records too (`include_deleted=true`). */
export const includesDeleted = (request: FormTree): boolean => request.include_deleted === 'true';
