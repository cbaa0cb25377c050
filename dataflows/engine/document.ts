/**
 * Documents: records written once, with their lines, when they are ready (a sales order becomes an invoice).
 * The rules come from the mapping's `document` declaration; nothing here names a system or a field.
 */
import type { Mapping } from './model';
import { getPath, isEmpty } from './paths';

/** True when the record has reached the state the dataflow file says it is written in (`SalesOrderStatus: Confirmed`). */
export function isDocumentReady(mapping: Mapping, sourceData: unknown): boolean {
  const rule = mapping.document;
  if (rule === undefined) return true;
  const value = getPath(sourceData, rule.readyWhen.field);
  return !isEmpty(value) && String(value) === rule.readyWhen.equals;
}

/**
 * What a change of the document is compared on: the header without the fields that change on every save, and
 * its lines. Two reads with the same content are the same document.
 */
export function documentContent(mapping: Mapping, sourceData: Record<string, unknown>): unknown {
  const header: Record<string, unknown> = { ...sourceData };
  for (const field of mapping.document?.ignoreInContent ?? []) delete header[field];
  const linesField = mapping.lines?.source.linesOf;
  return { header, lines: linesField === undefined ? undefined : getPath(sourceData, linesField) };
}

/** The mapped lines of a document, as the target list holds them (empty when it has none to write yet). */
export function mappedDocumentLines(mapping: Mapping, targetValues: Record<string, unknown>): unknown[] {
  const listName = mapping.lines?.target.linesInto;
  const lines = listName === undefined ? undefined : getPath(targetValues, listName);
  return Array.isArray(lines) ? lines : [];
}

/** Why a link is parked when its document changed after it was written: linkflow never rewrites one. */
export function changedAfterWriteReason(
  mapping: Mapping,
  label: string,
  written: { type: string; id: string },
): string {
  const writtenAs = mapping.document?.writtenAs ?? `written to ${mapping.target.system}`;
  const whatToDo = mapping.document?.changeAfterWrite ?? 'linkflow does not rewrite a document it wrote';
  return `${label} changed after it was ${writtenAs} (${written.type} ${written.id}); ${whatToDo}`;
}
