/**
 * Reading request parameters with zod. Every value arrives as a string, so the helpers here convert the
 * form's strings (integers, booleans, JSON fields, decimals) and report a refusal the way Chargebee does:
 * 400 `param_wrong_value` naming the parameter as the client spelled it, for example
 * `item_prices[quantity][1] : wrong format`.
 */
import { z } from 'zod';
import { wrongValue } from './api-error';
import type { FormNode, FormTree } from './form';

export const text = (max: number) => z.string().max(max);
export const requiredText = (max: number) => z.string().min(1).max(max);

export const integer = z
  .string()
  .regex(/^-?\d+$/, 'wrong format')
  .transform((value) => Number(value));

export const nonNegativeInteger = integer.refine((value) => value >= 0, 'cannot be negative');

export const boolean = z.enum(['true', 'false'], 'must be true or false').transform((value) => value === 'true');

export const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'wrong format');

/** JSON-valued fields (`meta_data`, `metadata`) travel as one form field holding a JSON object. */
export const jsonObject = z.string().transform((value, context) => {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: 'invalid JSON object' });
  return z.NEVER;
});

/** Turns column-indexed arrays (`x[field][i]`) into rows, so a schema can check one row at a time. */
export function columnsToRows(node: unknown): unknown {
  if (node === undefined || typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const columns = Object.entries(node as FormTree);
  const length = Math.max(0, ...columns.map(([, values]) => (Array.isArray(values) ? values.length : 0)));
  const rows: Record<string, FormNode>[] = [];
  for (let index = 0; index < length; index += 1) {
    const row: Record<string, FormNode> = {};
    for (const [field, values] of columns) {
      const value = Array.isArray(values) ? values[index] : undefined;
      if (value !== undefined) row[field] = value;
    }
    rows.push(row);
  }
  return rows;
}

export const rows = <T extends z.ZodType>(row: T) => z.preprocess(columnsToRows, z.array(row));

/** The parameter name as Chargebee spells it: column arrays put the index last (`a[field][0]`). */
export function paramName(path: readonly PropertyKey[]): string {
  const segments = path.map(String);
  const [head, ...rest] = segments;
  if (head === undefined) return '';
  if (rest.length === 2 && typeof path[1] === 'number') return `${head}[${rest[1]}][${rest[0]}]`;
  return head + rest.map((segment) => `[${segment}]`).join('');
}

function reason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'cannot be blank' : 'wrong format';
    case 'too_big':
      return issue.origin === 'string'
        ? `cannot be more than ${String(issue.maximum)} characters`
        : `cannot be more than ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'cannot be blank'
        : `cannot be less than ${String(issue.minimum)}`;
    case 'invalid_value':
      return `invalid value; allowed: ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Parses the request's parameter tree, or throws the 400 Chargebee would answer for the first bad one. */
export function parseInput<T extends z.ZodType>(schema: T, tree: FormTree): z.output<T> {
  const result = schema.safeParse(tree);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw wrongValue('request', 'invalid parameters');
  throw wrongValue(paramName(issue.path), reason(issue));
}
