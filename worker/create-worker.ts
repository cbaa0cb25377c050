/**
 * Wires the bundled workflows and the activities to linkflow's task queue.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { LinkflowConfig } from '../config/config';
import { pollersQueue } from '../workflows/activity-options';

export const WORKFLOWS_PATH = require.resolve('../workflows');

let bundle: Promise<WorkflowBundle> | undefined;

/** Bundles the workflow code once per process (webpack + swc); later workers reuse the bundle. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
}

/**
 * The workflow code bundled in a child process: webpack and its caches never enter the worker's memory
 * (about 110 MB of a long-running worker's RSS; docs/BENCHMARK-LOG.md, worker memory).
 */
export async function workflowBundleFromChild(): Promise<WorkflowBundle> {
  const codePath = path.join(os.tmpdir(), `linkflow-workflows-${process.pid}-${randomUUID()}.js`);
  const child = fork(require.resolve('./bundle-workflows'), [codePath], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (exitCode !== 0) throw new Error(`bundling the workflow code failed (exit code ${String(exitCode)})`);
  try {
    return { code: await readFile(codePath, 'utf8') };
  } finally {
    await rm(codePath, { force: true });
  }
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface CreateWorkerOptions {
  config: LinkflowConfig;
  connection: NativeConnection;
  activities: object;
  taskQueue?: string;
  /** The workflow code; by default bundled in this process, once. */
  workflowBundle?: WorkflowBundle;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: options.taskQueue ?? options.config.temporal.taskQueue,
    workflowBundle: options.workflowBundle ?? (await workflowBundle()),
    activities: options.activities,
    // Bounded (see config): memory stays flat at any number of links; an evicted link replays a short history.
    maxCachedWorkflows: options.config.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: options.config.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: options.config.maxConcurrentWorkflowTasks,
    workflowTaskPollerBehavior: {
      type: 'simple-maximum',
      maximum: Math.max(1, Math.floor(options.config.maxConcurrentWorkflowTasks / 2)),
    },
  });
}

/**
 * The pollers' workers hold few workflows (one per system and resource) and each wakes every few seconds: a cache
 * holding every poller of a few deployments, and a few tasks at once, on a workflow thread of their own.
 */
const POLLERS_CACHED_WORKFLOWS = 64;
const POLLERS_CONCURRENT_TASKS = 8;

/** A workflow-only worker on the pollers' queue (docs/DECISIONS.md 157); their activities run on the main queue. */
export async function createPollersWorker(options: Omit<CreateWorkerOptions, 'activities'>): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: pollersQueue(options.taskQueue ?? options.config.temporal.taskQueue),
    workflowBundle: options.workflowBundle ?? (await workflowBundle()),
    maxCachedWorkflows: POLLERS_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: POLLERS_CONCURRENT_TASKS,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 2 },
  });
}
