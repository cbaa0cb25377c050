/**
 * Test support for running workflows on the real server: a worker on a task queue of its own for each test
 * file, and a client. The server itself comes from jest's global set-up.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { loadConfig, type LinkflowConfig } from '../../config/config';
import { connectClient, connectWorker } from '../../temporal/connection';
import { createPollersWorker, createWorker } from '../../worker/create-worker';
import { LIVE_QUEUE_SUFFIX } from '../../workflows/activity-options';

export interface TemporalTestContext {
  config: LinkflowConfig;
  client: Client;
  connection: NativeConnection;
  worker: Worker;
  taskQueue: string;
  /** Runs the worker in the background until `close()`. */
  running: Promise<void>;
  close: () => Promise<void>;
}

/**
 * A worker on a fresh task queue with `activities`, and on its live lane (with `live`, if given, to tell the
 * lanes apart). `queues` adds activity-only workers on `<queue><suffix>` (the targets queue, say), closed with
 * the rest; `pollers` the pollers' own workflow worker, on `<queue>/pollers`.
 */
export async function startTestWorker(
  activities: object,
  options: { queues?: Record<string, object>; live?: object; pollers?: boolean } = {},
): Promise<TemporalTestContext> {
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({ ...process.env, LINKFLOW_TASK_QUEUE: taskQueue });
  const client = await connectClient(config);
  const connection = await connectWorker(config);
  const worker = await createWorker({ config, connection, activities, taskQueue });
  // The live lane's queue is served too (pollers read their pages there), with the same fake activities.
  const liveWorker =
    Object.keys(activities).length === 0
      ? undefined
      : await Worker.create({
          connection,
          namespace: config.temporal.namespace,
          taskQueue: `${taskQueue}${LIVE_QUEUE_SUFFIX}`,
          activities: options.live ?? activities,
        });
  const queueWorkers = await Promise.all(
    Object.entries(options.queues ?? {}).map(([suffix, queueActivities]) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: `${taskQueue}${suffix}`,
        activities: queueActivities,
      }),
    ),
  );
  if (options.pollers === true) queueWorkers.push(await createPollersWorker({ config, connection, taskQueue }));
  const running = Promise.all([worker.run(), liveWorker?.run(), ...queueWorkers.map((w) => w.run())]).then(
    () => undefined,
  );
  return {
    config,
    client,
    connection,
    worker,
    taskQueue,
    running,
    close: async () => {
      worker.shutdown();
      liveWorker?.shutdown();
      for (const queueWorker of queueWorkers) queueWorker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`, naming what it waited for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
