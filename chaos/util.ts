/** Small helpers of the campaign; the waits it shares with the benchmark are in harness/waits.ts. */
export { Aborted, minutesText, sleep, withTimeout } from '../harness/waits';

export function truncate(text: string, length: number): string {
  // Control characters (the bad corpus has some) are shown escaped, so a table stays one line per row.
  const escape = (c: string): string => {
    const code = c.charCodeAt(0);
    return code < 32 || code === 127 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  };
  const flat = [...text].map(escape).join('');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
