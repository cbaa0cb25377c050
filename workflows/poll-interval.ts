/**
 * How long a poller sleeps between passes: its interval while records change, doubling with every pass that
 * finds nothing, up to a ceiling. An idle sync then costs a few requests a minute per resource (within 5 % of
 * each vendor's budget), and the first change after a quiet spell still arrives within the ceiling plus one
 * pass; the pass that finds it brings the interval straight back.
 */
export const DEFAULT_IDLE_CEILING_MS = 30_000;

export function nextPollDelayMs(
  intervalMs: number,
  idlePasses: number,
  ceilingMs: number = DEFAULT_IDLE_CEILING_MS,
): number {
  if (idlePasses <= 1) return intervalMs;
  const ceiling = Math.max(intervalMs, ceilingMs);
  return Math.min(intervalMs * 2 ** Math.min(idlePasses - 1, 30), ceiling);
}
