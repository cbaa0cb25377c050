/**
 * The query options of the `/api/biz` routes: `filter`, `select`, `expand`, `orderby`, `top`, `skip`. They look
 * like OData but carry no `$` prefix (the filtering guide):
 *
 *   filter=(UpdatedAt ge '2024-01-01T00:00:00' or CreatedAt ge '2024-01-01T00:00:00') and OrgNumber eq '999888777'
 *
 * Filter grammar served here: comparisons `Field op literal` with eq, ne, gt, ge, lt, le, like, notlike (`%`
 * wildcards); the functions contains(F,'x'), startswith(F,'x'), endswith(F,'x'); `and`, `or`, `not` and
 * parentheses. Literals: single-quoted strings (a quote doubled inside), numbers, `null`, `true`, `false`.
 * Dotted paths reach expandable objects without an expand (`Info.Name`). Field names and keywords are matched
 * without regard to case.
 *
 * Where the real API's behaviour is documented it is followed: an unknown query parameter is ignored, and so is a
 * filter naming a field the entity does not have (the whole list comes back, unfiltered); `ID`, `Deleted` and
 * `CustomValues` come back even when `select` leaves them out. Guesses, chosen on the strict side:
 * - strings compare without regard to case (SQL Server's default collation), nulls never satisfy a comparison
 *   other than `eq null` / `ne null`, and `orderby` sorts nulls first (SQL Server's ascending order);
 * - a filter that does not parse, or a date literal that is not a date, is a 400 (the real one may be a 500);
 * - without `top` a page holds at most 100 records, and `top` above 1000 is cut to 1000 without a word (the
 *   real default and maximum are undocumented: a client that pages by "a short page ends the list" must not ask
 *   for more than 1000 at a time);
 * - the only expand served is `Info` on customers; others are ignored, and no `_links` are added.
 */
import { badRequest } from './api-error';
import { parseTimestamp } from './clock';

export type FieldKind = 'string' | 'number' | 'boolean' | 'date' | 'object';

/** The fields of an entity a query may name: lower-case dotted path → canonical path and kind. */
export type FieldCatalogue = Map<string, { path: string; kind: FieldKind }>;

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'like' | 'notlike';
type FunctionName = 'contains' | 'startswith' | 'endswith';

export type FilterNode =
  | { kind: 'logical'; operator: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; field: string; operator: ComparisonOperator; literal: Literal }
  | { kind: 'function'; name: FunctionName; field: string; literal: Literal };

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: '(' | ')' | ',' };

const COMPARISON_OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike']);
const FUNCTIONS = new Set<string>(['contains', 'startswith', 'endswith']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char });
      index += 1;
    } else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length) throw invalidFilter('a string literal is not closed');
        const next = text[index] ?? '';
        if (next === "'") {
          if (text[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += next;
        index += 1;
      }
      tokens.push({ kind: 'string', text: value });
    } else {
      const number = /^-?\d+(\.\d+)?/.exec(text.slice(index));
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index));
      if (number) {
        tokens.push({ kind: 'number', text: number[0] });
        index += number[0].length;
      } else if (word) {
        tokens.push({ kind: 'word', text: word[0] });
        index += word[0].length;
      } else {
        throw invalidFilter(`unexpected character '${char}' at position ${index + 1}`);
      }
    }
  }
  return tokens;
}

const invalidFilter = (why: string) => badRequest(`The filter could not be parsed: ${why}.`);

/** Recursive descent: or → and → not → primary. */
class FilterParser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.position < this.tokens.length) throw invalidFilter('unexpected text after the end of the expression');
    return node;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  }

  private or(): FilterNode {
    let node = this.and();
    while (this.peekWord() === 'or') {
      this.position += 1;
      node = { kind: 'logical', operator: 'or', left: node, right: this.and() };
    }
    return node;
  }

  private and(): FilterNode {
    let node = this.not();
    while (this.peekWord() === 'and') {
      this.position += 1;
      node = { kind: 'logical', operator: 'and', left: node, right: this.not() };
    }
    return node;
  }

  private not(): FilterNode {
    if (this.peekWord() === 'not') {
      this.position += 1;
      return { kind: 'not', operand: this.not() };
    }
    return this.primary();
  }

  private expect(kind: '(' | ')' | ','): void {
    if (this.tokens[this.position]?.kind !== kind) throw invalidFilter(`'${kind}' expected`);
    this.position += 1;
  }

  private field(): string {
    const token = this.tokens[this.position];
    if (token?.kind !== 'word') throw invalidFilter('a field name expected');
    this.position += 1;
    return token.text;
  }

  private literal(): Literal {
    const token = this.tokens[this.position];
    this.position += 1;
    if (token?.kind === 'string') return { kind: 'string', value: token.text };
    if (token?.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token?.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'null') return { kind: 'null' };
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    }
    throw invalidFilter('a value expected (a quoted string, a number, null, true or false)');
  }

  private primary(): FilterNode {
    const token = this.tokens[this.position];
    if (token?.kind === '(') {
      this.position += 1;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const word = this.peekWord();
    if (word !== undefined && FUNCTIONS.has(word) && this.tokens[this.position + 1]?.kind === '(') {
      this.position += 2;
      const field = this.field();
      this.expect(',');
      const literal = this.literal();
      this.expect(')');
      return { kind: 'function', name: word as FunctionName, field, literal };
    }
    const field = this.field();
    const operator = this.peekWord();
    if (operator === undefined || !COMPARISON_OPERATORS.has(operator))
      throw invalidFilter(`an operator (eq, ne, gt, ge, lt, le, like, notlike) expected after ${field}`);
    this.position += 1;
    return { kind: 'compare', field, operator: operator as ComparisonOperator, literal: this.literal() };
  }
}

export function parseFilter(text: string): FilterNode {
  return new FilterParser(tokenize(text)).parse();
}

function fieldsOf(node: FilterNode): string[] {
  if (node.kind === 'logical') return [...fieldsOf(node.left), ...fieldsOf(node.right)];
  if (node.kind === 'not') return fieldsOf(node.operand);
  return [node.field];
}

/** Reads a dotted path from a record (canonical names). */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

type Comparable = string | number | boolean;

/** The literal as the field's kind compares it, or null for SQL NULL. */
function coerce(literal: Literal, kind: FieldKind, field: string): Comparable | null {
  if (literal.kind === 'null') return null;
  if (kind === 'date') {
    const epoch = literal.kind === 'string' ? parseTimestamp(literal.value) : null;
    if (epoch === null) throw badRequest(`The value for ${field} is not a date-time.`);
    return epoch;
  }
  if (kind === 'number') {
    const value =
      literal.kind === 'string' && /^-?\d+(\.\d+)?$/.test(literal.value.trim()) ? Number(literal.value) : literal.value;
    if (typeof value !== 'number') throw badRequest(`The value for ${field} is not a number.`);
    return value;
  }
  if (kind === 'boolean') {
    if (literal.kind === 'boolean') return literal.value;
    if (literal.kind === 'number' && (literal.value === 0 || literal.value === 1)) return literal.value === 1;
    throw badRequest(`The value for ${field} is not a boolean.`);
  }
  return String(literal.value).toLowerCase();
}

function recordValue(value: unknown, kind: FieldKind): Comparable | null {
  if (value === null || value === undefined) return null;
  if (kind === 'date') return typeof value === 'string' ? parseTimestamp(value) : null;
  if (kind === 'string') return String(value).toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

const likePattern = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .toLowerCase()
      .split('')
      .map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    's',
  );

export type RecordPredicate = (record: Record<string, unknown>) => boolean;

function compile(node: FilterNode, catalogue: FieldCatalogue): RecordPredicate {
  switch (node.kind) {
    case 'logical': {
      const left = compile(node.left, catalogue);
      const right = compile(node.right, catalogue);
      return node.operator === 'and'
        ? (record) => left(record) && right(record)
        : (record) => left(record) || right(record);
    }
    case 'not': {
      const operand = compile(node.operand, catalogue);
      return (record) => !operand(record);
    }
    case 'function': {
      const field = catalogue.get(node.field.toLowerCase());
      if (!field) return () => true;
      const wanted =
        node.literal.kind === 'null' ? '' : String('value' in node.literal ? node.literal.value : '').toLowerCase();
      return (record) => {
        const value = valueAt(record, field.path);
        if (value === null || value === undefined) return false;
        const text = String(value).toLowerCase();
        if (node.name === 'contains') return text.includes(wanted);
        if (node.name === 'startswith') return text.startsWith(wanted);
        return text.endsWith(wanted);
      };
    }
    case 'compare': {
      const field = catalogue.get(node.field.toLowerCase());
      if (!field) return () => true;
      if (node.operator === 'like' || node.operator === 'notlike') {
        const pattern = likePattern(node.literal.kind === 'null' ? '' : String(node.literal.value));
        const negate = node.operator === 'notlike';
        return (record) => {
          const value = valueAt(record, field.path);
          if (value === null || value === undefined) return false;
          return pattern.test(String(value).toLowerCase()) !== negate;
        };
      }
      const wanted = coerce(node.literal, field.kind, field.path);
      const operator = node.operator;
      return (record) => {
        const actual = recordValue(valueAt(record, field.path), field.kind);
        if (wanted === null) return operator === 'eq' ? actual === null : operator === 'ne' ? actual !== null : false;
        if (actual === null) return false;
        switch (operator) {
          case 'eq':
            return actual === wanted;
          case 'ne':
            return actual !== wanted;
          case 'gt':
            return actual > wanted;
          case 'ge':
            return actual >= wanted;
          case 'lt':
            return actual < wanted;
          case 'le':
            return actual <= wanted;
        }
      };
    }
  }
}

/**
 * The record predicate of a `filter` value: everything passes when there is none, or when it names a field the
 * entity does not have (as the real API answers the whole list then).
 */
export function filterPredicate(text: string | undefined, catalogue: FieldCatalogue): RecordPredicate {
  if (text === undefined || text.trim() === '') return () => true;
  const node = parseFilter(text);
  if (fieldsOf(node).some((field) => !catalogue.has(field.toLowerCase()))) return () => true;
  return compile(node, catalogue);
}

export interface OrderTerm {
  path: string;
  kind: FieldKind;
  descending: boolean;
}

export function parseOrderBy(text: string | undefined, catalogue: FieldCatalogue): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const part of (text ?? '').split(',')) {
    const [name = '', direction = 'asc'] = part.trim().split(/\s+/);
    const field = catalogue.get(name.toLowerCase());
    if (!field) continue; // an unknown field sorts nothing, like an unknown parameter
    terms.push({ path: field.path, kind: field.kind, descending: direction.toLowerCase() === 'desc' });
  }
  return terms;
}

/** Sorts by the terms, then by ID (the default order), nulls first ascending. */
export function compareRecords(terms: OrderTerm[]): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const all = [...terms, { path: 'ID', kind: 'number' as const, descending: false }];
  return (a, b) => {
    for (const term of all) {
      const left = recordValue(valueAt(a, term.path), term.kind);
      const right = recordValue(valueAt(b, term.path), term.kind);
      if (left === right) continue;
      const order = left === null ? -1 : right === null ? 1 : left < right ? -1 : 1;
      return term.descending ? -order : order;
    }
    return 0;
  };
}

export const DEFAULT_TOP = 100;
export const MAX_TOP = 1000;

function nonNegativeInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw badRequest(`The value '${text}' is not valid for ${name}.`);
  return Number(text.trim());
}

export interface ListQuery {
  filter: RecordPredicate;
  order: OrderTerm[];
  top: number;
  skip: number;
  /** Lower-case expand paths. */
  expand: Set<string>;
  /** Canonical select paths, or undefined for all fields. */
  select: string[] | undefined;
}

/** Query parameters by lower-case name (ASP.NET binds them without regard to case); the first one wins. */
export function queryParameters(search: URLSearchParams): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [name, value] of search)
    if (!parameters.has(name.toLowerCase())) parameters.set(name.toLowerCase(), value);
  return parameters;
}

export function parseExpand(parameters: Map<string, string>): Set<string> {
  return new Set(
    (parameters.get('expand') ?? '')
      .split(',')
      .map((path) => path.trim().toLowerCase())
      .filter((path) => path !== ''),
  );
}

export function parseSelect(parameters: Map<string, string>, catalogue: FieldCatalogue): string[] | undefined {
  const text = parameters.get('select');
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((path) => catalogue.get(path.trim().toLowerCase())?.path)
    .filter((path): path is string => path !== undefined);
}

export function parseListQuery(search: URLSearchParams, catalogue: FieldCatalogue): ListQuery {
  const parameters = queryParameters(search);
  const top = nonNegativeInteger('top', parameters.get('top'));
  return {
    filter: filterPredicate(parameters.get('filter'), catalogue),
    order: parseOrderBy(parameters.get('orderby'), catalogue),
    top: Math.min(top ?? DEFAULT_TOP, MAX_TOP),
    skip: nonNegativeInteger('skip', parameters.get('skip')) ?? 0,
    expand: parseExpand(parameters),
    select: parseSelect(parameters, catalogue),
  };
}

/** Fields that come back whatever `select` says. */
const ALWAYS_SELECTED = ['ID', 'Deleted', 'CustomValues'];

/** Keeps the selected paths (a dotted one only when its object is there, i.e. expanded). */
export function project(record: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (select === undefined) return record;
  const result: Record<string, unknown> = {};
  for (const path of [...ALWAYS_SELECTED, ...select]) {
    const segments = path.split('.');
    const value = valueAt(record, path);
    if (value === undefined) continue;
    let target = result;
    for (const segment of segments.slice(0, -1)) {
      const next = target[segment];
      target[segment] = typeof next === 'object' && next !== null ? next : {};
      target = target[segment] as Record<string, unknown>;
    }
    target[segments.at(-1) ?? path] = value;
  }
  return result;
}
