/**
 * linkflow's configuration, read once from the environment and validated with zod. Secrets come only from
 * the environment; nothing here is written to disk.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : value));

export const configSchema = z.object({
  /** Where linkflow keeps its local files (the dev server's SQLite file, sandbox data). */
  dataDir: z.string(),
  temporal: z.object({
    /** An existing server to use (any cluster, or Temporal Cloud). Unset: the embedded dev server. */
    address: optionalString,
    namespace: z.string().min(1),
    apiKey: optionalString,
    tlsCertPath: optionalString,
    tlsKeyPath: optionalString,
    tlsServerName: optionalString,
    /** Use TLS without client certificates (Temporal Cloud with an API key). */
    tls: z.boolean(),
    taskQueue: z.string().min(1),
    /** The embedded dev server's ports. */
    devServerPort: port,
    uiPort: port,
    /** The temporal binary to use; unset: PATH, then the per-user tools cache. */
    binary: optionalString,
    /** Where the pinned CLI is built and kept, shared by every clone of this user. */
    toolsDir: z.string(),
    /** The embedded dev server's SQLite pragmas, each `name=value` (see EMBEDDED_SQLITE_PRAGMAS). */
    sqlitePragmas: z.array(
      z.string().regex(/^[a-z_]+=[A-Za-z0-9_-]+$/, 'LINKFLOW_TEMPORAL_SQLITE_PRAGMAS: each pragma is name=value'),
    ),
    /** The embedded dev server's dynamic configuration beside linkflow's own, each `key=value`. */
    dynamicConfig: z.array(
      z.string().regex(/^[A-Za-z0-9_.]+=[^,=\s]+$/, 'LINKFLOW_TEMPORAL_DYNAMIC_CONFIG: each setting is key=value'),
    ),
    /**
     * `lean` drops the embedded server's visibility indexes linkflow never queries by (temporal/visibility-indexes.ts);
     * `all` keeps the server's schema as it made it.
     */
    visibilityIndexes: z.enum(['lean', 'all'], {
      error: "LINKFLOW_TEMPORAL_VISIBILITY_INDEXES must be 'lean' or 'all'",
    }),
  }),
  /** Prepended to every workflow id, so that several installations (or test runs) can share one namespace. */
  workflowIdPrefix: z.string(),
  /**
   * Workflows a worker keeps in memory between their tasks. Bounded so the worker's memory stays flat however
   * many links exist; a link evicted from the cache replays its (short, continued-as-new) history when it wakes.
   */
  maxCachedWorkflows: z.coerce.number().int().positive(),
  /**
   * Activities a worker runs at once, per task queue. Most of a link's activity is waiting (for the vendor's
   * budget, for its merge workflow), not computing: with too few slots, throughput is bound by slots, not by
   * the API or Temporal.
   */
  maxConcurrentActivities: z.coerce.number().int().positive(),
  /**
   * Workflow tasks a worker runs at once (half as many polls wait for them). A workflow task is short; what
   * bounds how many complete per second is the round trip to the server, so more in flight at once carry more
   * (28.7 changes/s instead of 26.8 at the default 40 in the throughput benchmark, docs/BENCHMARK-LOG.md).
   */
  maxConcurrentWorkflowTasks: z.coerce.number().int().min(2),
  /**
   * The worker process's V8 heap cap in MB (`--max-old-space-size`; 0 leaves Node's own, which on a large
   * machine lets the heap grow to gigabytes before it collects hard). docs/DECISIONS.md 86.
   */
  workerHeapMb: z.coerce
    .number({ error: 'LINKFLOW_WORKER_HEAP_MB must be a number of MB' })
    .int('LINKFLOW_WORKER_HEAP_MB must be a whole number of MB')
    .refine((mb) => mb === 0 || mb >= 64, 'LINKFLOW_WORKER_HEAP_MB must be 0 (no cap) or at least 64'),
  /**
   * The worker process's V8 semi-space in MB (`--max-semi-space-size`; 0 leaves Node's own, 16 MB). Each of
   * the worker's two V8 heaps (its main thread's and its workflow thread's) keeps two semi-spaces for new
   * objects: at Node's own size 64 MB, mostly empty. docs/DECISIONS.md 103.
   */
  workerSemiSpaceMb: z.coerce
    .number({ error: 'LINKFLOW_WORKER_SEMI_SPACE_MB must be a number of MB' })
    .int('LINKFLOW_WORKER_SEMI_SPACE_MB must be a whole number of MB')
    .min(0, "LINKFLOW_WORKER_SEMI_SPACE_MB must be 0 (Node's own) or more")
    .max(64, 'LINKFLOW_WORKER_SEMI_SPACE_MB must be at most 64'),
  /**
   * Development: the worker writes a line for every vendor request (its priority, its wait for a token, the API's
   * time) to stderr (`LINKFLOW_TRACE_REQUESTS=1`; connectors/common/request-trace.ts, docs/DECISIONS.md 144).
   */
  traceRequests: z.boolean(),
  /**
   * Where `linkflow worker` listens for systems' webhooks (`POST /webhooks/<system>`) that say "poll now";
   * unset, it does not listen and relies on polling alone. It listens on loopback unless a host is given.
   */
  webhooks: z.object({ port: port.optional(), host: z.string().min(1) }),
});
export type LinkflowConfig = z.infer<typeof configSchema>;

/**
 * The embedded server's SQLite pragmas unless LINKFLOW_TEMPORAL_SQLITE_PRAGMAS (comma-separated) gives others.
 * WAL roughly doubles what the server sustains; a power loss (not a crash) may lose the last commits, which
 * Temporal re-runs from an earlier point and idempotent activities absorb.
 */
export const EMBEDDED_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** The worker's heap cap unless LINKFLOW_WORKER_HEAP_MB says otherwise. */
const WORKER_HEAP_MB_DEFAULT = 256;

/** The worker's semi-space unless LINKFLOW_WORKER_SEMI_SPACE_MB says otherwise. */
const WORKER_SEMI_SPACE_MB_DEFAULT = 4;

/**
 * glibc's malloc settings for a worker process, where the caller's environment does not set them; glibc reads
 * them only at start, so they go into the process's environment.
 * - MALLOC_ARENA_MAX: glibc gives each thread that allocates an arena of its own (up to 8 per core), and the
 *   worker's threads (the SDK's core, libuv, V8's helpers) held ~170 MiB of mostly free arena memory; two
 *   arenas keep RSS lower (docs/DECISIONS.md 99).
 * - MALLOC_MMAP_THRESHOLD_: glibc gives a block this large or larger pages of its own, returned when it is
 *   freed, but raises the threshold by itself (up to 32 MiB) each time such a block is freed; from then on the
 *   worker's large, short-lived buffers (pages of records, gRPC messages) were cut from the arenas, which kept
 *   the pages. Fixed at glibc's starting value, the worker's RSS peaked about 65 MiB lower (docs/DECISIONS.md 117).
 */
export const WORKER_MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/** The environment a worker process starts with: `env`, and glibc's settings where `env` does not set them. */
export function workerProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const settings = Object.entries(WORKER_MALLOC_SETTINGS).map(([name, value]) => [name, env[name] ?? value]);
  return { ...env, ...Object.fromEntries(settings) };
}

/** glibc's settings `env` leaves unset (a worker started without them starts itself again with them). */
export function missingMallocSettings(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(WORKER_MALLOC_SETTINGS).filter((name) => env[name] === undefined);
}

/** Node's flags for a worker process: the heap cap and the semi-space, where they are not Node's own. */
export function workerNodeArgs(config: LinkflowConfig): string[] {
  return [
    ...(config.workerHeapMb > 0 ? [`--max-old-space-size=${config.workerHeapMb}`] : []),
    ...(config.workerSemiSpaceMb > 0 ? [`--max-semi-space-size=${config.workerSemiSpaceMb}`] : []),
  ];
}

/** A comma-separated variable's items, trimmed; undefined when it is unset or holds none. */
function commaList(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LinkflowConfig {
  const dataDir = path.resolve(env.LINKFLOW_DATA_DIR ?? path.join(REPO_ROOT, '.linkflow'));
  const cacheHome = env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  const result = configSchema.safeParse({
    dataDir,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE ?? 'linkflow',
      apiKey: env.TEMPORAL_API_KEY,
      tlsCertPath: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
      tlsKeyPath: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
      tlsServerName: env.TEMPORAL_TLS_SERVER_NAME,
      tls: env.TEMPORAL_TLS === 'true' || env.TEMPORAL_API_KEY !== undefined,
      taskQueue: env.LINKFLOW_TASK_QUEUE ?? 'linkflow',
      devServerPort: env.LINKFLOW_TEMPORAL_PORT ?? 7233,
      uiPort: env.LINKFLOW_TEMPORAL_UI_PORT ?? 8233,
      binary: env.LINKFLOW_TEMPORAL_BIN,
      toolsDir: env.LINKFLOW_TOOLS_DIR ?? path.join(cacheHome, 'linkflow', `temporal-${TEMPORAL_CLI_VERSION}`),
      sqlitePragmas: commaList(env.LINKFLOW_TEMPORAL_SQLITE_PRAGMAS) ?? EMBEDDED_SQLITE_PRAGMAS,
      dynamicConfig: commaList(env.LINKFLOW_TEMPORAL_DYNAMIC_CONFIG) ?? [],
      visibilityIndexes: env.LINKFLOW_TEMPORAL_VISIBILITY_INDEXES ?? 'lean',
    },
    workflowIdPrefix: env.LINKFLOW_WORKFLOW_ID_PREFIX ?? '',
    maxCachedWorkflows: env.LINKFLOW_MAX_CACHED_WORKFLOWS ?? 150,
    maxConcurrentActivities: env.LINKFLOW_MAX_CONCURRENT_ACTIVITIES ?? 400,
    maxConcurrentWorkflowTasks: env.LINKFLOW_MAX_CONCURRENT_WORKFLOW_TASKS ?? 100,
    workerHeapMb: env.LINKFLOW_WORKER_HEAP_MB ?? WORKER_HEAP_MB_DEFAULT,
    workerSemiSpaceMb: env.LINKFLOW_WORKER_SEMI_SPACE_MB ?? WORKER_SEMI_SPACE_MB_DEFAULT,
    traceRequests: env.LINKFLOW_TRACE_REQUESTS === '1',
    webhooks: {
      port:
        env.LINKFLOW_WEBHOOK_PORT === undefined || env.LINKFLOW_WEBHOOK_PORT === ''
          ? undefined
          : env.LINKFLOW_WEBHOOK_PORT,
      host: env.LINKFLOW_WEBHOOK_HOST ?? '127.0.0.1',
    },
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`linkflow configuration is invalid:\n${problems}`);
  }
  return result.data;
}
