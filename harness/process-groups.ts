/**
 * Running linkflow's parts as separate processes from outside, as the chaos campaign and the benchmark do:
 * process groups (so that a signal also reaches the temporal binary `linkflow server` starts), a pid file of
 * what is running, the leftovers of a run that was itself killed, and waiting for a ready line in a log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const pidFileSchema = z.array(z.object({ name: z.string(), pid: z.number().int().positive() }));

/** Signals a whole process group (or only its leader). A group already gone is no error. */
export function signalGroup(pid: number, signal: NodeJS.Signals, mainOnly = false): void {
  try {
    process.kill(mainOnly ? pid : -pid, signal);
  } catch {
    // Already gone.
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * Ends the process groups an earlier run (`what`: the campaign, the benchmark) left behind when it was killed
 * before it could clean up. Only groups whose leader is still a `linkflow` process are touched, so a recycled
 * pid is never killed.
 */
export function killLeftovers(pidFile: string, log: (line: string) => void, what: string): number {
  if (!fs.existsSync(pidFile)) return 0;
  let entries: z.infer<typeof pidFileSchema> = [];
  try {
    entries = pidFileSchema.parse(JSON.parse(fs.readFileSync(pidFile, 'utf8') || '[]'));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const { name, pid } of entries) {
    if (!commandLineOf(pid).includes('linkflow')) continue;
    log(`Ending ${name} (pid ${pid}), left running by an earlier ${what}.`);
    signalGroup(pid, 'SIGKILL');
    killed += 1;
  }
  fs.writeFileSync(pidFile, '[]\n');
  return killed;
}

/** Waits until `file` has a line matching `pattern` written after byte `from`, or fails after `timeoutMs`. */
export async function waitForLogLine(
  file: string,
  from: number,
  pattern: RegExp,
  timeoutMs: number,
  alive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && pattern.test(fs.readFileSync(file).subarray(from).toString('utf8'))) return;
    if (!alive()) throw new Error(`the process writing ${path.basename(file)} exited before it was ready`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${path.basename(file)}: no line matching ${String(pattern)} within ${Math.round(timeoutMs / 1000)} s`,
  );
}

/** A file's size in bytes (0 when it does not exist yet): where a log's new lines start. */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
