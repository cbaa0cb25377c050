/**
 * The list cursor: where the next page starts, and which filters it belongs to. The contract keeps it opaque to
 * clients; here it is base64url JSON of the last record's (updatedAt, id), so that it is stateless and never
 * expires. A cursor carries a fingerprint of the filters it was issued for, and is refused with others: reused
 * with another `updatedSince` or `email` it would page through a listing it does not belong to.
 *
 * The `cursorWithoutId` and `offsetCursor` deviations (options.ts) write the broken positions they are named for.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parameterInvalid } from './problems';

export type CursorPosition =
  /** Strictly after (updatedAt, id): the contract's cursor. */
  | { kind: 'after'; updatedAtMs: number; id: string }
  /** After an instant, ties lost (the `cursorWithoutId` deviation). */
  | { kind: 'afterInstant'; updatedAtMs: number }
  /** An offset into the ordering (the `offsetCursor` deviation). */
  | { kind: 'offset'; offset: number };

const cursorSchema = z.object({
  /** The filters' fingerprint. */
  f: z.string(),
  t: z.number().int().optional(),
  i: z.string().optional(),
  o: z.number().int().min(0).optional(),
});

/** What a cursor is tied to: `updatedSince` and the filters, in one stable string. */
export function filterFingerprint(updatedSinceMs: number | undefined, filters: Record<string, string>): string {
  const canonical = JSON.stringify([
    updatedSinceMs ?? null,
    Object.entries(filters).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(position: CursorPosition, fingerprint: string): string {
  const fields =
    position.kind === 'after'
      ? { f: fingerprint, t: position.updatedAtMs, i: position.id }
      : position.kind === 'afterInstant'
        ? { f: fingerprint, t: position.updatedAtMs }
        : { f: fingerprint, o: position.offset };
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, fingerprint: string): CursorPosition {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw parameterInvalid('cursor', 'is not a cursor this API issued');
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw parameterInvalid('cursor', 'is not a cursor this API issued');
  const { f, t, i, o } = parsed.data;
  if (f !== fingerprint) {
    throw parameterInvalid('cursor', 'was issued for other filters (updatedSince and the filters must stay the same)');
  }
  if (o !== undefined) return { kind: 'offset', offset: o };
  if (t === undefined) throw parameterInvalid('cursor', 'is not a cursor this API issued');
  return i === undefined ? { kind: 'afterInstant', updatedAtMs: t } : { kind: 'after', updatedAtMs: t, id: i };
}
