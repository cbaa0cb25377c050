/**
 * Warns when the worker's main thread is too busy to keep fresh changes fresh. Every workflow task and every
 * activity task passes through this thread (the SDK's core hands them over here, and the workflow thread answers
 * here), so a delayed event loop delays every hop of a change, however high its priority in the task queues.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { durationText } from '../model/duration-text';

/** What one window of the event loop looked like. */
export interface EventLoopWindow {
  /** Share of the window the loop spent running code, 0 to 1. */
  utilization: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A p99 delay this long puts seconds on a fresh change that passes the thread five or six times. */
export const BUSY_P99_MS = 500;

/** The warning for a window, or undefined when the loop kept up. */
export function describeBusyWindow(
  window: EventLoopWindow,
  windowMs: number,
  busyP99Ms = BUSY_P99_MS,
): string | undefined {
  if (window.p99Ms < busyP99Ms) return undefined;
  const span = windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`;
  return (
    `Worker busy over the last ${span}: its main thread ran ${Math.round(window.utilization * 100)} % of the time` +
    ` and each task waited up to ${durationText(window.p99Ms)} (p99; p50 ${durationText(window.p50Ms)}, max ` +
    `${durationText(window.maxMs)}) before it ran. A fresh change waits this long at every hop; fewer concurrent ` +
    `activities (LINKFLOW_MAX_CONCURRENT_ACTIVITIES) or a second worker process shortens it.`
  );
}

/** Watches the event loop in windows of `windowMs` and logs each busy one; returns the function that stops it. */
export function watchEventLoopLoad(log: (message: string) => void, windowMs = 60_000): () => void {
  const delays = monitorEventLoopDelay({ resolution: 20 });
  delays.enable();
  let since: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const window: EventLoopWindow = {
      utilization: performance.eventLoopUtilization(now, since).utilization,
      p50Ms: delays.percentile(50) / 1e6,
      p99Ms: delays.percentile(99) / 1e6,
      maxMs: delays.max / 1e6,
    };
    since = now;
    delays.reset();
    const warning = describeBusyWindow(window, windowMs);
    if (warning) log(warning);
  }, windowMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delays.disable();
  };
}
