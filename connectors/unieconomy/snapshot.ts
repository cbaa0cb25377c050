/**
 * Validates a Uni Economy record against its schema and wraps it as a RecordSnapshot.
 *
 * The API keeps no version counter, so the change time is the version: the latest of `CreatedAt`, `UpdatedAt`
 * (null until the first edit) and, for customers, `Info.UpdatedAt` (a rename may touch only the Info), in
 * epoch milliseconds. A record is deleted when its StatusCode is 90001 or its `Deleted` flag is set.
 */
import { UniStatusCode } from '../../generated/unieconomy';
import type { RecordSnapshot } from '../connector';
import { ConnectorError } from '../errors';
import { UNIECONOMY_SYSTEM } from './errors';
import type { ResourceDefinition } from './resources';

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of an API timestamp; one without a zone is UTC (GUESS: the API answers UTC). */
export function parseUniTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_TIMESTAMP.exec(value.trim());
  if (!match?.[1]) return undefined;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const zone = match[3] ?? 'Z';
  const seconds = match[1].length === 16 ? `${match[1]}:00` : match[1];
  const parsed = Date.parse(`${seconds}.${millis}${zone}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A filter literal's text for epoch ms: ISO-8601 UTC with milliseconds. */
export const toUniTimestamp = (epochMs: number): string => new Date(Math.floor(epochMs)).toISOString();

/** The latest change time a raw record shows, or undefined when it shows none that can be read. */
export function changeTimeOf(record: Record<string, unknown>): number | undefined {
  const info = record['Info'];
  const infoFields = typeof info === 'object' && info !== null ? (info as Record<string, unknown>) : {};
  const times = [record['CreatedAt'], record['UpdatedAt'], infoFields['UpdatedAt']]
    .map(parseUniTimestamp)
    .filter((time): time is number => time !== undefined);
  return times.length === 0 ? undefined : Math.max(...times);
}

export const isDeletedRecord = (record: Record<string, unknown>): boolean =>
  record['StatusCode'] === UniStatusCode.Deleted || record['Deleted'] === true;

export function parseRecord(resource: ResourceDefinition, raw: unknown, record: string): Record<string, unknown> {
  const parsed = resource.readSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  const first = parsed.error.issues[0]?.path.join('.');
  throw new ConnectorError(
    `Uni Economy answered a ${resource.type} record that does not match the API schema (${record}): ${issues}`,
    {
      system: UNIECONOMY_SYSTEM,
      record,
      ...(first ? { field: first } : {}),
    },
  );
}

/** The record's ID as a string, when it is an exact integer. */
export function exactId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return String(Number(value));
  return undefined;
}

export function toSnapshot(
  resource: ResourceDefinition,
  data: Record<string, unknown>,
  context: string,
): RecordSnapshot {
  const id = exactId(data['ID']);
  if (id === undefined) {
    throw new ConnectorError(`Uni Economy ${context}: the ${resource.type} record has no exact integer ID`, {
      system: UNIECONOMY_SYSTEM,
      record: context,
      field: 'ID',
    });
  }
  const record = `${resource.type}/${id}`;
  const changedAt = changeTimeOf(data);
  if (changedAt === undefined) {
    throw new ConnectorError(
      `Uni Economy ${record}: CreatedAt is missing or unreadable (${String(data['CreatedAt'])})`,
      {
        system: UNIECONOMY_SYSTEM,
        record,
        field: 'CreatedAt',
      },
    );
  }
  return {
    system: UNIECONOMY_SYSTEM,
    type: resource.type,
    id,
    version: changedAt,
    changedAt,
    deleted: isDeletedRecord(data),
    data,
  };
}

/** Validates a raw record and wraps it; throws a ConnectorError naming the record and the field. */
export function snapshotOf(resource: ResourceDefinition, raw: unknown, record: string): RecordSnapshot {
  return toSnapshot(resource, parseRecord(resource, raw, record), record);
}
