/**
 * linkflow's parts as the campaign runs them: `linkflow server`, `linkflow sandbox start`, `linkflow worker`
 * and `linkflow sync start`, each in its own process. Knows when each is ready, kills and restarts them on
 * purpose, blocks the worker's main thread, and revives one that died on its own (counted: that is a finding
 * too).
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { isServerReachable } from '../temporal/connection';
import { type LinkflowConfig, workerNodeArgs } from '../config/config';
import type { ChaosOptions } from './options';
import { fileSize, waitForLogLine, type PartName, type ProcessSet } from './processes';
import type { SandboxAdmin } from '../harness/sandbox-admin';
import { Aborted, sleep, withTimeout } from './util';

const MINUTE = 60_000;

export interface Counters {
  kills: number;
  /** How long each killed worker took to serve again (its process start and workflow bundling). */
  restartMs: number[];
  serverRestarts: { signal: string; downMs: number }[];
  /** Main-thread blocks made, and those after which the same worker process served no more (stuck). */
  blocks: number;
  stuckAfterBlock: number;
  /** Parts that exited without being told to, by name. */
  unexpected: Record<string, number>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Loaded into the worker when the campaign blocks its main thread. */
const MAIN_THREAD_BLOCK = require.resolve('./main-thread-block.cjs');

export class Parts {
  /** Parts under a deliberate kill or restart: the keeper leaves them alone. */
  private readonly busy = new Set<PartName>();
  /** Parts that should be running. */
  private readonly wanted = new Set<PartName>();
  private keeper: Promise<void> | undefined;

  constructor(
    readonly processes: ProcessSet,
    private readonly config: LinkflowConfig,
    private readonly options: ChaosOptions,
    private readonly admins: SandboxAdmin[],
    readonly counters: Counters,
    private readonly out: (line: string) => void,
    private readonly signal: AbortSignal,
  ) {}

  private alive(name: PartName): () => boolean {
    return () => this.processes.get(name) !== undefined;
  }

  private failure(name: PartName, what: string): Error {
    return new Error(`${what}; see ${this.processes.logFileOf(name)}`);
  }

  async startServer(timeoutMs: number): Promise<void> {
    this.processes.start('server', ['server']);
    this.wanted.add('server');
    const deadline = Date.now() + timeoutMs;
    while (!(await isServerReachable(this.config, 2_000))) {
      if (!this.alive('server')()) throw this.failure('server', 'linkflow server exited while starting');
      if (Date.now() > deadline) throw this.failure('server', `no Temporal server answered in ${timeoutMs / 1000} s`);
      await sleep(1_000, this.signal);
    }
  }

  async startSandboxes(reset: boolean): Promise<void> {
    const o = this.options;
    const args = ['sandbox', 'start', '--json', '--customers', String(o.customers), '--seed', String(o.seed)];
    // A live site's budget (1,000 requests/min) rather than a test site's 150, as the demo does.
    args.push('--production-limits', '--systems', 'poweroffice-go,chargebee');
    args.push('--port', `poweroffice-go=${o.powerofficePort}`, '--port', `chargebee=${o.chargebeePort}`);
    if (reset) args.push('--reset');
    this.processes.start('sandboxes', args);
    this.wanted.add('sandboxes');
    const deadline = Date.now() + 3 * MINUTE;
    for (;;) {
      const healthy = await Promise.all(this.admins.map((admin) => admin.healthy()));
      if (healthy.every(Boolean)) return;
      if (!this.alive('sandboxes')()) throw this.failure('sandboxes', 'linkflow sandbox start exited');
      if (Date.now() > deadline) throw this.failure('sandboxes', 'the sandboxes did not answer within 3 minutes');
      await sleep(500, this.signal);
    }
  }

  async startWorker(): Promise<void> {
    const log = this.processes.logFileOf('worker');
    const from = fileSize(log);
    // Under its heap cap from the start, so that the pid the campaign kills is the worker's own.
    const blocks = this.options.blocks > 0 ? ['--require', MAIN_THREAD_BLOCK] : [];
    const nodeArgs = [...workerNodeArgs(this.config), ...blocks];
    this.processes.start('worker', ['worker'], nodeArgs);
    this.wanted.add('worker');
    // Bundling the workflows takes a while on a busy 2-core machine.
    await waitForLogLine(log, from, /Worker on task queue/, 5 * MINUTE, this.alive('worker'));
  }

  async syncStart(): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const args = ['sync', 'start', '--interval', String(this.options.pollSeconds)];
      const part = this.processes.start('sync-start', args);
      part.expectedExit = true;
      const code = await withTimeout('linkflow sync start', 3 * MINUTE, part.exited);
      if (code === 0) return;
      await sleep(5_000, this.signal);
    }
    throw this.failure('sync-start', 'linkflow sync start failed three times');
  }

  /**
   * SIGUSR2 to the worker's main process: its main thread is then busy for `blockMs`
   * (chaos/main-thread-block.cjs). Returns the process blocked, if a worker runs.
   */
  blockWorker(): { pid: number } | undefined {
    if (this.busy.has('worker')) return undefined;
    const part = this.processes.poke('worker', 'SIGUSR2');
    if (!part) return undefined;
    this.counters.blocks += 1;
    return { pid: part.pid };
  }

  /** Whether process `pid` has polled the workflow tasks of `taskQueue` since `sinceMs` (the server's view). */
  async pollsSince(client: Client, taskQueue: string, pid: number, sinceMs: number): Promise<boolean> {
    const { enums } = temporal.api;
    const described = await client.workflowService.describeTaskQueue({
      namespace: this.config.temporal.namespace,
      taskQueue: { name: taskQueue, kind: enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    // The SDK's default identity is "<pid>@<host>".
    return described.pollers.some(
      (poller) => poller.identity?.startsWith(`${pid}@`) === true && tsToMs(poller.lastAccessTime) > sinceMs,
    );
  }

  /** SIGKILL, a pause, and a new worker; waits until it serves again. `counted`: one of the planned kills. */
  async killWorker(pauseMs: number, counted = true): Promise<void> {
    this.busy.add('worker');
    try {
      const part = this.processes.get('worker');
      if (part) {
        this.processes.signal('worker', 'SIGKILL');
        await part.exited;
        if (counted) this.counters.kills += 1;
      }
      await sleep(pauseMs, this.signal);
      const started = Date.now();
      await this.startWorker();
      this.counters.restartMs.push(Date.now() - started);
    } catch (error) {
      // Stopped by Ctrl-C while the worker was starting: not a failed restart.
      if (error instanceof Aborted || this.signal.aborted) throw new Aborted();
      this.out(`  ! worker restart: ${message(error)} (the keeper will try again)`);
    } finally {
      this.busy.delete('worker');
    }
  }

  /** SIGKILL of the whole group (a crash) or SIGTERM (linkflow server stops its dev server), then a restart. */
  async restartServer(signal: 'SIGKILL' | 'SIGTERM', pauseMs: number): Promise<void> {
    this.busy.add('server');
    const down = Date.now();
    try {
      const part = this.processes.get('server');
      if (part) {
        if (signal === 'SIGKILL') this.processes.signal('server', 'SIGKILL');
        else await this.processes.stop('server', { signal: 'SIGTERM', mainOnly: true, graceMs: 30_000 });
        await part.exited;
      }
      await sleep(pauseMs, this.signal);
      await this.startServer(5 * MINUTE);
      this.counters.serverRestarts.push({ signal, downMs: Date.now() - down });
    } catch (error) {
      if (error instanceof Aborted || this.signal.aborted) throw new Aborted();
      this.out(`  ! server restart: ${message(error)} (the keeper will try again)`);
    } finally {
      this.busy.delete('server');
    }
  }

  private async revive(name: 'server' | 'sandboxes' | 'worker'): Promise<void> {
    // A worker needs its server: while the server is down, wait for the next round.
    if (name === 'worker' && !(await isServerReachable(this.config, 2_000))) return;
    this.counters.unexpected[name] = (this.counters.unexpected[name] ?? 0) + 1;
    this.out(`  ! ${name} exited on its own; starting it again`);
    this.busy.add(name);
    try {
      if (name === 'server') await this.startServer(5 * MINUTE);
      else if (name === 'sandboxes') await this.startSandboxes(false);
      else await this.startWorker();
    } catch (error) {
      if (!(error instanceof Aborted)) this.out(`  ! ${name} did not come back: ${message(error)}`);
    } finally {
      this.busy.delete(name);
    }
  }

  /** Every 3 s: revives a wanted part that is neither running nor being restarted on purpose. */
  startKeeper(): void {
    const loop = async (): Promise<void> => {
      while (!this.signal.aborted) {
        await sleep(3_000, this.signal);
        for (const name of ['server', 'sandboxes', 'worker'] as const) {
          if (this.signal.aborted) return;
          if (this.wanted.has(name) && !this.busy.has(name) && !this.processes.get(name)) await this.revive(name);
        }
      }
    };
    this.keeper = loop().catch(() => undefined);
  }

  async stopKeeper(): Promise<void> {
    await this.keeper;
  }
}
