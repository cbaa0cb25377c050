/**
 * How long a poller sleeps between passes: its interval while records change, doubling with every pass that
 * finds nothing, up to a ceiling. An idle sync then costs a few requests a minute per resource (within 5 % of
 * each vendor's budget), and the first change after a quiet spell still arrives within the ceiling plus one
 * pass; the pass that finds it brings the interval straight back.
 */
export const DEFAULT_IDLE_CEILING_MS = 30_000;

/**
 * What is left of a pause that is counted from when the read before it began (`startedAt`), not from when it
 * ended: a poller then reads every `pauseMs` as it says, where a pause after the read added the read, its
 * workflow tasks and its queue waits to every interval (seconds each under a first sync's load). A read that
 * took the whole pause or more leaves none: the next one starts at once, never two within one pause.
 */
export function remainingPauseMs(pauseMs: number, startedAt: number, now: number): number {
  return Math.max(0, pauseMs - Math.max(0, now - startedAt));
}

export function nextPollDelayMs(
  intervalMs: number,
  idlePasses: number,
  ceilingMs: number = DEFAULT_IDLE_CEILING_MS,
): number {
  if (idlePasses <= 1) return intervalMs;
  const ceiling = Math.max(intervalMs, ceilingMs);
  return Math.min(intervalMs * 2 ** Math.min(idlePasses - 1, 30), ceiling);
}
