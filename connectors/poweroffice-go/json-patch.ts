/**
 * Builds the RFC 6902 JSON Patch PowerOffice GO expects for an update, sending only what changed.
 *
 * `changes` holds field → new value (nested objects as nested JSON); `previous` the values the caller last
 * saw. A field equal to its previous value is left out; a changed field that existed before (even as null)
 * becomes `replace`, one that did not `add` (which, on an object member, also sets an existing one). Nested
 * objects become nested paths (`/MailAddress/City`) when the previous value was an object too, so a partial
 * address change does not overwrite the other address fields. Arrays are replaced whole. Without `previous`
 * every change is sent (there is nothing to compare with).
 */
export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'test';
  path: string;
  value: unknown;
}

/**
 * The patch, preceded by a `test` of the value the caller read at each path it replaces: PowerOffice GO applies a
 * patch whole or not at all, so an edit made there after the caller's read fails the patch instead of being
 * overwritten by it (docs/DECISIONS.md 129). Without `previous` there is nothing to test.
 */
export function guardedJsonPatch(
  patch: JsonPatchOperation[],
  previous: Record<string, unknown> | undefined,
): JsonPatchOperation[] {
  if (previous === undefined) return patch;
  const tests = patch.flatMap((operation) => {
    if (operation.op !== 'replace') return [];
    const before = valueAtPointer(previous, operation.path);
    return before.found ? [{ op: 'test' as const, path: operation.path, value: before.value ?? null }] : [];
  });
  return [...tests, ...patch];
}

/** Whether `record` holds `value` at the JSON pointer (a missing member counts as null, as the API's test does). */
export function sameAtPointer(record: Record<string, unknown> | undefined, pointer: string, value: unknown): boolean {
  const held = record === undefined ? undefined : valueAtPointer(record, pointer).value;
  return deepEqual(held ?? null, value ?? null);
}

/** The value at a JSON pointer, its members looked up as the API binds them (case-insensitively). */
function valueAtPointer(record: Record<string, unknown>, pointer: string): { found: boolean; value: unknown } {
  let current: unknown = record;
  for (const token of pointer.split('/').slice(1)) {
    if (!isPlainObject(current)) return { found: false, value: undefined };
    const member = lookupCaseInsensitive(current, token.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!member.found) return member;
    current = member.value;
  }
  return { found: true, value: current };
}

export function buildJsonPatch(
  changes: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diffInto(operations, '', changes, previous);
  return operations;
}

function diffInto(
  operations: JsonPatchOperation[],
  prefix: string,
  changes: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): void {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const path = `${prefix}/${escapePointer(key)}`;
    const before = previous === undefined ? { found: false, value: undefined } : lookupCaseInsensitive(previous, key);
    if (before.found && deepEqual(before.value, value)) continue;
    if (isPlainObject(value) && before.found && isPlainObject(before.value)) {
      diffInto(operations, path, value, before.value);
      continue;
    }
    operations.push({ op: previous === undefined || before.found ? 'replace' : 'add', path, value });
  }
}

/** The API binds property names case-insensitively and the seeds mix casings, so previous is looked up that way. */
function lookupCaseInsensitive(record: Record<string, unknown>, key: string): { found: boolean; value: unknown } {
  if (Object.prototype.hasOwnProperty.call(record, key)) return { found: true, value: record[key] };
  const lower = key.toLowerCase();
  for (const [candidate, value] of Object.entries(record)) {
    if (candidate.toLowerCase() === lower) return { found: true, value };
  }
  return { found: false, value: undefined };
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    // A missing key and an undefined value mean the same in JSON.
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}
