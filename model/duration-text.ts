/** A duration as people read it in a report or a log line: whole milliseconds under a second, else seconds. */
export function durationText(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
