/**
 * Per-property "latest change wins", shared by links and record writers: a value replaces the one held only
 * if its edit is newer, and an empty value never overwrites a filled one (Sesam Talk's rules).
 */
import { isEmptyValue, sameValue } from '../model/json-values';
import type { PropertyMap, ProvenancedValue } from '../model/sync-state';

export { isEmptyValue, sameValue };

/** Whether `candidate` should replace `current` under the two rules. */
export function wins(candidate: ProvenancedValue, current: ProvenancedValue | undefined): boolean {
  if (current === undefined) return !isEmptyValue(candidate.value);
  if (isEmptyValue(candidate.value) && !isEmptyValue(current.value)) return false;
  if (sameValue(candidate.value, current.value)) return false;
  return candidate.at > current.at;
}

export interface MergeOutcome {
  /** The properties that changed value. */
  accepted: PropertyMap;
  /** Proposals that lost to a newer value (the proposer should hear the winning value). */
  rejected: PropertyMap;
}

/** Applies proposals to `held` in place. */
export function mergeProposals(held: PropertyMap, proposals: PropertyMap): MergeOutcome {
  const outcome: MergeOutcome = { accepted: {}, rejected: {} };
  for (const [property, proposal] of Object.entries(proposals)) {
    const current = held[property];
    if (wins(proposal, current)) {
      held[property] = proposal;
      outcome.accepted[property] = proposal;
    } else if (current !== undefined && !sameValue(current.value, proposal.value)) {
      outcome.rejected[property] = current;
    } else if (current !== undefined && proposal.at > current.at && sameValue(current.value, proposal.value)) {
      // Same value, newer edit: keep the newer time so a later, older edit cannot win against it.
      held[property] = { ...current, at: proposal.at };
    }
  }
  return outcome;
}

/**
 * The time an edit is taken to have been made: the system's own change time, but never later than now. Two
 * vendors' clocks differ; a clock that runs ahead would otherwise win every race for as long as it is ahead.
 * Clamped, an edit can gain at most the time until linkflow observes it (see docs/DECISIONS.md).
 */
export function editTime(changedAt: number, now: number = Date.now()): number {
  return Math.min(changedAt, now);
}

/** Flat target-space values → PropertyMap with one time and origin. */
export function provenanced(values: Record<string, unknown>, at: number, origin: string): PropertyMap {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, at, origin }]));
}

/** The properties whose value differs between two flat maps (keys of both). */
export function changedKeys(next: Record<string, unknown>, previous: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(next), ...Object.keys(previous)]);
  return [...keys].filter((key) => !sameValue(next[key], previous[key]));
}
