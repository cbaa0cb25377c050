/**
 * Reverse mapping, derived from the same declaration as the forward one: a target record's values → the
 * source fields to write, for every two-way pair. One-way, computed and unsupported pairs never appear.
 */
import { conditionHolds } from './conditions';
import { convertReverse } from './conversions';
import { recordCurrency } from './currency';
import { isWritten, type Mapping, type PropPair } from './model';
import { apiSpelling, getPath, isEmpty, setPath, type JsonRecord } from './paths';

/**
 * When several two-way pairs share a target field, the edit goes back to the pair the forward direction
 * reads: the first whose condition holds on the current source record and whose source value is set, else
 * the first whose condition holds. A conditional pair needs the current source record to be judged.
 */
function chooseReversePair(candidates: readonly PropPair[], current: unknown): PropPair | undefined {
  const eligible = candidates.filter(
    (p) => p.when === undefined || (current !== undefined && conditionHolds(p.when, current)),
  );
  return eligible.find((p) => !isEmpty(getPath(current, p.source))) ?? eligible[0];
}

/**
 * The source fields to write for a target-side edit: nested JSON keyed as the API spells the fields (the
 * casing found in `currentSourceData`, else PascalCase), reverse conversions applied, empty values left out.
 */
export function toSource(mapping: Mapping, targetValues: unknown, currentSourceData?: unknown): JsonRecord {
  const result: JsonRecord = {};
  if (!isWritten(mapping)) return result;
  // Money goes back in the source record's currency; without the current record it is unknown, not guessed.
  const currency =
    currentSourceData === undefined ? undefined : recordCurrency(mapping.currency, currentSourceData).code;
  const byTarget = new Map<string, PropPair[]>();
  for (const pair of mapping.props) {
    if (pair.direction !== 'both') continue;
    byTarget.set(pair.target, [...(byTarget.get(pair.target) ?? []), pair]);
  }
  for (const [target, candidates] of byTarget) {
    const pair = chooseReversePair(candidates, currentSourceData);
    if (pair === undefined) continue;
    const raw = getPath(targetValues, target);
    if (isEmpty(raw)) continue;
    let value: unknown = raw;
    if (pair.conversion !== undefined) {
      const converted = convertReverse(pair.conversion, raw, currency);
      if (!converted.ok) continue;
      value = converted.value;
    }
    setPath(result, apiSpelling(pair.source, currentSourceData), value);
  }
  return result;
}

/** The two-way pairs of a mapping: the fields an edit on the target side may change. */
export function reversiblePairs(mapping: Mapping): PropPair[] {
  return !isWritten(mapping) ? [] : mapping.props.filter((p) => p.direction === 'both');
}
