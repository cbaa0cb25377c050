/**
 * Uni Economy timestamps. The API answers UTC date-times; the sandbox writes them with milliseconds and a `Z`
 * (`2024-05-01T08:03:00.123Z`, a guess at the exact format) and reads filter literals with or without a zone
 * (the filtering guide writes them without one; those are read as UTC, also a guess).
 */
let lastIssued = 0;

/**
 * A change time strictly after every one issued before in this process, so that two writes never share a
 * timestamp here. (The real API may give two edits in one millisecond the same time; a client that keys its
 * change cursor on id and time copes with that either way.)
 */
export function nextChangeTime(now = Date.now()): number {
  lastIssued = Math.max(Math.floor(now), lastIssued + 1);
  return lastIssued;
}

export const formatTimestamp = (epochMs: number): string => new Date(epochMs).toISOString();

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds of an ISO date or date-time, or null when the text is neither. */
export function parseTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return null;
  const [, date, hoursMinutes = '00:00', seconds = '00', fraction = '', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const parsed = Date.parse(`${date}T${hoursMinutes}:${seconds}.${millis}${offset}`);
  return Number.isNaN(parsed) ? null : parsed;
}
