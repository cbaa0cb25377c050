/** The id linkflow gives a record it creates: prefix + the source's immutable id. */
import type { Mapping } from './model';

export class TargetIdError extends Error {}

export function targetIdFor(mapping: Mapping, sourceId: string): string {
  const decl = mapping.targetId;
  if (decl === undefined)
    throw new TargetIdError(
      `${mapping.id} declares no target_id, so linkflow does not choose the ids of the records it creates`,
    );
  const id = `${decl.prefix}${sourceId}`;
  if (id.length > decl.max_length) {
    throw new TargetIdError(
      `${mapping.source.type} ${sourceId}: the id ${id} is ${id.length} characters, more than ${mapping.target.type}'s ${decl.max_length}`,
    );
  }
  return id;
}
