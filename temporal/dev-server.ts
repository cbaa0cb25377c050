/**
 * The embedded Temporal: the CLI's dev server on a SQLite file in linkflow's data folder (so workflows
 * survive a restart), with the Web UI, linkflow's namespace and every custom search attribute registered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LinkflowConfig } from '../config/config';
import { ensureTemporalBinary, type Log } from './binary';
import { isServerReachable, temporalAddress } from './connection';
import { ALL_SEARCH_ATTRIBUTES } from './search-attributes';
import { PRIORITY_MATCHER } from './task-priority';
import { dropUnusedVisibilityIndexes } from './visibility-indexes';

const START_TIMEOUT_MS = 300_000;

export interface RunningTemporal {
  address: string;
  namespace: string;
  /** The Web UI, when linkflow runs the dev server (an external cluster has its own). */
  webUiUrl: string | undefined;
  /** True when this process started the server (and so must stop it). */
  startedHere: boolean;
  stop: () => Promise<void>;
}

export interface DevServerOptions {
  /** The SQLite file; default `<dataDir>/temporal/linkflow.db`. */
  dbFile?: string;
  log?: Log;
  /** Extra `--dynamic-config-value` settings, e.g. for tests. */
  dynamicConfig?: string[];
}

/**
 * One task-queue partition instead of the server's four. The embedded server has one process and one worker
 * polls it: with four partitions, a task often lands on a partition no poll is waiting on, is written to the
 * database and read back later. With one, it is handed to a waiting poll at once (the throughput figures in
 * docs/BENCHMARK-LOG.md; docs/DECISIONS.md 75). Only for databases created with it: lowering the read partitions
 * of a database that may hold tasks in the other three would strand them, so an older database keeps four.
 */
const SINGLE_PARTITION = ['matching.numTaskqueueReadPartitions=1', 'matching.numTaskqueueWritePartitions=1'];

/**
 * The search-attribute cache on. The CLI's dev server turns it off by default, so that an attribute created while
 * it runs is usable at once; every workflow start, search-attribute upsert and visibility write then reads the
 * cluster metadata from SQLite again: in the full benchmark's first sync about 230 reads a second, more than the
 * workflow updates, on the one connection everything else waits for (docs/DECISIONS.md 135). linkflow registers
 * every attribute it uses when the server starts, before anything reads them, so the cache never misses one.
 */
const SEARCH_ATTRIBUTE_CACHE = ['system.forceSearchAttributesCacheRefreshOnRead=false'];

function partitionSettings(dbFile: string): string[] {
  const marker = `${dbFile}.single-partition`;
  if (!fs.existsSync(dbFile)) fs.writeFileSync(marker, 'task queues of this database have one partition\n');
  return fs.existsSync(marker) ? SINGLE_PARTITION : [];
}

export function webUiUrl(config: LinkflowConfig): string {
  return `http://127.0.0.1:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows`;
}

/**
 * Uses TEMPORAL_ADDRESS (or a server already listening on the dev-server port) when one answers; otherwise
 * starts the dev server and waits until it serves.
 */
export async function ensureTemporalServer(
  config: LinkflowConfig,
  options: DevServerOptions = {},
): Promise<RunningTemporal> {
  const log = options.log ?? console.log;
  if (await isServerReachable(config)) {
    return {
      address: temporalAddress(config),
      namespace: config.temporal.namespace,
      webUiUrl: config.temporal.address ? undefined : webUiUrl(config),
      startedHere: false,
      stop: async () => undefined,
    };
  }
  if (config.temporal.address) {
    throw new Error(
      `TEMPORAL_ADDRESS is ${config.temporal.address} but no Temporal server answers there. ` +
        'Check the address, TLS and TEMPORAL_API_KEY, or unset TEMPORAL_ADDRESS to use the embedded dev server.',
    );
  }
  const binary = await ensureTemporalBinary(config, log);
  return startDevServer(config, binary, options);
}

/** The dev server's command line for linkflow: its database, ports, namespace, search attributes and settings. */
export function devServerArgs(config: LinkflowConfig, dbFile: string, extraDynamicConfig: string[] = []): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.temporal.devServerPort),
    '--ui-port',
    String(config.temporal.uiPort),
    '--namespace',
    config.temporal.namespace,
    '--log-level',
    'warn',
    ...config.temporal.sqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
    ...[
      ...partitionSettings(dbFile),
      ...PRIORITY_MATCHER,
      ...SEARCH_ATTRIBUTE_CACHE,
      ...config.temporal.dynamicConfig,
      ...extraDynamicConfig,
    ].flatMap((value) => ['--dynamic-config-value', value]),
  ];
}

export async function startDevServer(
  config: LinkflowConfig,
  binary: string,
  options: DevServerOptions = {},
): Promise<RunningTemporal> {
  const log = options.log ?? console.log;
  const dbFile = options.dbFile ?? path.join(config.dataDir, 'temporal', 'linkflow.db');
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const logFile = path.join(path.dirname(dbFile), 'server.log');
  const args = devServerArgs(config, dbFile, options.dynamicConfig);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', out, out], detached: false });
  fs.closeSync(out);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });

  // A first start on a new database creates the schema and registers the search attributes: on a busy
  // 2-core machine that has taken over a minute, so wait long, and say so.
  const startedAt = Date.now();
  const deadline = startedAt + START_TIMEOUT_MS;
  let nextNotice = startedAt + 15_000;
  while (!(await isServerReachable(config, 2_000))) {
    if (exited !== null) {
      throw new Error(`The Temporal dev server exited with code ${exited} while starting; see ${logFile}.`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server did not answer within ${START_TIMEOUT_MS / 1000} s; see ${logFile}.`);
    }
    if (Date.now() > nextNotice) {
      log(`  … waiting for the Temporal dev server (${Math.round((Date.now() - startedAt) / 1000)} s)`);
      nextNotice += 15_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`Temporal dev server on ${temporalAddress(config)} (data: ${dbFile}); Web UI: ${webUiUrl(config)}`);
  // Once it serves, its schema exists. Dropped at every start: a database the server creates has them all again.
  if (config.temporal.visibilityIndexes === 'lean') {
    try {
      dropUnusedVisibilityIndexes(dbFile);
    } catch (error) {
      // Only a cost: the server works as well with them, a little slower.
      log(`  (kept the server's visibility indexes: ${error instanceof Error ? error.message : String(error)})`);
    }
  }

  const stop = async (): Promise<void> => {
    if (exited !== null) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timeout);
  };
  return {
    address: temporalAddress(config),
    namespace: config.temporal.namespace,
    webUiUrl: webUiUrl(config),
    startedHere: true,
    stop,
  };
}
