/**
 * The campaign's child processes: each part of linkflow runs as a new user would run it, `node bin/linkflow.js
 * <command>`, in a process group of its own (so that a kill also reaches the temporal binary `linkflow server`
 * starts), with its output appended to a log file under the campaign's data directory.
 *
 * Every group started here is recorded in `<dataDir>/pids.json`, killed when the campaign ends (normally, on
 * Ctrl-C or on an error) and, should the campaign itself have been killed, by the next campaign before it
 * starts anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../config/config';

export type PartName = 'server' | 'sandboxes' | 'worker' | 'sync-start' | 'sync-stop';

export interface RunningPart {
  name: PartName;
  pid: number;
  child: ChildProcess;
  /** How many times this part had been started before this one. */
  generation: number;
  logFile: string;
  /** Set before the campaign kills or stops it on purpose, so the exit is not taken for a crash. */
  expectedExit: boolean;
  exitCode: number | null | undefined;
  exited: Promise<number | null>;
}

const pidFileSchema = z.array(z.object({ name: z.string(), pid: z.number().int().positive() }));

const BIN = path.join(REPO_ROOT, 'bin', 'linkflow.js');

interface StopOptions {
  signal?: NodeJS.Signals;
  graceMs?: number;
  /** Signal only the part's main process (it then stops what it started itself). */
  mainOnly?: boolean;
}

export class ProcessSet {
  private readonly parts = new Map<PartName, RunningPart>();
  private readonly generations = new Map<PartName, number>();
  /** Called when a part exits that the campaign did not stop: the campaign decides whether to restart it. */
  onUnexpectedExit: ((part: RunningPart) => void) | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    private readonly pidFile: string,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  logFileOf(name: PartName): string {
    return path.join(this.logDir, `${name}.log`);
  }

  /** Every log file written so far (for the secrets scan). */
  logFiles(): string[] {
    const files = fs.readdirSync(this.logDir).filter((file) => file.endsWith('.log'));
    return files.map((file) => path.join(this.logDir, file));
  }

  get(name: PartName): RunningPart | undefined {
    const part = this.parts.get(name);
    return part && part.exitCode === undefined ? part : undefined;
  }

  start(name: PartName, args: string[]): RunningPart {
    if (this.get(name)) throw new Error(`${name} is already running`);
    const generation = this.generations.get(name) ?? 0;
    this.generations.set(name, generation + 1);
    const logFile = this.logFileOf(name);
    const now = new Date().toISOString();
    fs.appendFileSync(logFile, `\n=== chaos: start #${generation + 1} of "linkflow ${args.join(' ')}" at ${now}\n`);
    const out = fs.openSync(logFile, 'a');
    // detached: a process group of its own, so that killing the group also ends what the part started.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: this.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    if (child.pid === undefined) throw new Error(`could not start linkflow ${args.join(' ')}`);
    let resolveExit: (code: number | null) => void = () => undefined;
    const exited = new Promise<number | null>((resolve) => {
      resolveExit = resolve;
    });
    const part: RunningPart = {
      name,
      pid: child.pid,
      child,
      generation,
      logFile,
      expectedExit: false,
      exitCode: undefined,
      exited,
    };
    child.on('exit', (code, signal) => {
      part.exitCode = code ?? (signal ? -1 : null);
      const now = new Date().toISOString();
      fs.appendFileSync(logFile, `=== chaos: exited (code ${String(code)}, signal ${String(signal)}) at ${now}\n`);
      resolveExit(part.exitCode);
      this.savePids();
      if (!part.expectedExit) this.onUnexpectedExit?.(part);
    });
    this.parts.set(name, part);
    this.savePids();
    return part;
  }

  /** Sends a signal to the part's whole process group (or only to its main process). */
  signal(name: PartName, signal: NodeJS.Signals, options: { groupOnly?: boolean; mainOnly?: boolean } = {}): boolean {
    const part = this.get(name);
    if (!part) return false;
    part.expectedExit = true;
    try {
      if (options.mainOnly) process.kill(part.pid, signal);
      else process.kill(-part.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops a part: SIGTERM (or the given signal), then SIGKILL to the group after `graceMs`. */
  async stop(name: PartName, options: StopOptions = {}): Promise<void> {
    const part = this.get(name);
    if (!part) return;
    this.signal(name, options.signal ?? 'SIGTERM', options.mainOnly ? { mainOnly: true } : {});
    const timer = setTimeout(() => killGroup(part.pid, 'SIGKILL'), options.graceMs ?? 15_000);
    await part.exited;
    clearTimeout(timer);
    // The group may hold a grandchild that outlived its parent (the temporal binary): end it too.
    killGroup(part.pid, 'SIGKILL');
  }

  /** Stops every part, the worker first (so it does not log the server's absence for long). */
  async stopAll(): Promise<void> {
    const order: PartName[] = ['sync-start', 'sync-stop', 'worker', 'sandboxes', 'server'];
    for (const name of order) await this.stop(name, { graceMs: 10_000 });
    this.savePids();
  }

  /** Last resort on process exit: SIGKILL every group still recorded (synchronous). */
  killAllNow(): void {
    for (const part of this.parts.values()) if (part.exitCode === undefined) killGroup(part.pid, 'SIGKILL');
  }

  private savePids(): void {
    const running = [...this.parts.values()].filter((part) => part.exitCode === undefined);
    const alive = running.map((part) => ({ name: part.name, pid: part.pid }));
    fs.writeFileSync(this.pidFile, `${JSON.stringify(alive)}\n`);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
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
 * Ends the process groups an earlier campaign left behind (it was killed before it could clean up). Only
 * groups whose leader is still a `linkflow` process are touched, so a recycled pid is never killed.
 */
export function killLeftovers(pidFile: string, log: (line: string) => void): number {
  if (!fs.existsSync(pidFile)) return 0;
  const parsed = pidFileSchema.safeParse(JSON.parse(fs.readFileSync(pidFile, 'utf8') || '[]'));
  if (!parsed.success) return 0;
  let killed = 0;
  for (const { name, pid } of parsed.data) {
    if (!commandLineOf(pid).includes('linkflow')) continue;
    log(`Ending ${name} (pid ${pid}), left running by an earlier campaign.`);
    killGroup(pid, 'SIGKILL');
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
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file).subarray(from).toString('utf8');
      if (pattern.test(text)) return;
    }
    if (!alive()) throw new Error(`the process writing ${path.basename(file)} exited before it was ready`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seconds = Math.round(timeoutMs / 1000);
  throw new Error(`${path.basename(file)}: no line matching ${String(pattern)} within ${seconds} s`);
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
