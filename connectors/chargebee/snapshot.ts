/**
 * Chargebee objects as the connector's RecordSnapshots: the API's own JSON plus id, version and deletion.
 */
import { z } from 'zod';
import type { RecordSnapshot } from '../connector';
import { ConnectorError } from '../errors';
import { CHARGEBEE_SYSTEM } from './error-mapping';

/** The connector's type names, as Chargebee names its resources. */
export const CHARGEBEE_TYPES = ['customer', 'item', 'order', 'invoice'] as const;
export type ChargebeeType = (typeof CHARGEBEE_TYPES)[number];

const chargebeeObjectSchema = z.looseObject({
  id: z.string().min(1),
  /** Milliseconds, bumped on every change (reference §5). */
  resource_version: z.number().optional(),
  /** Seconds. */
  updated_at: z.number().optional(),
  created_at: z.number().optional(),
  deleted: z.boolean().optional(),
  status: z.string().optional(),
});
export type ChargebeeObject = z.infer<typeof chargebeeObjectSchema>;

export type ChargebeeRead =
  | { ok: true; object: ChargebeeObject }
  | { ok: false; id: string | undefined; reason: string; field: string | undefined; version: number | undefined };

/** The id and change version of an object that fails the schema, where the raw JSON still gives them. */
function rawFacts(raw: unknown): { id: string | undefined; version: number | undefined } {
  if (typeof raw !== 'object' || raw === null) return { id: undefined, version: undefined };
  const fields = new Map(Object.entries(raw));
  const id = fields.get('id');
  const resourceVersion = fields.get('resource_version');
  const updatedAt = fields.get('updated_at');
  const version =
    typeof resourceVersion === 'number' && Number.isFinite(resourceVersion)
      ? resourceVersion
      : typeof updatedAt === 'number' && Number.isFinite(updatedAt)
        ? updatedAt * 1000
        : undefined;
  return { id: typeof id === 'string' && id !== '' ? id : undefined, version };
}

/**
 * Reads an API object without throwing: the reason of a failure names the record and the fields the schema
 * refused (the schema's messages carry no values, so no personal data).
 */
export function readChargebeeObject(type: ChargebeeType, raw: unknown): ChargebeeRead {
  const parsed = chargebeeObjectSchema.safeParse(raw);
  if (parsed.success) return { ok: true, object: parsed.data };
  const { id, version } = rawFacts(raw);
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  const field = parsed.error.issues[0]?.path.join('.');
  const named = id !== undefined ? ` ${id}` : '';
  return {
    ok: false,
    id,
    reason: `Chargebee answered a ${type}${named} that does not match the API schema: ${issues}`,
    field: field === '' ? undefined : field,
    version,
  };
}

/** Typed, so that a malformed object fails like any data the API refused (not retried: it would not change). */
export function parseChargebeeObject(type: ChargebeeType, raw: unknown): ChargebeeObject {
  const read = readChargebeeObject(type, raw);
  if (read.ok) return read.object;
  throw new ConnectorError(read.reason, {
    system: CHARGEBEE_SYSTEM,
    ...(read.id !== undefined ? { record: `${type} ${read.id}` } : {}),
    ...(read.field !== undefined ? { field: read.field } : {}),
  });
}

/** The change version: resource_version where present, else the seconds timestamps in ms (old records). */
export function versionOf(object: ChargebeeObject): number {
  return object.resource_version ?? (object.updated_at ?? object.created_at ?? 0) * 1000;
}

export function isDeleted(type: ChargebeeType, object: ChargebeeObject): boolean {
  return object.deleted === true || (type === 'item' && object.status === 'deleted');
}

export function toSnapshot(type: ChargebeeType, raw: unknown): RecordSnapshot {
  const object = parseChargebeeObject(type, raw);
  const version = versionOf(object);
  return {
    system: CHARGEBEE_SYSTEM,
    type,
    id: object.id,
    version,
    changedAt: version,
    deleted: isDeleted(type, object),
    data: { ...object },
  };
}
