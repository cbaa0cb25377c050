/**
 * Validates Custom CRM records against the contract's schemas and wraps them as RecordSnapshots.
 *
 * `version` and `changedAt` are the record's `updatedAt` in epoch ms: the contract makes every change of a
 * record later than the one before, so (id, updatedAt) names one version exactly. `deleted` is the record's
 * tombstone flag.
 */
import { isJsonObject } from '../../model/json-values';
import type { RecordSnapshot } from '../connector';
import { ConnectorError } from '../errors';
import { CUSTOMCRM_SYSTEM } from './errors';
import type { ResourceDefinition } from './resources';

export type ParsedRecord =
  | { ok: true; data: Record<string, unknown>; id: string; changedAt: number }
  | { ok: false; reason: string; field?: string };

/** The raw JSON's id and change time, as far as they can be read (for a record the schema refused). */
export function rawMarker(raw: unknown): { id?: string; changedAt?: number } {
  if (!isJsonObject(raw)) return {};
  const id = typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : undefined;
  const changedAt = typeof raw['updatedAt'] === 'string' ? Date.parse(raw['updatedAt']) : NaN;
  return { ...(id !== undefined ? { id } : {}), ...(Number.isFinite(changedAt) ? { changedAt } : {}) };
}

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
      reason: `Custom CRM ${where} does not match the contract's ${resource.type} schema: ${issues}`,
      ...(field ? { field } : {}),
    };
  }
  const { id, updatedAt } = parsed.data;
  // The schema has checked both: a non-empty id and a UTC timestamp with milliseconds.
  return { ok: true, data: parsed.data, id: String(id), changedAt: Date.parse(String(updatedAt)) };
}

/** Like parseRecord, for answers that must be readable (get, create, update): throws instead. */
export function requireRecord(resource: ResourceDefinition, raw: unknown, where: string): RecordSnapshot {
  const parsed = parseRecord(resource, raw, where);
  if (!parsed.ok) {
    throw new ConnectorError(parsed.reason, {
      system: CUSTOMCRM_SYSTEM,
      record: where,
      ...(parsed.field ? { field: parsed.field } : {}),
    });
  }
  return toSnapshot(resource, parsed);
}

export function toSnapshot(
  resource: ResourceDefinition,
  record: { data: Record<string, unknown>; id: string; changedAt: number },
): RecordSnapshot {
  const parent = resource.parentField === undefined ? undefined : record.data[resource.parentField];
  return {
    system: CUSTOMCRM_SYSTEM,
    type: resource.type,
    id: record.id,
    ...(typeof parent === 'string' ? { parentId: parent } : {}),
    version: record.changedAt,
    changedAt: record.changedAt,
    deleted: record.data['deleted'] === true,
    data: record.data,
  };
}
