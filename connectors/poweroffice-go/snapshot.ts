/**
 * Validates a PowerOffice DTO against its generated schema and wraps it as a RecordSnapshot.
 * version = LastChangedDateTimeOffset in epoch ms with its sub-ms fraction, changedAt = whole ms.
 */
import { ConnectorError } from '../errors';
import type { RecordSnapshot } from '../connector';
import { POWEROFFICE_SYSTEM } from './errors';
import type { ResourceDefinition } from './resources';
import { parsePowerOfficeTimestamp } from './timestamps';
import type { z } from 'zod';

export function parseDto(
  resource: ResourceDefinition,
  schema: z.ZodType<Record<string, unknown>>,
  raw: unknown,
  record: string,
): Record<string, unknown> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  const first = parsed.error.issues[0]?.path.join('.');
  throw new ConnectorError(
    `PowerOffice GO answered a ${resource.type} record that does not match the API schema (${record}): ${issues}`,
    {
      system: POWEROFFICE_SYSTEM,
      record,
      ...(first ? { field: first } : {}),
    },
  );
}

/** Ids as strings; int64 ids must be exact, so an id beyond 2^53 (which JSON.parse would round) is refused. */
export function idToString(value: unknown, field: string, record: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new ConnectorError(`PowerOffice GO ${record}: ${field} ${String(value)} is not an exact integer id`, {
    system: POWEROFFICE_SYSTEM,
    record,
    field,
  });
}

/**
 * Where each resource gives its own creation time (a customer's `ContactCreatedDateTimeOffset` is its contact's,
 * which may be older than the customer).
 */
const CREATION_FIELDS = [
  'CreatedDateTimeOffset',
  'CustomerCreatedDateTimeOffset',
  'EmployeeCreatedDateTimeOffset',
  'SupplierCreatedDateTimeOffset',
];

export function toSnapshot(
  resource: ResourceDefinition,
  data: Record<string, unknown>,
  context: string,
): RecordSnapshot {
  const id = idToString(data['Id'], 'Id', context);
  if (id === undefined) {
    throw new ConnectorError(`PowerOffice GO ${context}: the ${resource.type} record has no Id`, {
      system: POWEROFFICE_SYSTEM,
      record: context,
      field: 'Id',
    });
  }
  const record = `${resource.type}/${id}`;
  const parentId = resource.parented ? idToString(data['ContactId'], 'ContactId', record) : undefined;
  const stamp = data['LastChangedDateTimeOffset'] ?? data['CreatedDateTimeOffset'];
  const instant = typeof stamp === 'string' ? parsePowerOfficeTimestamp(stamp) : undefined;
  if (!instant) {
    throw new ConnectorError(
      `PowerOffice GO ${record}: LastChangedDateTimeOffset is missing or unreadable (${String(stamp)})`,
      {
        system: POWEROFFICE_SYSTEM,
        record,
        field: 'LastChangedDateTimeOffset',
      },
    );
  }
  const created = CREATION_FIELDS.map((field) => data[field]).find((value) => typeof value === 'string');
  const createdAt = typeof created === 'string' ? parsePowerOfficeTimestamp(created)?.ms : undefined;
  return {
    system: POWEROFFICE_SYSTEM,
    type: resource.type,
    id,
    ...(parentId !== undefined ? { parentId } : {}),
    version: instant.precise,
    changedAt: instant.ms,
    ...(createdAt !== undefined ? { createdAt } : {}),
    deleted: false,
    data,
  };
}
