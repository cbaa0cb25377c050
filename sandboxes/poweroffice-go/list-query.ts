/**
 * The list query parameters PowerOffice GO documents for each resource, turned into store conditions. Query
 * names bind case-insensitively (ASP.NET); multi-value filters are comma-separated, and number filters take
 * ranges (`customerNos=10000-11000,12000,13000-`). Unknown parameters are ignored, as ASP.NET ignores them;
 * `Fields`, `OrderBy` and `contactGroupIds` are accepted but not applied (linkflow does not use them).
 */
import type { JsonCondition } from '../common/store';
import { formatTimestamp, parseTimestamp } from './clock';
import { badRequest } from './problems';
import type { ListQuery } from './repository';
import type { PowerOfficeResource } from './resources';

type FilterKind = 'numbers' | 'strings' | 'string' | 'boolean' | 'createdAfter' | 'onlyTrue';
interface FilterSpec {
  path: string;
  kind: FilterKind;
}

const contactFilters = (numbers: string, created: string, createdField: string): Record<string, FilterSpec> => ({
  [numbers]: { path: '$.Number', kind: 'numbers' },
  externalimportreference: { path: '$.ExternalImportReference', kind: 'string' },
  externalnos: { path: '$.ExternalNumber', kind: 'numbers' },
  [created]: { path: `$.${createdField}`, kind: 'createdAfter' },
});
const createdFilter = {
  createddatetimeoffsetgreaterthan: { path: '$.CreatedDateTimeOffset', kind: 'createdAfter' as const },
};

export const LIST_FILTERS: Record<PowerOfficeResource, Record<string, FilterSpec>> = {
  Customers: contactFilters('customernos', 'customercreateddatetimeoffsetgreaterthan', 'CustomerCreatedDateTimeOffset'),
  Suppliers: contactFilters('suppliernos', 'suppliercreateddatetimeoffsetgreaterthan', 'SupplierCreatedDateTimeOffset'),
  Employees: contactFilters('employeenos', 'employeecreateddatetimeoffsetgreaterthan', 'EmployeeCreatedDateTimeOffset'),
  Departments: {
    ...createdFilter,
    codes: { path: '$.Code', kind: 'strings' },
    name: { path: '$.Name', kind: 'string' },
    isactive: { path: '$.IsActive', kind: 'boolean' },
    manageremployeeno: { path: '$.ManagerEmployeeNo', kind: 'numbers' },
  },
  Products: {
    ...createdFilter,
    codes: { path: '$.Code', kind: 'strings' },
    names: { path: '$.Name', kind: 'strings' },
    isarchived: { path: '$.IsArchived', kind: 'boolean' },
    type: { path: '$.ProductType', kind: 'string' },
    productgroupcodes: { path: '$.ProductGroupCode', kind: 'strings' },
  },
  ContactPersons: {
    ...createdFilter,
    contactids: { path: '$.ContactId', kind: 'numbers' },
    externalcodes: { path: '$.ExternalCode', kind: 'strings' },
  },
  SalesOrders: {
    customernos: { path: '$.CustomerNo', kind: 'numbers' },
    orderstatus: { path: '$.SalesOrderStatus', kind: 'string' },
    departmentcodes: { path: '$.DepartmentCode', kind: 'strings' },
    onlycreatedbycurrentintegration: { path: '$.IsCreatedByCurrentIntegration', kind: 'onlyTrue' },
  },
};

const castError = (name: string, value: string, why: string) =>
  badRequest('Unable to cast object(s)', `${name} '${value}' ${why}`);

function numberAlternatives(name: string, value: string): NonNullable<JsonCondition['anyOf']> {
  return value.split(',').map((part) => {
    const range = /^\s*(-?\d+)?\s*(-)?\s*(\d+)?\s*$/.exec(part);
    if (!range || (!range[1] && !range[3]) || (range[3] && !range[2]))
      throw castError(name, value, 'must be numbers or ranges such as 10000-11000,12000,13000-.');
    if (Number(range[1]) < 0) throw castError(name, value, 'contains negative numbers.');
    const min = range[1] === undefined ? undefined : Number(range[1]);
    if (!range[2]) return { equals: Number(min) };
    return { ...(min !== undefined ? { min } : {}), ...(range[3] !== undefined ? { max: Number(range[3]) } : {}) };
  });
}

function parseBoolean(name: string, value: string): boolean {
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw badRequest('Invalid query parameter', `The value '${value}' is not valid for ${name}.`);
}

function parseInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw badRequest('Invalid query parameter', `The value '${value}' is not valid for ${name}.`);
  return Number(value);
}

export const MAX_PAGE_SIZE = 20000;

/** Reads paging, the change filter and the resource's filters from the query string. */
export function parseListQuery(resource: PowerOfficeResource, search: URLSearchParams): ListQuery {
  const params = new Map<string, { name: string; value: string }>();
  for (const [name, value] of search)
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), { name, value });

  const pageNumber = parseInteger('PageNumber', params.get('pagenumber')?.value, 1);
  const pageSize = parseInteger('PageSize', params.get('pagesize')?.value, 5000);
  if (pageNumber < 1) throw badRequest('Invalid query parameter', 'PageNumber must be 1 or greater.');
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw badRequest('Invalid query parameter', `PageSize must be between 1 and MaxPageSize (${MAX_PAGE_SIZE}).`);

  const query: ListQuery = { pageNumber, pageSize, where: [] };
  const changed = params.get('lastchangeddatetimeoffsetgreaterthan');
  if (changed && changed.value !== '') {
    const micros = parseTimestamp(changed.value);
    if (micros === null)
      throw badRequest('Invalid query parameter', `The value '${changed.value}' is not valid for ${changed.name}.`);
    query.changedAfterMicros = micros;
  }
  for (const [key, spec] of Object.entries(LIST_FILTERS[resource])) {
    const param = params.get(key);
    if (!param || param.value === '') continue;
    const { name, value } = param;
    switch (spec.kind) {
      case 'numbers':
        query.where?.push({ path: spec.path, anyOf: numberAlternatives(name, value) });
        break;
      case 'strings':
        query.where?.push({
          path: spec.path,
          anyOf: value.split(',').map((part) => ({ equals: part.trim() })),
          ignoreCase: true,
        });
        break;
      case 'string':
        query.where?.push({ path: spec.path, anyOf: [{ equals: value }], ignoreCase: true });
        break;
      case 'boolean':
        query.where?.push({ path: spec.path, anyOf: [{ equals: parseBoolean(name, value) }] });
        break;
      case 'onlyTrue':
        if (parseBoolean(name, value)) query.where?.push({ path: spec.path, anyOf: [{ equals: true }] });
        break;
      case 'createdAfter': {
        const micros = parseTimestamp(value);
        if (micros === null)
          throw badRequest('Invalid query parameter', `The value '${value}' is not valid for ${name}.`);
        // Stored timestamps share one sortable format, so comparing the text compares the instants.
        query.where?.push({ path: spec.path, greaterThan: formatTimestamp(micros) });
        break;
      }
    }
  }
  return query;
}
