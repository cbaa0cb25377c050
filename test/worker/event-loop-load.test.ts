/**
 * The busy-worker warning: silent while the main thread keeps up, and when it does not, a line that says how long
 * each task waited and what to change.
 */
import { BUSY_P99_MS, describeBusyWindow, watchEventLoopLoad } from '../../worker/event-loop-load';

describe('describeBusyWindow', () => {
  it('says nothing while the p99 delay stays under the limit', () => {
    const window = { utilization: 0.97, p50Ms: 30, p99Ms: BUSY_P99_MS - 1, maxMs: 2_000 };
    expect(describeBusyWindow(window, 60_000)).toBeUndefined();
  });

  it('names the share of time, the delays and the settings that shorten them', () => {
    const warning = describeBusyWindow({ utilization: 0.934, p50Ms: 120, p99Ms: 1_420, maxMs: 2_140 }, 60_000);
    expect(warning).toBe(
      'Worker busy over the last 60 s: its main thread ran 93 % of the time and each task waited up to 1.4 s ' +
        '(p99; p50 120 ms, max 2.1 s) before it ran. A fresh change waits this long at every hop; fewer ' +
        'concurrent activities (LINKFLOW_MAX_CONCURRENT_ACTIVITIES) or a second worker process shortens it.',
    );
  });

  it('takes a limit of its own', () => {
    const window = { utilization: 0.5, p50Ms: 20, p99Ms: 80, maxMs: 90 };
    expect(describeBusyWindow(window, 1_000, 50)).toContain('each task waited up to 80 ms');
  });
});

describe('watchEventLoopLoad', () => {
  it('warns about a window in which the loop was held', async () => {
    const warnings: string[] = [];
    const stop = watchEventLoopLoad((warning) => warnings.push(warning), 200);
    try {
      // Hold the loop for longer than the limit once the watch has taken a sample, then let the window close.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = Date.now() + BUSY_P99_MS * 2;
      while (Date.now() < until) {
        /* busy */
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      stop();
    }
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^Worker busy over the last 200 ms: its main thread ran \d+ %/);
  });
});
