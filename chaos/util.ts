/** Small helpers the campaign's loops share: bounded waits that a campaign abort cuts short. */

export class Aborted extends Error {
  constructor() {
    super('the campaign was stopped');
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Aborted());
      return;
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Fails after `ms` instead of waiting for ever (a Temporal call while the server is down can hang). */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function minutesText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export function truncate(text: string, length: number): string {
  // Control characters (the bad corpus has some) are shown escaped, so a table stays one line per row.
  const escape = (c: string): string => {
    const code = c.charCodeAt(0);
    return code < 32 || code === 127 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  };
  const flat = [...text].map(escape).join('');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
