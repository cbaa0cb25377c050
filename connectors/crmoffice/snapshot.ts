/**
 * Validates CRMOffice records against the hand-written schemas and wraps them as RecordSnapshots.
 *
 * CRMOffice shows no change timestamp, so `changedAt` and `version` are the time linkflow observed the record
 * (epoch ms): when a change read saw its content change, or when `get`/`create`/`update` received it. For
 * per-property "latest wins" this means an edit made in CRMOffice counts as made when linkflow saw it, up to
 * one poll interval after the fact; an edit in another system within that window loses to it.
 */
import type { RecordSnapshot } from '../connector';
import { ConnectorError } from '../errors';
import { CRMOFFICE_SYSTEM } from './errors';
import type { ResourceDefinition } from './resources';

/** An id as linkflow keeps it: a string, from a non-empty string or an exact integer. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

export function parentIdOf(resource: ResourceDefinition, data: Record<string, unknown>): string | undefined {
  if (!resource.parented) return undefined;
  const company = data['company'];
  return typeof company === 'object' && company !== null ? idOf((company as Record<string, unknown>)['id']) : undefined;
}

export type ParsedRecord =
  { ok: true; data: Record<string, unknown>; id: string } | { ok: false; reason: string; field?: string };

/** Checks one record as the API answered it; the reason names the record and field, never the values. */
export function parseRecord(resource: ResourceDefinition, raw: unknown, where: string): ParsedRecord {
  const parsed = resource.readSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
      .join('; ');
    const field = parsed.error.issues[0]?.path.join('.');
    return {
      ok: false,
      reason: `CRMOffice ${where} does not match the ${resource.type} schema: ${issues}`,
      ...(field ? { field } : {}),
    };
  }
  const id = idOf(parsed.data['id']);
  if (id === undefined) return { ok: false, reason: `CRMOffice ${where} has no usable id`, field: 'id' };
  return { ok: true, data: parsed.data, id };
}

/** Like parseRecord, for answers that must be readable (get, create, update): throws instead. */
export function requireRecord(resource: ResourceDefinition, raw: unknown, where: string): Record<string, unknown> {
  const parsed = parseRecord(resource, raw, where);
  if (parsed.ok) return parsed.data;
  throw new ConnectorError(parsed.reason, {
    system: CRMOFFICE_SYSTEM,
    record: where,
    ...(parsed.field ? { field: parsed.field } : {}),
  });
}

export function toSnapshot(
  resource: ResourceDefinition,
  data: Record<string, unknown>,
  observedAt: number,
): RecordSnapshot {
  const id = idOf(data['id']);
  if (id === undefined) {
    throw new ConnectorError(`CRMOffice ${resource.type} record has no usable id`, {
      system: CRMOFFICE_SYSTEM,
      record: resource.type,
      field: 'id',
    });
  }
  const parentId = parentIdOf(resource, data);
  return {
    system: CRMOFFICE_SYSTEM,
    type: resource.type,
    id,
    ...(parentId !== undefined ? { parentId } : {}),
    version: observedAt,
    changedAt: observedAt,
    deleted: false,
    data,
  };
}

/** A record a full read no longer lists and a direct read answers 404 for. Nothing of it is left to read. */
export function deletedSnapshot(resource: ResourceDefinition, id: string, observedAt: number): RecordSnapshot {
  return {
    system: CRMOFFICE_SYSTEM,
    type: resource.type,
    id,
    version: observedAt,
    changedAt: observedAt,
    deleted: true,
    data: {},
  };
}
