/**
 * `linkflow worker` runs under its heap cap and with glibc's arenas capped: started without either, it starts
 * itself again with them, passes the exit code on, and the worker dies with the process that started it (a
 * supervisor that kills the pid it started still kills the worker). Temporal is unreachable here on purpose:
 * the worker stays up for the connect deadline, long enough to look at it, and needs no server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../config/config';

const BIN = path.join(REPO_ROOT, 'bin', 'linkflow.js');
const { MALLOC_ARENA_MAX: _callersArenas, MALLOC_MMAP_THRESHOLD_: _callersThreshold, ...callersEnv } = process.env;
const ENV = {
  ...callersEnv,
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  CHARGEBEE_SITE: 'acme-test',
  CHARGEBEE_API_KEY: 'test_key',
  CHARGEBEE_PROTOCOL: 'http',
  CHARGEBEE_HOST_SUFFIX: '127.0.0.1',
  CHARGEBEE_PORT: '9',
};

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startWorker(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function workerLine(started: Started): Promise<{ pid: number; heapMiB: number }> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const match = /Worker process (\d+), heap limit (\d+) MiB/.exec(started.output());
    if (match) return { pid: Number(match[1]), heapMiB: Number(match[2]) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no worker line in: ${started.output()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the worker starts itself again under the heap cap and passes its exit code on', async () => {
  const started = startWorker({ ...ENV, LINKFLOW_WORKER_HEAP_MB: '256' });
  const { pid, heapMiB } = await workerLine(started);
  expect(pid).not.toBe(started.child.pid);
  // The cap is the old generation's; the limit V8 reports adds the young generation: three semi-spaces of
  // 4 MB (Node's own 16 MB would make it 304).
  expect(heapMiB).toBeGreaterThanOrEqual(256);
  expect(heapMiB).toBeLessThanOrEqual(256 + 3 * 4);
  expect(await started.exited).toBe(1);
  expect(started.output()).toContain('Failed to connect');
}, 60_000);

test("a semi-space of 0 leaves Node's own young generation", async () => {
  const started = startWorker({ ...ENV, LINKFLOW_WORKER_HEAP_MB: '256', LINKFLOW_WORKER_SEMI_SPACE_MB: '0' });
  const { heapMiB } = await workerLine(started);
  expect(heapMiB).toBeGreaterThan(256 + 3 * 4);
  expect(await started.exited).toBe(1);
}, 60_000);

test('the worker dies with the process that started it', async () => {
  const started = startWorker(ENV);
  const { pid } = await workerLine(started);
  started.child.kill('SIGKILL');
  await started.exited;
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(isAlive(pid)).toBe(false);
}, 60_000);

/** A variable of a running process's environment, read from /proc. */
function environmentOf(pid: number, name: string): string | undefined {
  const entries = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return entries.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
}

test("the worker runs with glibc's arenas capped and its mmap threshold fixed, unless the caller set them", async () => {
  const started = startWorker({ ...ENV, LINKFLOW_WORKER_HEAP_MB: '0' });
  const { pid } = await workerLine(started);
  expect(pid).not.toBe(started.child.pid);
  expect(environmentOf(pid, 'MALLOC_ARENA_MAX')).toBe('2');
  expect(environmentOf(pid, 'MALLOC_MMAP_THRESHOLD_')).toBe('131072');
  started.child.kill('SIGKILL');
  await started.exited;

  const own = startWorker({ ...ENV, MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536' });
  const ownWorker = await workerLine(own);
  expect(environmentOf(ownWorker.pid, 'MALLOC_ARENA_MAX')).toBe('4');
  expect(environmentOf(ownWorker.pid, 'MALLOC_MMAP_THRESHOLD_')).toBe('65536');
  own.child.kill('SIGKILL');
  await own.exited;
}, 60_000);

test("no cap (0), Node's own semi-space (0) and glibc's settings given: the worker runs in the process started", async () => {
  const started = startWorker({
    ...ENV,
    LINKFLOW_WORKER_HEAP_MB: '0',
    LINKFLOW_WORKER_SEMI_SPACE_MB: '0',
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '131072',
  });
  const { pid } = await workerLine(started);
  expect(pid).toBe(started.child.pid);
  started.child.kill('SIGKILL');
  await started.exited;
}, 60_000);

test('a cap that is not a number of MB is named in the error', async () => {
  const started = startWorker({ ...ENV, LINKFLOW_WORKER_HEAP_MB: 'lots' });
  expect(await started.exited).not.toBe(0);
  expect(started.output()).toContain('LINKFLOW_WORKER_HEAP_MB must be a number of MB');
}, 60_000);
