/**
 * Forward mapping: a source record → the values to write to its target, as the dataflow file declares them.
 * Pure: references to other records are resolved through the caller's `resolveRef` (the links it knows).
 */
import { conditionHolds } from './conditions';
import { convertForward } from './conversions';
import { recordCurrency, type RecordCurrency } from './currency';
import { recordMatches } from './filter';
import { isWritten, type Mapping, type PropPair } from './model';
import { getPath, isEmpty, nestValues, type JsonRecord } from './paths';
import { lineLabel, recordLabel } from './record-label';
import { currencyConversions } from './schema';

/** A record of another mapping that this one points at: `mapping` is its source type, `resource` its resource. */
export interface SourceRef {
  mapping: string;
  resource: string;
  id: string;
}

/** A reference together with the source field that holds it (`CustomerId`, `SalesOrderLines[0].ProductId`). */
export interface FieldRef extends SourceRef {
  field: string;
}

export interface FieldMessage {
  /** The source field concerned, as declared (`Quantity`), with the line for lines (`SalesOrderLines[2].Quantity`). */
  field: string;
  message: string;
}

export interface TargetResult {
  /**
   * Keyed by target path (`email`, `meta_data.pogo_customer_id`); for a mapping with lines, the whole
   * document, lines as a list of objects (`order_line_items: [{item_id, quantity, unit_price, amount}]`).
   */
  values: JsonRecord;
  /** References the caller could not resolve: create or link those records first, then map again. */
  missingRefs: FieldRef[];
  /** When not empty, the record must not be written: park it with these messages. */
  problems: FieldMessage[];
  /** Values left out while the rest is written (an invalid org number, say). */
  warnings: FieldMessage[];
  /** Lines left out by the line filter (text and summary lines). */
  skippedLines: number;
}

export type ResolveRef = (ref: SourceRef) => string | undefined;

interface PairContext {
  label: string;
  /** Prefix for the field names in messages and refs (`SalesOrderLines[2].`). */
  fieldPrefix: string;
  /** Target prefix to strip (`order_line_items.`), so line values are keyed relative to the line. */
  stripTarget: string;
  /** The record's currency, for money; a line has its order's. */
  currency: RecordCurrency;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function idText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : String(value);
}

function siblingPath(target: string, sibling: string): string {
  const segments = target.split('.');
  segments[segments.length - 1] = sibling;
  return segments.join('.');
}

/** Written pairs in declaration order; computed and unavailable pairs are never written. */
function writablePairs(mapping: Mapping): PropPair[] {
  return mapping.props.filter((p) => p.direction !== 'computed' && p.direction !== 'unavailable');
}

function applyPairs(mapping: Mapping, record: unknown, resolveRef: ResolveRef, ctx: PairContext): TargetResult {
  const result: TargetResult = { values: {}, missingRefs: [], problems: [], warnings: [], skippedLines: 0 };
  // The first pair that decides a target field wins; later pairs for it are fallbacks (CustomerReferenceContactPersonId).
  const decided = new Set<string>();
  const key = (target: string): string =>
    target.startsWith(ctx.stripTarget) ? target.slice(ctx.stripTarget.length) : target;

  for (const pair of writablePairs(mapping)) {
    if (decided.has(pair.target)) continue;
    if (pair.when !== undefined && !conditionHolds(pair.when, record)) continue;
    const raw = getPath(record, pair.source);
    // The currency pair writes the record's currency even from an empty field: then it is the declared default.
    if (isEmpty(raw) && pair.conversion?.type !== 'currency-code') continue;
    // A refused currency is already the record's problem; nothing is converted in a guessed one.
    const needsCurrency = pair.conversion !== undefined && currencyConversions.has(pair.conversion.type);
    if (needsCurrency && ctx.currency.status === 'refused') continue;
    const field = `${ctx.fieldPrefix}${pair.source}`;
    decided.add(pair.target);

    if (pair.reference !== undefined) {
      const ref: SourceRef = { mapping: pair.reference.mapping, resource: pair.reference.resource, id: idText(raw) };
      const linked = resolveRef(ref);
      if (linked === undefined) result.missingRefs.push({ ...ref, field });
      else result.values[key(pair.target)] = linked;
      continue;
    }

    const number = numeric(raw);
    if (pair.refuseNegative !== undefined && number !== undefined && number < 0) {
      result.problems.push({ field, message: `${ctx.label}: ${pair.source} is ${number}; ${pair.refuseNegative}` });
      continue;
    }

    let value: unknown = raw;
    if (pair.conversion !== undefined) {
      const converted = convertForward(pair.conversion, raw, record, ctx.currency.code);
      if (!converted.ok) {
        const list = converted.severity === 'problem' ? result.problems : result.warnings;
        list.push({ field, message: `${ctx.label}: ${pair.source} ${converted.message}` });
        if (converted.severity === 'warning') decided.delete(pair.target); // a later pair may still supply it
        continue;
      }
      value = converted.value;
      for (const [sibling, extra] of Object.entries(converted.extra))
        result.values[key(siblingPath(pair.target, sibling))] = extra;
    }

    const control = typeof value === 'string' ? firstControlCharacter(value) : undefined;
    if (control !== undefined) {
      result.problems.push({
        field,
        message: `${ctx.label}: ${pair.source} holds a control character (U+${control.code} at position ${control.position}); ${mapping.target.type} ${pair.target} takes text only`,
      });
      continue;
    }
    if (pair.maxLength !== undefined && typeof value === 'string' && value.length > pair.maxLength) {
      result.problems.push({
        field,
        message: `${ctx.label}: ${pair.source} is ${value.length} characters; ${mapping.target.type} ${pair.target} allows ${pair.maxLength}`,
      });
      continue;
    }
    result.values[key(pair.target)] = value;
  }
  return result;
}

/**
 * The first control character in a text, if any. Tab, line feed and carriage return are text (addresses and
 * descriptions have lines); the other C0 controls and DEL are not, and no target field should receive them.
 */
export function firstControlCharacter(text: string): { code: string; position: number } | undefined {
  // eslint-disable-next-line no-control-regex
  const match = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (match === null) return undefined;
  return {
    code: (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0'),
    position: match.index + 1,
  };
}

function linesOf(mapping: Mapping, record: unknown): unknown[] | undefined {
  const lines = getPath(record, mapping.source.linesOf ?? '');
  return Array.isArray(lines) ? lines : undefined;
}

/**
 * The values to write for a source record. Only `to-target` and `both` pairs are written; `when` conditions
 * are applied; source paths are matched without regard to case. For a mapping with lines (Salesorders), each
 * line that passes the line filter is mapped by the line mapping into the target list.
 */
export function toTarget(mapping: Mapping, sourceData: unknown, resolveRef: ResolveRef): TargetResult {
  const label = recordLabel(mapping.source.type, sourceData);
  if (!isWritten(mapping)) {
    const why =
      mapping.unsupported !== undefined
        ? `not supported: ${mapping.unsupported}`
        : `switched off: ${mapping.switchedOff ?? ''}`;
    return {
      values: {},
      missingRefs: [],
      problems: [{ field: mapping.target.type, message: `${label}: ${mapping.id} is not written: ${why}` }],
      warnings: [],
      skippedLines: 0,
    };
  }
  const currency = recordCurrency(mapping.currency, sourceData);
  const result = applyPairs(mapping, sourceData, resolveRef, { label, fieldPrefix: '', stripTarget: '', currency });
  const required = mapping.requiresOneOf;
  if (required !== undefined && required.fields.every((field) => isEmpty(getPath(sourceData, field)))) {
    const fields = required.fields.join(required.fields.length === 2 ? ' and ' : ', ');
    const message = `${label}: ${fields} ${required.fields.length === 1 ? 'is' : 'are all'} empty; ${required.reason}`;
    result.problems.unshift({ field: required.fields[0] ?? mapping.source.type, message });
  }
  // First, and once: the reason the record's money pairs (header and lines) were left unconverted.
  if (currency.status === 'refused') {
    result.problems.unshift({ field: currency.field, message: `${label}: ${currency.reason}` });
  }
  const lineMapping = mapping.lines;
  if (lineMapping === undefined) return result;

  const listName = lineMapping.target.linesInto ?? '';
  const linesField = lineMapping.source.linesOf ?? '';
  const lines = linesOf(lineMapping, sourceData);
  if (lines === undefined) {
    result.problems.push({
      field: linesField,
      message: `${label}: ${linesField} is missing; read the record with its lines`,
    });
    return result;
  }
  const mappedLines: JsonRecord[] = [];
  lines.forEach((line, index) => {
    if (!recordMatches(lineMapping.source.filter, line)) {
      result.skippedLines += 1;
      return;
    }
    const lineResult = applyPairs(lineMapping, line, resolveRef, {
      label: lineLabel(label, index, line),
      fieldPrefix: `${linesField}[${index}].`,
      stripTarget: `${listName}.`,
      currency,
    });
    mappedLines.push(nestValues(lineResult.values));
    result.missingRefs.push(...lineResult.missingRefs);
    result.problems.push(...lineResult.problems);
    result.warnings.push(...lineResult.warnings);
  });
  result.values[listName] = mappedLines;
  return result;
}

/**
 * The records a source record points at, which must be linked before it can be written (CustomerId →
 * Customers; each invoiceable line's ProductId → Product). Follows the same precedence as toTarget: the
 * contact person is named only when CustomerId is empty.
 */
/**
 * The source record whose target this record's target lives under (a contact's customer), or undefined when
 * the mapping has no parent or the record names none (`parentProblem` says so).
 */
export function parentRefOf(mapping: Mapping, sourceData: unknown): FieldRef | undefined {
  const parent = mapping.target.parent;
  if (parent === undefined) return undefined;
  const raw = getPath(sourceData, parent.field);
  if (isEmpty(raw)) return undefined;
  return { mapping: parent.mapping, resource: parent.resource, id: idText(raw), field: parent.field };
}

/** Why a record cannot be written when its mapping places it under a parent it does not name. */
export function parentProblem(mapping: Mapping, sourceData: unknown): string | undefined {
  const parent = mapping.target.parent;
  if (parent === undefined || parentRefOf(mapping, sourceData) !== undefined) return undefined;
  const label = recordLabel(mapping.source.type, sourceData);
  return `${label} has no ${parent.field}: a ${mapping.target.system} ${mapping.target.resource} record lives under a ${parent.mapping}, so it needs one`;
}

export function referencesOf(mapping: Mapping, sourceData: unknown): FieldRef[] {
  if (!isWritten(mapping)) return [];
  const refs: FieldRef[] = [];
  const collect = (m: Mapping, record: unknown, fieldPrefix: string): void => {
    const decided = new Set<string>();
    for (const pair of writablePairs(m)) {
      if (decided.has(pair.target)) continue;
      if (pair.when !== undefined && !conditionHolds(pair.when, record)) continue;
      const raw = getPath(record, pair.source);
      if (isEmpty(raw)) continue;
      decided.add(pair.target);
      if (pair.reference !== undefined) {
        refs.push({
          mapping: pair.reference.mapping,
          resource: pair.reference.resource,
          id: idText(raw),
          field: `${fieldPrefix}${pair.source}`,
        });
      }
    }
  };
  collect(mapping, sourceData, '');
  const parent = parentRefOf(mapping, sourceData);
  if (parent !== undefined) refs.push(parent);
  const lineMapping = mapping.lines;
  if (lineMapping !== undefined) {
    (linesOf(lineMapping, sourceData) ?? []).forEach((line, index) => {
      if (recordMatches(lineMapping.source.filter, line))
        collect(lineMapping, line, `${lineMapping.source.linesOf ?? ''}[${index}].`);
    });
  }
  return refs;
}
