/**
 * PowerOffice timestamps are ISO-8601 with an offset and up to 7 fractional digits (100 ns):
 * `2021-09-30T08:03:00.1234567Z`. JavaScript dates keep milliseconds only, so the sub-millisecond part is
 * kept separately: `version` carries it as a fraction (two edits in the same millisecond still differ) while
 * `changedAt` and the cursor use whole milliseconds (the cursor's overlap-and-seen set absorbs the rounding).
 */
const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface PowerOfficeInstant {
  /** Whole epoch milliseconds. */
  ms: number;
  /** Epoch milliseconds including the sub-millisecond fraction (as far as a double holds it). */
  precise: number;
}

export function parsePowerOfficeTimestamp(value: string): PowerOfficeInstant | undefined {
  const match = ISO_WITH_FRACTION.exec(value.trim());
  if (!match || match[1] === undefined) return undefined;
  const fraction = match[2] ?? '';
  const millisDigits = fraction.slice(0, 3).padEnd(3, '0');
  const zone = match[3] ?? 'Z'; // a timestamp without an offset is read as UTC
  const ms = Date.parse(`${match[1]}.${millisDigits}${zone}`);
  if (Number.isNaN(ms)) return undefined;
  const subMillis = fraction.length > 3 ? Number(`0.${fraction.slice(3)}`) : 0;
  return { ms, precise: ms + subMillis };
}

/** The value for `lastChangedDateTimeOffsetGreaterThan` (exclusive) from epoch ms. */
export const toPowerOfficeTimestamp = (epochMs: number): string => new Date(Math.floor(epochMs)).toISOString();
