/**
 * Property paths such as `MailAddress.CountryCode`, resolved without regard to case: the seeds spell the
 * same PowerOffice field `emailAddress` and `EmailAddress`, and the API's own casing must win when writing.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function splitPath(path: string): string[] {
  return path.split('.').filter((segment) => segment.length > 0);
}

/** The key of `record` that matches `name`: the exact spelling first, else the first case-insensitive match. */
export function findKey(record: JsonRecord, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(record, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower);
}

/** The value at a dotted path, or undefined when any step is missing. */
export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of splitPath(path)) {
    if (!isRecord(current)) return undefined;
    const key = findKey(current, segment);
    if (key === undefined) return undefined;
    current = current[key];
  }
  return current;
}

/** Empty values are never written: they do not clear the other side (model/json-values.ts says what is empty). */
export { isEmptyValue as isEmpty } from '../../model/json-values';

/** PowerOffice v2 spells fields in PascalCase; the seeds sometimes use the v1 camelCase form. */
export function pascalCase(segment: string): string {
  return segment.length === 0 ? segment : segment[0]!.toUpperCase() + segment.slice(1);
}

/**
 * The path as the API spells it: each segment takes the casing found in `existing` where present, else its
 * PascalCase form.
 */
export function apiSpelling(path: string, existing: unknown): string[] {
  const spelled: string[] = [];
  let current: unknown = existing;
  for (const segment of splitPath(path)) {
    const key = isRecord(current) ? findKey(current, segment) : undefined;
    spelled.push(key ?? pascalCase(segment));
    current = isRecord(current) && key !== undefined ? current[key] : undefined;
  }
  return spelled;
}

/** Sets a value at a path of keys, creating nested objects on the way. */
export function setPath(target: JsonRecord, keys: readonly string[], value: unknown): void {
  let current = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (isRecord(next)) {
      current = next;
    } else {
      const created: JsonRecord = {};
      current[key] = created;
      current = created;
    }
  });
}

/** Turns a flat object keyed by dotted target paths (`meta_data.pogo_customer_id`) into nested JSON. */
export function nestValues(flat: JsonRecord): JsonRecord {
  const nested: JsonRecord = {};
  for (const [path, value] of Object.entries(flat)) setPath(nested, splitPath(path), value);
  return nested;
}
