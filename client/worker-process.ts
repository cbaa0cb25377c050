/**
 * `linkflow worker` runs under a heap cap (docs/DECISIONS.md 86), with a small semi-space (103) and with glibc's
 * arenas capped (99) and its mmap threshold fixed (117). Node takes its heap flags and glibc its settings only at
 * start, so a worker started without them starts itself again with them: this process then only passes signals
 * on and ends as the worker ends. If this process is killed outright, the worker dies with it (it watches the
 * channel between them), so a supervisor that kills the pid it started still kills the worker. The benchmark and
 * the chaos campaign start the worker with all of them, so the pid they watch is the worker itself.
 */
import { spawn } from 'node:child_process';
import { loadConfig, missingMallocSettings, workerNodeArgs, workerProcessEnv } from '../config/config';

const RELAUNCHED = 'LINKFLOW_WORKER_RELAUNCHED';

/** The worker's heap flags this process was not started with (a flag the caller gave, in any value, stays theirs). */
function missingFlags(nodeArgs: string[]): string[] {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return nodeArgs.filter((flag) => {
    const name = flag.split('=')[0] ?? flag;
    return !given.some((arg) => arg === name || arg.startsWith(`${name}=`));
  });
}

/** In a relaunched worker: die with the process that started it. */
function dieWithParent(): void {
  if (process.env[RELAUNCHED] !== '1' || process.send === undefined) return;
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  process.channel?.unref();
}

/**
 * Starts the worker again with its heap flags and glibc's settings, when it lacks any of them; true when this
 * process is now only its parent.
 */
export function relaunchedUnderHeapCap(args: string[], script: string): boolean {
  if (args[0] !== 'worker') return false;
  dieWithParent();
  if (process.env[RELAUNCHED] === '1') return false;
  let nodeArgs: string[];
  try {
    nodeArgs = workerNodeArgs(loadConfig());
  } catch {
    return false; // the command itself reports the invalid configuration
  }
  const missing = missingFlags(nodeArgs);
  if (missing.length === 0 && missingMallocSettings(process.env).length === 0) return false;
  const child = spawn(process.execPath, [...missing, ...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: workerProcessEnv({ ...process.env, [RELAUNCHED]: '1' }),
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward(signal));
  child.on('exit', (code, signal) => {
    for (const name of signals) process.removeAllListeners(name);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return true;
}
