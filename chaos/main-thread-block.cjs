/**
 * Preloaded into the campaign's worker (`node --require chaos/main-thread-block.cjs bin/linkflow.js worker`):
 * on SIGUSR2 the worker's main JS thread is busy for LINKFLOW_CHAOS_BLOCK_MS (15 s by default), longer than a
 * workflow task's timeout (10 s), while the SDK's core threads go on polling. That is what a heap snapshot
 * taken with `--heapsnapshot-signal=SIGUSR2` does, and the signal itself is the one the SDK used to take as
 * "shut every Worker down" (docs/RELIABILITY.md). Plain CommonJS, so that it needs no TypeScript loader.
 */
/* global require, process, console -- Node's CommonJS globals: the lint config only describes TypeScript */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a preload runs before any loader for `import`
const { isMainThread } = require('node:worker_threads');

// `--require` also runs in the SDK's workflow threads, which receive no signals: only the main thread blocks.
if (isMainThread) {
  const blockMs = Number(process.env.LINKFLOW_CHAOS_BLOCK_MS ?? '15000');
  process.on('SIGUSR2', () => {
    const started = Date.now();
    console.error(`chaos: SIGUSR2, blocking the main thread for ${blockMs / 1000} s`);
    while (Date.now() - started < blockMs) {
      // Busy on purpose: no timer, no I/O callback, no promise runs on this thread meanwhile.
    }
    console.error('chaos: main thread unblocked');
  });
}
