/**
 * Watches the SDK Workers of one linkflow worker process, so that a process that no longer serves its task
 * queues says so and exits (non-zero), and its supervisor starts a fresh one, instead of staying alive and
 * silent. Nothing is lost by exiting: Temporal retries the workflow tasks and activities the process held.
 *
 * A Worker can stop without linkflow asking: a shutdown signal the SDK acts on, a fatal error the SDK reports
 * by shutting the Worker down, a poller that fails. Its drain can then last for ever (activities wait for
 * workflows that only this process would run), and the other Workers keep the process alive. So the
 * supervisor does not wait for `run()` to end: a Worker that leaves RUNNING is enough. It also notices workflow
 * activations that stop completing, and reports (without exiting) a main thread blocked for seconds, which is
 * what makes the workflow tasks in flight time out. See docs/RELIABILITY.md.
 */
import type { Worker, WorkerStatus } from '@temporalio/worker';

/** EX_TEMPFAIL: a temporary failure, worth a restart. */
export const WORKER_FAILURE_EXIT_CODE = 75;

/** What the supervisor reads of one SDK Worker (`watchWorker` adapts the SDK's own). */
export interface WatchedWorker {
  taskQueue: string;
  pollsWorkflows: boolean;
  pollsActivities: boolean;
  status: () => Pick<
    WorkerStatus,
    'runState' | 'workflowPollerState' | 'activityPollerState' | 'numInFlightWorkflowActivations'
  >;
  /** Workflow activations completed since the Worker started. */
  completedActivations: () => number;
  /** The Worker's `run()`. */
  running: Promise<void>;
  dispose?: () => void;
}

export function watchWorker(
  worker: Worker,
  options: { taskQueue: string; pollsWorkflows: boolean; pollsActivities?: boolean; running: Promise<void> },
): WatchedWorker {
  // The SDK counts activations in flight, not completed ones: each drop of the count is a completion.
  let completed = 0;
  let inFlight = 0;
  const subscription = worker.numInFlightActivations$.subscribe((count) => {
    if (count < inFlight) completed += inFlight - count;
    inFlight = count;
  });
  return {
    taskQueue: options.taskQueue,
    pollsWorkflows: options.pollsWorkflows,
    pollsActivities: options.pollsActivities ?? true,
    status: () => worker.getStatus(),
    completedActivations: () => completed,
    running: options.running,
    dispose: () => subscription.unsubscribe(),
  };
}

export interface SupervisorOptions {
  /** Called once, with one line saying why the process no longer serves its queues. */
  onFailure: (reason: string) => void;
  /** For the main-thread block line. */
  warn?: (line: string) => void;
  checkEveryMs?: number;
  /** Workflow activations in flight and none completed for this long: the workflow pipeline is stuck. */
  stallMs?: number;
  /** After SIGINT or SIGTERM the SDK drains the Workers itself; a drain longer than this will not end. */
  drainMs?: number;
  /** A main thread blocked this long is reported (workflow tasks time out after 10 s by default). */
  blockWarnMs?: number;
}

/** The signals after which the SDK stops the Workers on purpose (worker/sdk-signals.ts keeps these two). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class WorkerSupervisor {
  private stopRequested = false;
  private stopSignal: { signal: NodeJS.Signals; at: number } | undefined;
  private failed = false;
  private disposed = false;
  private settled = 0;
  private lastTick = Date.now();
  private readonly progress = new Map<WatchedWorker, { completed: number; at: number }>();
  private readonly timer: NodeJS.Timeout;
  private readonly checkEveryMs: number;
  private readonly stallMs: number;
  private readonly drainMs: number;
  private readonly blockWarnMs: number;
  private readonly warn: (line: string) => void;

  constructor(
    private readonly workers: WatchedWorker[],
    private readonly options: SupervisorOptions,
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 1_000;
    this.stallMs = options.stallMs ?? 120_000;
    this.drainMs = options.drainMs ?? 60_000;
    this.blockWarnMs = options.blockWarnMs ?? 5_000;
    this.warn = options.warn ?? ((line) => console.warn(line));
    for (const watched of workers) {
      this.progress.set(watched, { completed: watched.completedActivations(), at: Date.now() });
      watched.running.then(
        () => this.onRunEnded(watched, undefined),
        (error: unknown) => this.onRunEnded(watched, error),
      );
    }
    for (const signal of STOP_SIGNALS) process.on(signal, this.onStopSignal);
    // Unref'd: the Workers keep the process alive while they run; the supervisor must not once they stop.
    this.timer = setInterval(() => this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  /** linkflow is stopping the Workers itself: from now on a Worker that stops is no failure. */
  stop(): void {
    this.stopRequested = true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    for (const signal of STOP_SIGNALS) process.off(signal, this.onStopSignal);
    for (const watched of this.workers) watched.dispose?.();
  }

  private readonly onStopSignal = (signal: NodeJS.Signals): void => {
    this.stopSignal ??= { signal, at: Date.now() };
  };

  private onRunEnded(watched: WatchedWorker, error: unknown): void {
    this.settled += 1;
    if (this.stopRequested) return;
    if (error !== undefined) this.fail(`the worker of task queue "${watched.taskQueue}" failed: ${message(error)}`);
    else if (!this.stopSignal) this.fail(`the worker of task queue "${watched.taskQueue}" stopped unasked`);
  }

  private fail(reason: string): void {
    if (this.failed || this.disposed) return;
    this.failed = true;
    this.dispose();
    this.options.onFailure(reason);
  }

  private check(): void {
    const now = Date.now();
    const lag = now - this.lastTick - this.checkEveryMs;
    this.lastTick = now;
    const blocked = lag >= this.blockWarnMs;
    if (blocked)
      this.warn(
        `linkflow worker: the main thread was blocked for ${seconds(lag)} s; workflow tasks in flight meanwhile ` +
          'may have timed out (Temporal retries them; "Workflow task not found" warnings follow)',
      );
    // Asked to stop by a signal (whether the SDK or linkflow's close() started the drain): a bounded drain.
    if (this.stopSignal) {
      const draining = now - this.stopSignal.at;
      if (this.settled < this.workers.length && draining > this.drainMs)
        this.fail(
          `still draining ${seconds(draining)} s after ${this.stopSignal.signal}: activities in flight wait for ` +
            'workflows this process no longer runs',
        );
      return;
    }
    if (this.stopRequested) return;
    for (const watched of this.workers) {
      const reason = this.problemOf(watched, now, blocked);
      if (reason !== undefined) return this.fail(reason);
    }
  }

  private problemOf(watched: WatchedWorker, now: number, blocked: boolean): string | undefined {
    const status = watched.status();
    const queue = `the worker of task queue "${watched.taskQueue}"`;
    if (status.runState !== 'RUNNING')
      return `${queue} is ${status.runState} though linkflow did not stop it, so it polls no task (stopped by the SDK: a signal, or an error logged above)`;
    if (watched.pollsActivities && status.activityPollerState !== 'POLLING')
      return `${queue} no longer polls activity tasks (its poller is ${status.activityPollerState})`;
    if (!watched.pollsWorkflows) return undefined;
    if (status.workflowPollerState !== 'POLLING')
      return `${queue} no longer polls workflow tasks (its poller is ${status.workflowPollerState})`;
    const completed = watched.completedActivations();
    const last = this.progress.get(watched) ?? { completed, at: now };
    // A blocked main thread is not a stuck pipeline: it was reported above, and the clock starts again.
    if (completed !== last.completed || status.numInFlightWorkflowActivations === 0 || blocked) {
      this.progress.set(watched, { completed, at: now });
      return undefined;
    }
    if (now - last.at > this.stallMs)
      return `no workflow activation of ${queue} completed in ${seconds(now - last.at)} s while ${status.numInFlightWorkflowActivations} were in flight`;
    return undefined;
  }
}

/** The default reaction in a worker process: one line on stderr, then exit for the supervisor to restart it. */
export function exitForRestart(reason: string): never {
  console.error(
    `linkflow worker: exiting with code ${WORKER_FAILURE_EXIT_CODE}: ${reason}. ` +
      'Nothing is lost: Temporal retries the tasks this process held once a worker serves the queues again.',
  );
  process.exit(WORKER_FAILURE_EXIT_CODE);
}
