/**
 * Wires the bundled workflows and the activities to linkflow's task queue.
 */
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { LinkflowConfig } from '../config/config';

export const WORKFLOWS_PATH = require.resolve('../workflows');

let bundle: Promise<WorkflowBundle> | undefined;

/** Bundles the workflow code once per process (webpack + swc); later workers reuse the bundle. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
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
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: options.taskQueue ?? options.config.temporal.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: options.activities,
    // Bounded (see config): memory stays flat at any number of links; an evicted link replays a short history.
    maxCachedWorkflows: options.config.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: options.config.maxConcurrentActivities,
  });
}
