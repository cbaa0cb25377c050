/**
 * The PowerOffice GO resources the sandbox serves: their DTO schemas (generated from the OpenAPI document), id
 * sequences, unique fields and the fields that reference other records (for 409 on delete).
 */
import { z } from 'zod';
import {
  ContactPersonDto,
  ContactPersonPostDto,
  CustomerDto,
  CustomerPostDto,
  DepartmentDto,
  DepartmentPostDto,
  EmployeeDto,
  EmployeePostDto,
  ProductDto,
  ProductPostDto,
  SalesOrderCompleteDto,
  SalesOrderCompletePostDto,
  SupplierDto,
  SupplierPostDto,
} from '../../generated/poweroffice-go';

export const POWEROFFICE_RESOURCES = [
  'Customers',
  'Suppliers',
  'Employees',
  'Departments',
  'Products',
  'ContactPersons',
  'SalesOrders',
] as const;
export type PowerOfficeResource = (typeof POWEROFFICE_RESOURCES)[number];
export const powerOfficeResourceSchema = z.enum(POWEROFFICE_RESOURCES);

export type Dto = Record<string, unknown>;

export interface ResourceDefinition {
  /** The entity named in messages ("Customer with id = 5 not found."). */
  entity: string;
  dto: z.ZodType;
  /** The schema a POST body is bound to, and PATCH paths are resolved against. */
  post: z.ZodType;
  idKind: 'int64' | 'uuid';
  /** Customers, suppliers and employees share the contact id space. */
  idSequence: string;
  idStart: number;
  createStatus: 200 | 201;
  /** Fields whose value must be unique within the resource (compared without case). */
  uniqueFields: string[];
}

/** The header of a sales order as PATCH /SalesOrders/{id} sees it: the Complete post DTO without its lines. */
export const salesOrderHeaderPatchSchema = SalesOrderCompletePostDto.omit({ SalesOrderLines: true });

export const RESOURCES: Record<PowerOfficeResource, ResourceDefinition> = {
  Customers: {
    entity: 'Customer',
    dto: CustomerDto,
    post: CustomerPostDto,
    idKind: 'int64',
    idSequence: 'contacts',
    idStart: 5000001,
    createStatus: 201,
    uniqueFields: ['Number', 'ExternalImportReference'],
  },
  Suppliers: {
    entity: 'Supplier',
    dto: SupplierDto,
    post: SupplierPostDto,
    idKind: 'int64',
    idSequence: 'contacts',
    idStart: 5000001,
    createStatus: 201,
    uniqueFields: ['Number', 'ExternalImportReference'],
  },
  Employees: {
    entity: 'Employee',
    dto: EmployeeDto,
    post: EmployeePostDto,
    idKind: 'int64',
    idSequence: 'contacts',
    idStart: 5000001,
    createStatus: 201,
    uniqueFields: ['Number', 'ExternalImportReference'],
  },
  Departments: {
    entity: 'Department',
    dto: DepartmentDto,
    post: DepartmentPostDto,
    idKind: 'int64',
    idSequence: 'departments',
    idStart: 1001,
    createStatus: 201,
    uniqueFields: ['Code'],
  },
  // SPEC documents 200 for POST /Products.
  Products: {
    entity: 'Product',
    dto: ProductDto,
    post: ProductPostDto,
    idKind: 'int64',
    idSequence: 'products',
    idStart: 300001,
    createStatus: 200,
    uniqueFields: ['Code'],
  },
  ContactPersons: {
    entity: 'ContactPerson',
    dto: ContactPersonDto,
    post: ContactPersonPostDto,
    idKind: 'int64',
    idSequence: 'contactPersons',
    idStart: 8000001,
    createStatus: 201,
    uniqueFields: ['ExternalCode'],
  },
  SalesOrders: {
    entity: 'SalesOrder',
    dto: SalesOrderCompleteDto,
    post: SalesOrderCompletePostDto,
    idKind: 'uuid',
    idSequence: 'salesOrders',
    idStart: 1,
    createStatus: 201,
    uniqueFields: [],
  },
};

/** First ledger numbers Go hands out when a POST leaves `Number` empty. */
export const NUMBER_START: Partial<Record<PowerOfficeResource, number>> = {
  Customers: 10000,
  Suppliers: 50000,
  Employees: 1,
};

export interface Reference {
  resource: PowerOfficeResource;
  id: string;
}

const ref = (resource: PowerOfficeResource, value: unknown): Reference[] =>
  typeof value === 'number' || (typeof value === 'string' && value !== '') ? [{ resource, id: String(value) }] : [];

/** The records a record points at; a referenced record answers 409 to DELETE. */
export function referencesOf(resource: PowerOfficeResource, dto: Dto): Reference[] {
  switch (resource) {
    case 'SalesOrders': {
      const lines = Array.isArray(dto.SalesOrderLines) ? dto.SalesOrderLines : [];
      return [
        ...ref('Customers', dto.CustomerId),
        ...ref('ContactPersons', dto.CustomerReferenceContactPersonId),
        ...ref('Departments', dto.DepartmentId),
        ...ref('Employees', dto.SalesPersonEmployeeId),
        ...lines.flatMap((line: unknown) =>
          typeof line === 'object' && line !== null && 'ProductId' in line ? ref('Products', line.ProductId) : [],
        ),
      ];
    }
    case 'Customers':
      return [...ref('Departments', dto.DepartmentId), ...ref('Employees', dto.SalesPersonEmployeeId)];
    case 'Employees':
      return [...ref('Departments', dto.DepartmentId), ...ref('Employees', dto.ManagerEmployeeId)];
    case 'Departments':
      return ref('Employees', dto.ManagerEmployeeId);
    default:
      return [];
  }
}

/**
 * VAT by product group (a simplification of Go's VAT codes on sales accounts, so that line VatRate is
 * computed as the real API computes it from the product): food 15 %, exempt 0 %, everything else 25 %.
 */
export interface ProductGroup {
  Id: number;
  Code: string;
  name: string;
  vatRate: number;
  vatCode: string;
  vatId: number;
  salesAccount: number;
}
export const PRODUCT_GROUPS: ProductGroup[] = [
  { Id: 1, Code: 'VARER', name: 'Varer', vatRate: 0.25, vatCode: '3', vatId: 3, salesAccount: 3000 },
  { Id: 2, Code: 'TJENESTER', name: 'Tjenester', vatRate: 0.25, vatCode: '3', vatId: 3, salesAccount: 3010 },
  { Id: 3, Code: 'MAT', name: 'Næringsmidler', vatRate: 0.15, vatCode: '31', vatId: 31, salesAccount: 3030 },
  { Id: 4, Code: 'FRITATT', name: 'Avgiftsfritt salg', vatRate: 0, vatCode: '5', vatId: 5, salesAccount: 3100 },
];
export const DEFAULT_VAT = { vatRate: 0.25, vatCode: '3', vatId: 3, salesAccount: 3000 };
