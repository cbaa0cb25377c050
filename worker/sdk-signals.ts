/**
 * The Temporal SDK's Runtime shuts down every Worker of the process on each of its `shutdownSignals`: by
 * default SIGINT, SIGTERM, SIGQUIT and SIGUSR2. SIGUSR2 is also Node's usual diagnostic signal (a heap snapshot
 * with `--heapsnapshot-signal=SIGUSR2`, or a handler of one's own), and linkflow never means SIGQUIT or SIGUSR2
 * as "stop". Worse, the shutdown they start is silent: the Workers stop polling at once, but a loaded worker
 * never finishes draining (its activities wait for workflows that only it would run), so the process stays
 * alive and serves nothing (docs/RELIABILITY.md, "a worker that stopped polling after its main thread was
 * blocked"). SIGINT and SIGTERM keep the SDK's graceful shutdown, which `linkflow worker` also asks for.
 */
import { Runtime } from '@temporalio/worker';

/** Signals after which the SDK would stop the Workers, though linkflow does not mean them as a stop. */
export const NOT_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGUSR2', 'SIGQUIT'];

/**
 * Takes the SDK Runtime's shutdown handler off `NOT_STOP_SIGNALS`. Call it after the Runtime exists (after
 * `connectWorker`), each time a worker starts: the SDK makes a new Runtime, with new handlers, once an idle one
 * has shut down. Returns the signals it detached.
 */
export function detachSdkStopOnSignals(runtime: Runtime = Runtime.instance()): NodeJS.Signals[] {
  // Protected in the SDK's types, but it is the very function the Runtime gave `process.on` (runtime.ts,
  // setupShutdownHook); the SDK offers no option to change the signals of a Runtime that is already installed.
  const handler: unknown = Reflect.get(runtime, 'startShutdownSequence');
  if (typeof handler !== 'function') return [];
  const listener = handler as () => void;
  const detached: NodeJS.Signals[] = [];
  for (const signal of NOT_STOP_SIGNALS) {
    if (!process.listeners(signal).some((registered) => registered === listener)) continue;
    process.off(signal, listener);
    detached.push(signal);
  }
  return detached;
}
