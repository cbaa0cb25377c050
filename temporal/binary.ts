/**
 * Finds the pinned Temporal CLI, or builds it once with `go install` into the per-user tools cache so that
 * every clone of this user (CI's included) reuses it. No download: these machines reach only package
 * registries, and v1.5.1 is the newest CLI that `go install module@version` can build.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION, type LinkflowConfig } from '../config/config';

const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type Log = (line: string) => void;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The version a temporal binary reports, e.g. "1.5.1", or undefined when it does not run. */
function versionOf(binary: string): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const match = /temporal version (\S+)/.exec(result.stdout ?? '');
  return match?.[1];
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The binary to run, without building: the configured one, the cached pinned build, or one on PATH. */
export function findTemporalBinary(config: LinkflowConfig): string | undefined {
  if (config.temporal.binary) {
    if (!isExecutable(config.temporal.binary)) {
      throw new Error(`LINKFLOW_TEMPORAL_BIN points at ${config.temporal.binary}, which is not an executable file.`);
    }
    return config.temporal.binary;
  }
  const cached = path.join(config.temporal.toolsDir, 'temporal');
  if (isExecutable(cached)) return cached;
  const fromPath = onPath();
  // Only the pinned version on PATH: the server flags linkflow passes are those of v1.5.1.
  if (fromPath && versionOf(fromPath) === TEMPORAL_CLI_VERSION.slice(1)) return fromPath;
  return undefined;
}

/** Finds the binary or builds it with Go, showing progress. */
export async function ensureTemporalBinary(config: LinkflowConfig, log: Log = console.log): Promise<string> {
  const found = findTemporalBinary(config);
  if (found) return found;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      `The Temporal CLI ${TEMPORAL_CLI_VERSION} is not installed and Go is not available to build it.\n` +
        `Install Go 1.25 or newer (https://go.dev/doc/install, or your package manager's "golang" package), ` +
        `or put a temporal ${TEMPORAL_CLI_VERSION} binary on PATH, or set LINKFLOW_TEMPORAL_BIN, or set ` +
        `TEMPORAL_ADDRESS to use an existing server.`,
    );
  }
  fs.mkdirSync(config.temporal.toolsDir, { recursive: true });
  log(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} once with ${go.stdout.trim()} into ${config.temporal.toolsDir}`,
  );
  log('(about 3 minutes from a cold Go cache; every later run and every clone reuses it)');
  const started = Date.now();
  const ldflags = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-x', '-ldflags', ldflags, `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: config.temporal.toolsDir, CGO_ENABLED: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // `go install -x` prints each step; summarise it as a progress line every few seconds.
    let downloads = 0;
    let compiles = 0;
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      downloads += (chunk.match(/go: downloading /g) ?? []).length;
      compiles += (chunk.match(/\/compile /g) ?? []).length;
    });
    const timer = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      log(`  … ${seconds}s: ${downloads} modules downloaded, ${compiles} packages compiled`);
    }, 15_000);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(new Error(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed (exit ${code}):\n${tail}`));
    });
  });
  const built = path.join(config.temporal.toolsDir, 'temporal');
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing.`);
  log(`Built ${built} in ${Math.round((Date.now() - started) / 1000)}s.`);
  return built;
}
