/** How messages name a record: its seed type and PowerOffice Id, so a person can find it. */
import { getPath } from './paths';

export function recordLabel(sourceType: string, data: unknown): string {
  const id = getPath(data, 'Id');
  return `${sourceType} ${typeof id === 'string' || typeof id === 'number' ? String(id) : '(no Id)'}`;
}

export function lineLabel(parentLabel: string, index: number, line: unknown): string {
  const id = getPath(line, 'Id');
  const idText = typeof id === 'string' || typeof id === 'number' ? ` (Id ${String(id)})` : '';
  return `${parentLabel}, line ${index + 1}${idText}`;
}
