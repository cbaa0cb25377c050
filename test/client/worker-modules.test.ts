/**
 * A worker runs for months: what it loads stays in its memory. The `linkflow` command and the worker's own
 * modules load neither the sandboxes (a web server and SQLite per system) nor the benchmark or the chaos
 * campaign; those are loaded by the commands that run them (docs/DECISIONS.md 101). Each case loads the
 * modules in a fresh Node process, as `linkflow worker` does, and lists what it loaded.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The files a fresh process has loaded after running `script` (CommonJS, through tsx, from the repository). */
function loadedFiles(script: string): string[] {
  const printLoaded = `setTimeout(() => process.stdout.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))), 200);`;
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '--eval', `${script}\n${printLoaded}`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, LINKFLOW_DATA_DIR: path.join(REPO_ROOT, '.linkflow', 'test-worker-modules') },
  });
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('LOADED '));
  if (line === undefined) throw new Error(`no module list (exit ${String(result.status)}): ${result.stderr}`);
  const files: unknown = JSON.parse(line.slice('LOADED '.length));
  if (!Array.isArray(files)) throw new Error('the module list is not an array');
  return files.map((file) => path.relative(REPO_ROOT, String(file)));
}

const notInAWorker = (file: string): boolean =>
  /^(sandboxes|bench|chaos|contract)\//.test(file) ||
  /node_modules\/(fastify|better-sqlite3)\//.test(file) ||
  file === path.join('client', 'commands', 'bench.ts');

test("the worker command's modules load no sandbox, benchmark or chaos code", () => {
  const files = loadedFiles("require('./client/commands/worker.ts');");
  expect(files).toContain(path.join('worker', 'sync-runtime.ts'));
  expect(files.filter(notInAWorker)).toEqual([]);
});

test('the linkflow command loads a command only when it runs', () => {
  const files = loadedFiles("process.argv = [process.argv[0], 'linkflow', '--help']; require('./client/cli.ts');");
  expect(files).toContain(path.join('client', 'cli.ts'));
  expect(files.filter((file) => file.startsWith(path.join('client', 'commands')))).toEqual([]);
  expect(files.filter(notInAWorker)).toEqual([]);
});
