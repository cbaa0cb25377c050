/** The id linkflow gives a record it creates: prefix + the source's immutable id. */
import { createHash } from 'node:crypto';
import type { Mapping } from './model';
import { HASHED_TEXT_ID_LENGTH } from './schema';

export class TargetIdError extends Error {}

export function targetIdFor(mapping: Mapping, sourceId: string): string {
  const decl = mapping.targetId;
  if (decl === undefined)
    throw new TargetIdError(
      `${mapping.id} declares no target_id, so linkflow does not choose the ids of the records it creates`,
    );
  let id = `${decl.prefix}${sourceId}`;
  if (decl.source_id === 'text' && id.length > decl.max_length) {
    const digest = createHash('sha256')
      .update(sourceId)
      .digest('hex')
      .slice(0, HASHED_TEXT_ID_LENGTH - 1);
    id = `${decl.prefix}h${digest}`;
  }
  if (id.length > decl.max_length) {
    throw new TargetIdError(
      `${mapping.source.type} ${sourceId}: the id ${id} is ${id.length} characters, more than ${mapping.target.type}'s ${decl.max_length}`,
    );
  }
  return id;
}

/**
 * Whether a target id has the shape of one linkflow gives (the mapping's prefix): a record the target system made
 * itself (an order Chargebee makes from a paid invoice) carries the system's own id, never this prefix.
 */
export function hasLinkflowId(mapping: Mapping, targetId: string): boolean {
  const prefix = mapping.targetId?.prefix ?? '';
  return prefix !== '' && targetId.startsWith(prefix);
}
