/**
 * The PowerOffice GO v2 resources linkflow uses, as data: paths, create status, DTO schema, server-side
 * filters usable as merge keys. The connector's type names are the API's resource names.
 */
import type { z } from 'zod';
import {
  ContactPersonDto,
  CustomerDto,
  DepartmentDto,
  EmployeeDto,
  ProductDto,
  SalesOrderCompleteDto,
  SalesOrderDto,
  SupplierDto,
} from '../../generated/poweroffice-go';
import type { TypeCapabilities } from '../connector';

export const POWEROFFICE_TYPES = [
  'Customers',
  'ContactPersons',
  'Employees',
  'Departments',
  'Products',
  'Suppliers',
  'SalesOrders',
] as const;
export type PowerOfficeType = (typeof POWEROFFICE_TYPES)[number];

export const isPowerOfficeType = (type: string): type is PowerOfficeType =>
  (POWEROFFICE_TYPES as readonly string[]).includes(type);

/** A list filter the API offers for a field, so that findByKey need not scan (values comma-separated). */
export interface ServerFilter {
  /** Query parameter name. */
  param: string;
  /** Numbers filters take digits only; a non-numeric key value cannot match. */
  numeric?: boolean;
}

export interface ResourceDefinition {
  type: PowerOfficeType;
  /** Listing (and, except for the parented ones, create) path. */
  collectionPath: string;
  /** Path of one record; `parentId` only for ContactPersons. */
  itemPath: (id: string, parentId: string | undefined) => string;
  /** Path `get` reads (SalesOrders: the header plus lines). */
  readPath: (id: string, parentId: string | undefined) => string;
  createPath: (parentId: string | undefined) => string;
  /** PowerOffice answers POST /Products with 200, the rest with 201. */
  createStatus: number;
  /** Ids are int64 (sent as digits) or uuids (SalesOrders). */
  idKind: 'int64' | 'uuid';
  /** Records are addressed under a parent contact (ContactPersons). */
  parented: boolean;
  /** DTO of listings and of PATCH answers. */
  listSchema: z.ZodType<Record<string, unknown>>;
  /** DTO of `get` and create answers. */
  readSchema: z.ZodType<Record<string, unknown>>;
  /** Server-side filters by field name (case-insensitive lookup). */
  filters: Record<string, ServerFilter>;
  /**
   * Where linkflow's reference (`CreateOptions.preferredId`) goes in a record it creates, and how a retried
   * create finds the record by it: a field with a server filter, or (SalesOrders) the orders this integration
   * made for the order's customer. Products have no such field: a retried create finds them by their Code.
   */
  reference?: { field: string; find: 'filter' | 'customer-orders'; filter?: string; maxLength: number };
  capabilities: TypeCapabilities;
}

const simple = (
  type: PowerOfficeType,
  schema: z.ZodType<Record<string, unknown>>,
  filters: Record<string, ServerFilter>,
  createStatus = 201,
  notes?: string,
  reference?: ResourceDefinition['reference'],
): ResourceDefinition => ({
  ...(reference ? { reference } : {}),
  type,
  collectionPath: `/${type}`,
  itemPath: (id) => `/${type}/${id}`,
  readPath: (id) => `/${type}/${id}`,
  createPath: () => `/${type}`,
  createStatus,
  idKind: 'int64',
  parented: false,
  listSchema: schema,
  readSchema: schema,
  filters,
  capabilities: { read: true, create: true, update: true, ...(notes ? { notes } : {}) },
});

const CONTACT_NOTE =
  'LastChangedDateTimeOffset does not move when only the address or contact persons change. No server filter on EmailAddress or OrganizationNumber: findByKey scans the list.';

export const RESOURCES: Record<PowerOfficeType, ResourceDefinition> = {
  Customers: simple(
    'Customers',
    CustomerDto,
    {
      Number: { param: 'customerNos', numeric: true },
      ExternalImportReference: { param: 'externalImportReference' },
      ExternalNumber: { param: 'externalNos', numeric: true },
    },
    201,
    `${CONTACT_NOTE} NationalIdNumber reads as "hidden".`,
    { field: 'ExternalImportReference', find: 'filter', filter: 'externalImportReference', maxLength: 50 },
  ),
  Suppliers: simple(
    'Suppliers',
    SupplierDto,
    {
      Number: { param: 'supplierNos', numeric: true },
      ExternalImportReference: { param: 'externalImportReference' },
      ExternalNumber: { param: 'externalNos', numeric: true },
    },
    201,
    CONTACT_NOTE,
    { field: 'ExternalImportReference', find: 'filter', filter: 'externalImportReference', maxLength: 50 },
  ),
  Employees: simple(
    'Employees',
    EmployeeDto,
    {
      Number: { param: 'employeeNos', numeric: true },
      ExternalImportReference: { param: 'externalImportReference' },
      ExternalNumber: { param: 'externalNos', numeric: true },
    },
    201,
    'No server filter on EmailAddress: findByKey scans the list.',
    { field: 'ExternalImportReference', find: 'filter', filter: 'externalImportReference', maxLength: 50 },
  ),
  Departments: simple('Departments', DepartmentDto, { Code: { param: 'codes' } }),
  Products: simple(
    'Products',
    ProductDto,
    { Name: { param: 'names' }, Code: { param: 'codes' } },
    200,
    'POST /Products answers 200. LastChangedDateTimeOffset ignores stock changes.',
  ),
  ContactPersons: {
    type: 'ContactPersons',
    collectionPath: '/ContactPersons',
    itemPath: (id, parentId) => `/ContactPersons/${parentId ?? ''}/${id}`,
    readPath: (id, parentId) => `/ContactPersons/${parentId ?? ''}/${id}`,
    createPath: (parentId) => `/ContactPersons/${parentId ?? ''}`,
    createStatus: 201,
    idKind: 'int64',
    parented: true,
    listSchema: ContactPersonDto,
    readSchema: ContactPersonDto,
    filters: { ExternalCode: { param: 'externalCodes' }, ContactId: { param: 'contactIds', numeric: true } },
    reference: { field: 'ExternalCode', find: 'filter', filter: 'externalCodes', maxLength: 50 },
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes:
        'Addressed under their customer or supplier (parentId = ContactId): create, get and update need it. No server filter on EmailAddress: findByKey scans the list.',
    },
  },
  SalesOrders: {
    type: 'SalesOrders',
    collectionPath: '/SalesOrders',
    itemPath: (id) => `/SalesOrders/${id}`,
    readPath: (id) => `/SalesOrders/${id}/Complete`,
    createPath: () => '/SalesOrders/Complete',
    createStatus: 201,
    idKind: 'uuid',
    parented: false,
    listSchema: SalesOrderDto,
    readSchema: SalesOrderCompleteDto,
    filters: {},
    // v2 has no filter on a sales order's ExternalImportReference: a retry reads this integration's orders of
    // the order's customer (two requests, only when an earlier attempt may have created it).
    reference: { field: 'ExternalImportReference', find: 'customer-orders', maxLength: 100 },
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes:
        'get returns the header with SalesOrderLines; create posts header and lines together (POST /SalesOrders/Complete); update patches the header only. ' +
        'readChanges yields headers: lines have no timestamps and a line change is not known to move the header, so re-read lines of changed orders (getSalesOrderLines). ' +
        "SalesOrderLines VatRate, VatAmount, NetAmount and TotalAmount are read-only (computed from the product's sales account VAT code).",
    },
  },
};
