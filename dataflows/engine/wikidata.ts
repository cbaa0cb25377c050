/**
 * The code → Wikidata table (wikidata.yaml beside this file), read once and checked with zod. The table is
 * data so that a new system's codes are a new row, not new code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const wikidataId = z.string().regex(/^Q\d+$/, 'a Wikidata id looks like Q20');

export const fieldKindSchema = z.enum(['country-code', 'identifier-type']);
export type FieldKind = z.infer<typeof fieldKindSchema>;

const wikidataTableSchema = z.strictObject({
  field_kinds: z.record(fieldKindSchema, z.array(z.string().min(1))),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/), wikidataId),
  identifiers: z.record(wikidataId, z.strictObject({ label: z.string(), country: wikidataId.optional() })),
  identifier_types: z.array(
    z.strictObject({
      code: z.string().min(1),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
      country_field: z.string().min(1).optional(),
      wikidata: wikidataId,
    }),
  ),
});
export type WikidataTable = z.infer<typeof wikidataTableSchema>;

export const wikidataTablePath = join(__dirname, 'wikidata.yaml');

let cached: WikidataTable | undefined;

export function wikidataTable(): WikidataTable {
  if (cached === undefined) {
    const parsed = wikidataTableSchema.safeParse(parse(readFileSync(wikidataTablePath, 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new Error(`wikidata.yaml: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** What kind of code a field holds, judged by the end of its name; undefined when the table does not say. */
export function fieldKindOf(path: string): FieldKind | undefined {
  const last = (path.split('.').pop() ?? '').toLowerCase();
  const kinds = wikidataTable().field_kinds;
  for (const kind of fieldKindSchema.options) {
    if ((kinds[kind] ?? []).some((suffix) => last.endsWith(suffix.toLowerCase()))) return kind;
  }
  return undefined;
}

/** ISO 3166-1 alpha-2 code → Wikidata country id. */
export function countryWikidataId(code: string): string | undefined {
  return wikidataTable().countries[code.trim().toUpperCase()];
}
