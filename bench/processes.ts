/**
 * The benchmark's child processes: each part of linkflow runs as a user runs it, `node bin/linkflow.js
 * <command>`, in a process group of its own (so that stopping the server also ends the temporal binary it
 * started), with its output in a log file under the run's directory.
 *
 * Every group started here is recorded in `<dataDir>/pids.json`, stopped when the benchmark ends (normally, on
 * Ctrl-C or on an error) and, should the benchmark itself have been killed, by the next benchmark before it
 * starts anything. Only groups whose leader is still a `linkflow` process are ever killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/config';
import { signalGroup } from '../harness/process-groups';

export { fileSize, killLeftovers, waitForLogLine } from '../harness/process-groups';

const BIN = path.join(REPO_ROOT, 'bin', 'linkflow.js');

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  logFile: string;
  /** Set before the benchmark stops it, so that the exit is not taken for a crash. */
  expectedExit: boolean;
  exitCode: number | null | undefined;
  exited: Promise<number | null>;
}

export class Children {
  private readonly running = new Map<string, Child>();
  /** Called when a child exits that the benchmark did not stop. */
  onUnexpectedExit: ((child: Child) => void) | undefined;

  constructor(
    private readonly logDir: string,
    private readonly pidFile: string,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  logFileOf(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  get(name: string): Child | undefined {
    const child = this.running.get(name);
    return child && child.exitCode === undefined ? child : undefined;
  }

  /** Starts `linkflow <args>` with exactly `env`; `nodeArgs` go to node first (the worker's heap cap). */
  start(name: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Child {
    if (this.get(name)) throw new Error(`${name} is already running`);
    const logFile = this.logFileOf(name);
    fs.appendFileSync(logFile, `=== bench: "linkflow ${args.join(' ')}" at ${new Date().toISOString()}\n`);
    const out = fs.openSync(logFile, 'a');
    const spawned = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    if (spawned.pid === undefined) throw new Error(`could not start linkflow ${args.join(' ')}`);
    let resolveExit: (code: number | null) => void = () => undefined;
    const exited = new Promise<number | null>((resolve) => {
      resolveExit = resolve;
    });
    const child: Child = {
      name,
      pid: spawned.pid,
      process: spawned,
      logFile,
      expectedExit: false,
      exitCode: undefined,
      exited,
    };
    spawned.on('exit', (code, signal) => {
      child.exitCode = code ?? (signal ? -1 : null);
      fs.appendFileSync(logFile, `=== bench: exited (code ${String(code)}, signal ${String(signal)})\n`);
      resolveExit(child.exitCode);
      this.savePids();
      if (!child.expectedExit) this.onUnexpectedExit?.(child);
    });
    this.running.set(name, child);
    this.savePids();
    return child;
  }

  /** SIGTERM to the child's group (or its main process only), then SIGKILL to the group after `graceMs`. */
  async stop(name: string, options: { graceMs?: number; mainOnly?: boolean } = {}): Promise<void> {
    const child = this.get(name);
    if (!child) return;
    child.expectedExit = true;
    signalGroup(child.pid, 'SIGTERM', options.mainOnly === true);
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL', false), options.graceMs ?? 15_000);
    await child.exited;
    clearTimeout(timer);
    // A grandchild may outlive its parent (the temporal binary): end the group too.
    signalGroup(child.pid, 'SIGKILL', false);
  }

  /** Stops every child, the ones named first in `order` first. */
  async stopAll(order: string[]): Promise<void> {
    const names = [...order, ...[...this.running.keys()].filter((name) => !order.includes(name))];
    for (const name of names) await this.stop(name, { graceMs: 10_000 });
    this.savePids();
  }

  /** Last resort on process exit: SIGKILL every group still running (synchronous). */
  killAllNow(): void {
    for (const child of this.running.values())
      if (child.exitCode === undefined) signalGroup(child.pid, 'SIGKILL', false);
  }

  private savePids(): void {
    const alive = [...this.running.values()].filter((child) => child.exitCode === undefined);
    fs.writeFileSync(this.pidFile, `${JSON.stringify(alive.map(({ name, pid }) => ({ name, pid })))}\n`);
  }
}

/** Resident memory of a process in bytes (VmRSS of /proc/<pid>/status), or undefined once it is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] !== undefined ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSample {
  /** Seconds since the sampler started. */
  at: number;
  mib: number;
}

/** Samples a process's VmRSS every second until stopped. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();

  constructor(readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 1_000);
    this.sample();
  }

  private sample(): void {
    const bytes = residentBytes(this.pid);
    if (bytes === undefined) return;
    this.samples.push({ at: Math.round((Date.now() - this.started) / 1000), mib: bytes / 1024 / 1024 });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  peakMiB(): number {
    return this.samples.reduce((peak, sample) => Math.max(peak, sample.mib), 0);
  }

  /** The peak of the samples taken at or after `epochMs`. */
  peakMiBSince(epochMs: number): number {
    const from = Math.floor((epochMs - this.started) / 1000);
    return this.samples.reduce((peak, sample) => (sample.at >= from ? Math.max(peak, sample.mib) : peak), 0);
  }

  lastMiB(): number {
    return this.samples.at(-1)?.mib ?? 0;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user and system) used so far by every live process of a process group: a part's main process
 * and whatever it started (the temporal binary under `linkflow server`).
 */
export function groupCpuSeconds(groupId: number): number {
  let ticks = 0;
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== groupId) continue;
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU time the machine's host took from it (the `steal` column of /proc/stat's first line), in clock ticks: on a
 * shared virtual machine, a phase that ran slower with its own processes using less CPU may have been short of
 * it all the same. 0 where the kernel does not report it.
 */
export function stealTicksOf(procStat: string): number {
  const total = procStat.split('\n').find((line) => line.startsWith('cpu '));
  const steal = Number(total?.trim().split(/\s+/)[8]);
  return Number.isFinite(steal) ? steal : 0;
}

/** CPU seconds the host has taken from this machine since it started (see stealTicksOf). */
export function machineStealSeconds(): number {
  try {
    return stealTicksOf(fs.readFileSync('/proc/stat', 'utf8')) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
