/**
 * PowerOffice binds input case-insensitively (`/phoneNumber` and `/PhoneNumber` both work). These helpers walk
 * the generated zod schemas to find the canonical (PascalCase) property names for input keys and patch paths.
 */
import { z } from 'zod';

/** The schema under optional/nullable/default wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else return current;
  }
}

export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
}

export function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/** The canonical spelling of `key` among the shape's properties, matched without regard to case. */
export function canonicalKey(shape: Record<string, z.ZodType>, key: string): string | undefined {
  if (key in shape) return key;
  const lower = key.toLowerCase();
  return Object.keys(shape).find((candidate) => candidate.toLowerCase() === lower);
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Renames input keys to the schema's spelling, recursively, and drops keys the schema does not know (as the
 * server's JSON binder ignores unknown and read-only properties).
 */
export function canonicalizeInput(value: unknown, schema: z.ZodType): unknown {
  const shape = objectShape(schema);
  if (shape && isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const canonical = canonicalKey(shape, key);
      const fieldSchema = canonical ? shape[canonical] : undefined;
      if (canonical && fieldSchema) result[canonical] = canonicalizeInput(field, fieldSchema);
    }
    return result;
  }
  const element = arrayElement(schema);
  if (element && Array.isArray(value)) return value.map((item) => canonicalizeInput(item, element));
  return value;
}

/** Keeps only the schema's properties of a stored DTO (e.g. a CustomerDto seen as a CustomerPostDto). */
export function projectOnto(value: unknown, schema: z.ZodType): unknown {
  return canonicalizeInput(value, schema);
}
