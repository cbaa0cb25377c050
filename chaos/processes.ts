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
import { REPO_ROOT, workerProcessEnv } from '../config/config';
import { signalGroup } from '../harness/process-groups';

export { fileSize, killLeftovers, waitForLogLine } from '../harness/process-groups';

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

  /** `nodeArgs` go to node before linkflow's own (e.g. a `--require` of a fault of the campaign's). */
  start(name: PartName, args: string[], nodeArgs: string[] = []): RunningPart {
    if (this.get(name)) throw new Error(`${name} is already running`);
    const generation = this.generations.get(name) ?? 0;
    this.generations.set(name, generation + 1);
    const logFile = this.logFileOf(name);
    const now = new Date().toISOString();
    fs.appendFileSync(logFile, `\n=== chaos: start #${generation + 1} of "linkflow ${args.join(' ')}" at ${now}\n`);
    const out = fs.openSync(logFile, 'a');
    // detached: a process group of its own, so that killing the group also ends what the part started.
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
      cwd: REPO_ROOT,
      // The worker with its own environment (glibc's arenas capped), so that the pid started is the worker's.
      env: name === 'worker' ? workerProcessEnv(this.env) : this.env,
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

  /** Sends a signal to the part's main process that is not meant to end it (its exit would be a finding). */
  poke(name: PartName, signal: NodeJS.Signals): RunningPart | undefined {
    const part = this.get(name);
    if (!part) return undefined;
    try {
      process.kill(part.pid, signal);
      return part;
    } catch {
      return undefined;
    }
  }

  /** Stops a part: SIGTERM (or the given signal), then SIGKILL to the group after `graceMs`. */
  async stop(name: PartName, options: StopOptions = {}): Promise<void> {
    const part = this.get(name);
    if (!part) return;
    this.signal(name, options.signal ?? 'SIGTERM', options.mainOnly ? { mainOnly: true } : {});
    const timer = setTimeout(() => signalGroup(part.pid, 'SIGKILL'), options.graceMs ?? 15_000);
    await part.exited;
    clearTimeout(timer);
    // The group may hold a grandchild that outlived its parent (the temporal binary): end it too.
    signalGroup(part.pid, 'SIGKILL');
  }

  /** Stops every part, the worker first (so it does not log the server's absence for long). */
  async stopAll(): Promise<void> {
    const order: PartName[] = ['sync-start', 'sync-stop', 'worker', 'sandboxes', 'server'];
    for (const name of order) await this.stop(name, { graceMs: 10_000 });
    this.savePids();
  }

  /** Last resort on process exit: SIGKILL every group still recorded (synchronous). */
  killAllNow(): void {
    for (const part of this.parts.values()) if (part.exitCode === undefined) signalGroup(part.pid, 'SIGKILL');
  }

  private savePids(): void {
    const running = [...this.parts.values()].filter((part) => part.exitCode === undefined);
    const alive = running.map((part) => ({ name: part.name, pid: part.pid }));
    fs.writeFileSync(this.pidFile, `${JSON.stringify(alive)}\n`);
  }
}
