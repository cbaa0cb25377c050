/**
 * The Uni Economy resources linkflow uses, as data. The type names are the ones linkflow's dataflow files use
 * (`Customers`, `Departments`); the records keep the API's own field names, the customer's name nested as
 * `Info: { Name }` the way `expand=Info` returns it.
 */
import type { z } from 'zod';
import { Customer, CustomerWrite, Department, DepartmentWrite } from '../../generated/unieconomy';
import type { MergeKey, TypeCapabilities } from '../connector';

export const UNIECONOMY_TYPES = ['Customers', 'Departments'] as const;
export type UniEconomyType = (typeof UNIECONOMY_TYPES)[number];

export const isUniEconomyType = (type: string): type is UniEconomyType =>
  (UNIECONOMY_TYPES as readonly string[]).includes(type);

/** A field findByKey may filter on server-side (`<path> eq <literal>`). */
export interface KeyField {
  /** The path as the filter names it (`OrgNumber`, `Info.Name`). */
  path: string;
  kind: 'string' | 'number';
  /** How two values compare once the server has filtered (it compares without regard to case). */
  normalise: (value: string) => string;
}

export interface ResourceDefinition {
  type: UniEconomyType;
  /** The entity's route under the host. */
  path: string;
  /** `expand` on every read and write answer: the customer's name is on Info. */
  expand: string | undefined;
  readSchema: z.ZodType<Record<string, unknown>>;
  writeSchema: z.ZodType<Record<string, unknown>>;
  /**
   * The timestamps whose `ge` filter finds changed records. UpdatedAt is null until the first edit, so CreatedAt
   * finds new records; Info.UpdatedAt finds a renamed customer in case editing only its Info leaves the
   * customer's own UpdatedAt alone (undocumented, so not relied on).
   */
  changeFields: string[];
  /** Merge-key fields, by lower-case name. */
  keyFields: Record<string, KeyField>;
  /**
   * The field find-before-create looks a retried create up by. The API has no external-reference field on these
   * entities, so it is the record's own merge key when the data carries one.
   */
  referenceField: string;
  capabilities: TypeCapabilities;
}

const exact = (value: string): string => value;
/** Organisation numbers are written with and without spaces ("999 888 777"). */
const digitsOnly = (value: string): string => value.replace(/\s+/g, '');

export const RESOURCES: Record<UniEconomyType, ResourceDefinition> = {
  Customers: {
    type: 'Customers',
    path: '/api/biz/customers',
    expand: 'Info',
    readSchema: Customer,
    writeSchema: CustomerWrite,
    changeFields: ['UpdatedAt', 'CreatedAt', 'Info.UpdatedAt'],
    keyFields: {
      orgnumber: { path: 'OrgNumber', kind: 'string', normalise: digitsOnly },
      'info.name': { path: 'Info.Name', kind: 'string', normalise: exact },
      customernumber: { path: 'CustomerNumber', kind: 'number', normalise: exact },
      weburl: { path: 'WebUrl', kind: 'string', normalise: exact },
    },
    referenceField: 'OrgNumber',
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes:
        'The name is Info.Name (write it nested: Info: {Name}); a create needs Info.Name or OrgNumber. ' +
        'No external-reference field exists: a retried create is found by OrgNumber, and one without an org number ' +
        'is refused by its repeated _createguid (DuplicateError) rather than duplicated. Deleted customers (StatusCode 90001) come through readChanges with deleted: true.',
    },
  },
  Departments: {
    type: 'Departments',
    path: '/api/biz/departments',
    expand: undefined,
    readSchema: Department,
    writeSchema: DepartmentWrite,
    changeFields: ['UpdatedAt', 'CreatedAt'],
    keyFields: {
      name: { path: 'Name', kind: 'string', normalise: exact },
      departmentnumber: { path: 'DepartmentNumber', kind: 'string', normalise: exact },
    },
    referenceField: 'Name',
    capabilities: {
      read: true,
      create: true,
      update: true,
      notes:
        'A create needs Name; DepartmentNumber is handed out when left out. No external-reference field exists: a retried create is found by Name.',
    },
  },
};

/** The merge key find-before-create uses for `data`, when it carries a value for the resource's reference. */
export function referenceKey(resource: ResourceDefinition, data: Record<string, unknown>): MergeKey | undefined {
  const value = readPath(data, resource.referenceField);
  return typeof value === 'string' && value.trim() !== '' ? { field: resource.referenceField, value } : undefined;
}

/** Reads a dotted path (`Info.Name`) from a record. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A filter literal: single-quoted, a quote inside doubled. */
export const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;
