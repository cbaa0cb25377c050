/**
 * PowerOffice timestamps are DateTimeOffsets serialised with seven fraction digits (`…08:03:00.1234567Z`). The
 * sandbox keeps change times in whole microseconds (exact in a double, and sortable), writes them with seven
 * digits (the last one always 0) and parses clients' filter values of any precision.
 */
let lastIssued = 0;

/** A change time strictly after every one issued before in this process, so ordering by it is well defined. */
export function nextChangeMicros(now = Date.now()): number {
  lastIssued = Math.max(now * 1000, lastIssued + 1);
  return lastIssued;
}

export function formatTimestamp(micros: number): string {
  const whole = Math.floor(micros);
  const iso = new Date(Math.floor(whole / 1000)).toISOString(); // …T08:03:00.123Z
  const subMillis = String(whole % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${subMillis}0Z`;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Microseconds since the epoch, or null when the text is not an ISO date or date-time. */
export function parseTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const seconds = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${offset}`);
  if (Number.isNaN(seconds)) return null;
  const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
  return seconds * 1000 + micros;
}

/** The store keeps change times in (fractional) epoch milliseconds. */
export const microsToStoreTime = (micros: number): number => micros / 1000;

export function todayDate(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString().slice(0, 10);
}
