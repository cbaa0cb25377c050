/**
 * Chargebee objects as the connector's RecordSnapshots: the API's own JSON plus id, version and deletion.
 */
import { z } from 'zod';
import type { RecordSnapshot } from '../connector';
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

export function parseChargebeeObject(type: ChargebeeType, raw: unknown): ChargebeeObject {
  const parsed = chargebeeObjectSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Chargebee answered with a ${type} that has no id or malformed timestamps: ${parsed.error.message}`);
  }
  return parsed.data;
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
