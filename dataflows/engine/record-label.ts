/** How messages name a record: its seed type and PowerOffice Id, so a person can find it. */
import type { Mapping } from './model';
import { getPath } from './paths';

export function recordLabel(sourceType: string, data: unknown): string {
  const id = getPath(data, 'Id');
  return `${sourceType} ${typeof id === 'string' || typeof id === 'number' ? String(id) : '(no Id)'}`;
}

/**
 * The name a link shows for its source record (its memo's displayName): the label under the first mapping the
 * record feeds (`mappingsForSourceRecord`), or under its resource when it feeds none.
 */
export function sourceDisplayName(mapping: Mapping | undefined, resource: string, data: unknown): string {
  return recordLabel(mapping?.source.type ?? resource, data);
}

export function lineLabel(parentLabel: string, index: number, line: unknown): string {
  const id = getPath(line, 'Id');
  const idText = typeof id === 'string' || typeof id === 'number' ? ` (Id ${String(id)})` : '';
  return `${parentLabel}, line ${index + 1}${idText}`;
}
