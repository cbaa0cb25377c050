/**
 * Reads the query of a list request: `updatedSince`, `cursor`, `limit` and the resource's filters. Everything
 * malformed is a 400 naming the parameter. Unknown parameters are refused too (the contract allows it): a
 * client that misspells a filter would otherwise get every record back as if they all matched.
 */
import { CUSTOMCRM_PAGE_LIMIT, customCrmListFilters, type CustomCrmResource } from '../../generated/customcrm';
import { parameterInvalid } from './problems';

export interface ListRequest {
  /** Exclusive lower bound of `updatedAt`, epoch ms. */
  updatedSinceMs?: number;
  cursor?: string;
  limit: number;
  /** Filter name → the value as given (normalised where the contract says so, by the repository). */
  filters: Record<string, string>;
}

const PAGING = new Set(['updatedSince', 'cursor', 'limit']);
/** RFC 3339 date-time (`T`/`Z` in either case, `Z` or an offset), any number of fraction digits. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 instant in epoch ms; digits beyond milliseconds are dropped, as the contract says. */
export function parseInstant(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '.000').padEnd(4, '0').slice(0, 4);
  const ms = Date.parse(`${match[1] ?? ''}${fraction}${(match[3] ?? 'Z').toUpperCase()}`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseListRequest(resource: CustomCrmResource, search: URLSearchParams): ListRequest {
  const allowedFilters: readonly string[] = customCrmListFilters[resource];
  const filters: Record<string, string> = {};
  const request: ListRequest = { limit: CUSTOMCRM_PAGE_LIMIT.default, filters };
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    if (values.length > 1) throw parameterInvalid(name, 'is given more than once');
    const value = values[0] ?? '';
    if (!PAGING.has(name) && !allowedFilters.includes(name)) {
      const known = [...PAGING, ...allowedFilters].join(', ');
      throw parameterInvalid(name, `is not a parameter of GET /${resource} (known: ${known})`);
    }
    if (value === '') throw parameterInvalid(name, 'is empty');
    if (name === 'limit') {
      const limit = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
      if (!(limit >= 1 && limit <= CUSTOMCRM_PAGE_LIMIT.maximum)) {
        throw parameterInvalid('limit', `must be a whole number from 1 to ${CUSTOMCRM_PAGE_LIMIT.maximum}`);
      }
      request.limit = limit;
    } else if (name === 'updatedSince') {
      const ms = parseInstant(value);
      if (ms === undefined) {
        throw parameterInvalid('updatedSince', 'must be an RFC 3339 date-time such as 2025-03-01T09:30:00.125Z');
      }
      request.updatedSinceMs = ms;
    } else if (name === 'cursor') {
      request.cursor = value;
    } else {
      filters[name] = value;
    }
  }
  return request;
}
