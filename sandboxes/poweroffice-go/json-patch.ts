/**
 * RFC 6902 JSON Patch as PowerOffice applies it to its patch DTOs: paths are resolved against the DTO's
 * properties without regard to case, a path to a property the DTO does not have is an error, and `remove` of an
 * object property sets it to null (a typed property cannot disappear).
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { Operation } from '../../generated/poweroffice-go';
import { arrayElement, canonicalKey, isPlainObject, objectShape } from './schema-walk';

export class JsonPatchError extends Error {}

const operationKinds = ['add', 'remove', 'replace', 'copy', 'move', 'test'] as const;
const patchOperation = Operation.extend({ op: z.string(), path: z.string() });

function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Splits a JSON pointer and renames each segment to the schema's spelling. */
function resolvePath(pointer: string, schema: z.ZodType): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`The path '${pointer}' is not a JSON pointer (it must start with '/').`);
  const tokens = pointer.slice(1).split('/').map(decodeToken);
  let current: z.ZodType | undefined = schema;
  return tokens.map((token) => {
    if (!current) throw new JsonPatchError(`The target location specified by path '${pointer}' was not found.`);
    const shape = objectShape(current);
    if (shape) {
      const key = canonicalKey(shape, token);
      if (!key) throw new JsonPatchError(`The target location specified by path segment '${token}' was not found.`);
      current = shape[key];
      return key;
    }
    const element = arrayElement(current);
    if (element) {
      if (token !== '-' && !/^(0|[1-9]\d*)$/.test(token))
        throw new JsonPatchError(`The path segment '${token}' is not a valid array index.`);
      current = element;
      return token;
    }
    throw new JsonPatchError(`The target location specified by path '${pointer}' was not found.`);
  });
}

type Container = Record<string, unknown> | unknown[];

function parentOf(document: unknown, tokens: string[], pointer: string): { parent: Container; last: string } {
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
  }
  const last = tokens[tokens.length - 1];
  if (last === undefined || !(Array.isArray(current) || isPlainObject(current))) {
    throw new JsonPatchError(`The target location specified by path '${pointer}' was not found.`);
  }
  return { parent: current, last };
}

function readAt(document: unknown, tokens: string[], pointer: string): unknown {
  if (tokens.length === 0) return document;
  const { parent, last } = parentOf(document, tokens, pointer);
  const value = Array.isArray(parent) ? parent[Number(last)] : parent[last];
  if (value === undefined && Array.isArray(parent))
    throw new JsonPatchError(`The index '${last}' in path '${pointer}' is out of bounds.`);
  return value;
}

function addAt(document: unknown, tokens: string[], value: unknown, pointer: string): void {
  const { parent, last } = parentOf(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (index > parent.length) throw new JsonPatchError(`The index '${last}' in path '${pointer}' is out of bounds.`);
    parent.splice(index, 0, value);
  } else {
    parent[last] = value;
  }
}

function removeAt(document: unknown, tokens: string[], pointer: string): unknown {
  const { parent, last } = parentOf(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (last === '-' || index >= parent.length)
      throw new JsonPatchError(`The index '${last}' in path '${pointer}' is out of bounds.`);
    return parent.splice(index, 1)[0];
  }
  const previous = parent[last];
  parent[last] = null;
  return previous;
}

function replaceAt(document: unknown, tokens: string[], value: unknown, pointer: string): void {
  const { parent, last } = parentOf(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (last === '-' || index >= parent.length)
      throw new JsonPatchError(`The index '${last}' in path '${pointer}' is out of bounds.`);
    parent[index] = value;
  } else {
    parent[last] = value;
  }
}

/** Applies the patch to a copy of `document` (shaped by `schema`); throws JsonPatchError naming the bad operation. */
export function applyJsonPatch(document: unknown, patch: unknown, schema: z.ZodType): unknown {
  if (!Array.isArray(patch))
    throw new JsonPatchError('The request body must be a JSON Patch document (an array of operations).');
  const result: unknown = structuredClone(document);
  patch.forEach((raw, index) => {
    const parsed = patchOperation.safeParse(raw);
    if (!parsed.success)
      throw new JsonPatchError(`Operation ${index} is not a JSON Patch operation: it needs 'op' and 'path'.`);
    const operation = parsed.data;
    const kind = operationKinds.find((candidate) => candidate === operation.op.toLowerCase());
    if (!kind) throw new JsonPatchError(`Operation ${index} has an invalid 'op' value '${operation.op}'.`);
    const tokens = resolvePath(operation.path, schema);
    if (tokens.length === 0)
      throw new JsonPatchError(`Operation ${index} targets the whole document, which is not supported.`);
    const needsValue = kind === 'add' || kind === 'replace' || kind === 'test';
    if (needsValue && !('value' in operation))
      throw new JsonPatchError(`Operation ${index} ('${kind}') needs a 'value'.`);
    switch (kind) {
      case 'add':
        addAt(result, tokens, operation.value, operation.path);
        break;
      case 'remove':
        removeAt(result, tokens, operation.path);
        break;
      case 'replace':
        replaceAt(result, tokens, operation.value, operation.path);
        break;
      case 'test': {
        const current = readAt(result, tokens, operation.path);
        if (!isDeepStrictEqual(current ?? null, operation.value ?? null)) {
          throw new JsonPatchError(`The current value at path '${operation.path}' is not equal to the test value.`);
        }
        break;
      }
      case 'copy':
      case 'move': {
        if (!operation.from) throw new JsonPatchError(`Operation ${index} ('${kind}') needs 'from'.`);
        const fromTokens = resolvePath(operation.from, schema);
        const value = structuredClone(readAt(result, fromTokens, operation.from));
        if (kind === 'move') removeAt(result, fromTokens, operation.from);
        addAt(result, tokens, value, operation.path);
        break;
      }
    }
  });
  return result;
}
