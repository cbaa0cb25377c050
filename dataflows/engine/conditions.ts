/**
 * The seeds' conditions, `<field path> is wd:Q<id>`: the pair is synchronised only when the record's value
 * in that field, translated to Wikidata through wikidata.yaml, is that item.
 *   - On a country-code field the id may be a country (wd:Q20) or an identifier issued by a country
 *     (wd:Q11994066, the Norwegian organisation number: the record's country is Norway).
 *   - On an identifier-type field the id is the identifier the type code denotes.
 */
import { getPath, isRecord, type JsonRecord } from './paths';
import { countryWikidataId, fieldKindOf, wikidataTable, type FieldKind } from './wikidata';

export interface Condition {
  /** The text as declared, for messages and `--json`. */
  text: string;
  field: string;
  kind: FieldKind;
  wikidataId: string;
}

const conditionPattern = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s+is\s+wd:(Q\d+)\s*$/;

export function parseCondition(text: string): Condition {
  const match = conditionPattern.exec(text);
  if (match === null) throw new Error(`condition "${text}" is not of the form "<field> is wd:Q<id>"`);
  const field = match[1]!;
  const wikidataId = match[2]!;
  const kind = fieldKindOf(field);
  if (kind === undefined) {
    throw new Error(
      `condition "${text}": wikidata.yaml does not say whether ${field} holds a country code or an identifier type`,
    );
  }
  const table = wikidataTable();
  const known =
    kind === 'country-code'
      ? Object.values(table.countries).includes(wikidataId) || table.identifiers[wikidataId]?.country !== undefined
      : table.identifier_types.some((t) => t.wikidata === wikidataId);
  if (!known) throw new Error(`condition "${text}": wikidata.yaml has no ${kind} reading of wd:${wikidataId}`);
  return { text: text.trim(), field, kind, wikidataId };
}

/** The sibling of a field path: `A.B.InternationalIdType` + `InternationalIdCountryCode` → `A.B.InternationalIdCountryCode`. */
function siblingPath(path: string, sibling: string): string {
  const segments = path.split('.');
  segments[segments.length - 1] = sibling;
  return segments.join('.');
}

function holdsOnCountryCode(condition: Condition, value: string): boolean {
  const country = countryWikidataId(value);
  if (country === undefined) return false;
  return country === condition.wikidataId || wikidataTable().identifiers[condition.wikidataId]?.country === country;
}

function holdsOnIdentifierType(condition: Condition, value: string, record: JsonRecord): boolean {
  const code = value.trim().toLowerCase();
  return wikidataTable().identifier_types.some((row) => {
    if (row.wikidata !== condition.wikidataId || row.code.toLowerCase() !== code) return false;
    if (row.country === undefined) return true;
    const countryValue = getPath(record, siblingPath(condition.field, row.country_field ?? 'CountryCode'));
    return typeof countryValue === 'string' && countryValue.trim().toUpperCase() === row.country;
  });
}

export function conditionHolds(condition: Condition, record: unknown): boolean {
  if (!isRecord(record)) return false;
  const value = getPath(record, condition.field);
  if (typeof value !== 'string' || value.trim() === '') return false;
  // A system may already hold the Wikidata id itself.
  if (value.trim().replace(/^wd:/, '') === condition.wikidataId) return true;
  return condition.kind === 'country-code'
    ? holdsOnCountryCode(condition, value)
    : holdsOnIdentifierType(condition, value, record);
}
