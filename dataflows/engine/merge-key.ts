/**
 * Merge keys: the value a source record is matched on in the target before linkflow creates anything
 * (persons by e-mail, organisations by org number, items by name).
 */
import type { Mapping } from './model';
import { normaliseEmail, normaliseName, normaliseOrgNumber } from './normalise';
import { getPath } from './paths';
import { recordLabel } from './record-label';

export interface MergeKeyValue {
  /** The target's filter field (`email`, `cf_org_number`, `name`). */
  field: string;
  /** Normalised: trimmed lower-case e-mail, the org number's 9 digits, the trimmed name. */
  value: string;
  /** The source field it came from, as declared. */
  sourceField: string;
  /** Link by it only when exactly one source record has this value; the caller checks the source system. */
  uniqueInSource: boolean;
  /** How the value was normalised, so the target side's value can be compared the same way. */
  normalise: MergeKeyKind;
}

export type MergeKeyOutcome =
  | { kind: 'key'; key: MergeKeyValue }
  /** No usable key: the record can only be linked by the id linkflow gives it (create). */
  | { kind: 'none'; reason: string }
  /** A key exists but cannot be used safely: park the record with the reason. */
  | { kind: 'park'; reason: string };

export type MergeKeyKind = 'email' | 'org-number' | 'name';

/** A merge key's value as linkflow compares it (source and target side alike), or undefined if unusable. */
export function normaliseMergeKey(kind: MergeKeyKind, raw: unknown): string | undefined {
  switch (kind) {
    case 'email':
      return normaliseEmail(raw);
    case 'org-number':
      return normaliseOrgNumber(raw);
    case 'name':
      return normaliseName(raw);
  }
}

export function resolveMergeKey(mapping: Mapping, data: unknown): MergeKeyOutcome {
  const decl = mapping.mergeKey;
  if (decl === undefined) return { kind: 'none', reason: `${mapping.id} declares no merge key` };
  const raw = getPath(data, decl.source);
  const label = recordLabel(mapping.source.type, data);
  const value = normaliseMergeKey(decl.normalise, raw);
  if (value === undefined) {
    return {
      kind: 'none',
      reason: `${label}: ${decl.source} ${raw === undefined || raw === null || raw === '' ? 'is empty' : 'is not a valid ' + decl.normalise}`,
    };
  }
  if (decl.max_length !== undefined && value.length > decl.max_length) {
    return {
      kind: 'park',
      reason: `${label}: ${decl.source} is ${value.length} characters; ${mapping.target.type} ${decl.target} allows ${decl.max_length}, so it cannot be linked by ${decl.target}`,
    };
  }
  return {
    kind: 'key',
    key: {
      field: decl.target,
      value,
      sourceField: decl.source,
      uniqueInSource: decl.unique_in_source,
      normalise: decl.normalise,
    },
  };
}

/** The merge key, or undefined when the record has none usable (see resolveMergeKey for the reason). */
export function mergeKeyOf(mapping: Mapping, data: unknown): MergeKeyValue | undefined {
  const outcome = resolveMergeKey(mapping, data);
  return outcome.kind === 'key' ? outcome.key : undefined;
}
