/**
 * The HTTP shell every sandbox shares: a fastify app on loopback with fault injection in front of the API
 * routes and a small admin API (`/__sandbox/…`) for tests, the demo and benchmarks. The admin API is the
 * sandbox's own extension; the real services have nothing like it, and connectors never call it.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { decideFault, faultConfigSchema, type FaultConfig } from './faults';
import type { SandboxStore } from './store';

export const ADMIN_PREFIX = '/__sandbox';

export interface SandboxHttpOptions {
  name: string;
  store: SandboxStore;
  faults: FaultConfig;
  /** Renders an injected 5xx in the emulated API's own error shape. */
  renderInjectedError: (reply: FastifyReply) => FastifyReply;
  /** Called after the fault configuration changed (for rate-limit overrides). */
  onFaultsChanged?: (faults: FaultConfig) => void;
  /** Called after the store was reset (to re-create fixtures such as a default business entity). */
  onReset?: () => void;
}

export interface SandboxHttp {
  app: FastifyInstance;
  faults: () => FaultConfig;
  setFaults: (faults: Partial<FaultConfig>) => FaultConfig;
  /** Requests answered so far (admin API excluded), as `GET /__sandbox/stats` reports them. */
  stats: () => SandboxStats;
}

/**
 * Counts of the API requests a sandbox has answered, by `<METHOD> <path>` (query strings dropped), so that a
 * test can prove a quiet sync writes nothing: every write is a non-GET request. The 429 answers (rate limit)
 * are counted apart as well, so that a benchmark can tell how often a client ran into the limit.
 */
export interface SandboxStats {
  requests: number;
  byRoute: Record<string, number>;
  /** Requests answered 429 Too Many Requests (they are in `requests` and `byRoute` too). */
  rateLimited: number;
  rateLimitedByRoute: Record<string, number>;
  /**
   * Requests with a query string by `<METHOD> <path>?<parameter names>` (sorted, no values), so that a
   * benchmark can tell a change-feed read (`updated_at[after]`) from a batched read (`id[in]`) or a search.
   */
  byQuery: Record<string, number>;
  /**
   * Requests that wrote: not GET or HEAD, not a token call, answered 2xx. A refused request (a probe that
   * asks for an invoice that cannot exist, a validation error) writes nothing.
   */
  written: number;
  /**
   * Requests per wall-clock second, `[unix second, requests, writes]` for each second that had any (writes:
   * non-GET answers other than 429 and
   * token calls), so that a benchmark can show when a budget went unused. The last
   * TIMELINE_SECONDS seconds are kept.
   */
  timeline: Array<[number, number, number]>;
}

/** Four hours of seconds: a benchmark's initial sync fits, and the sandbox's memory stays bounded. */
const TIMELINE_SECONDS = 4 * 3600;

export function createSandboxHttp(options: SandboxHttpOptions): SandboxHttp {
  let faults = faultConfigSchema.parse(options.faults);
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  const counted: Omit<SandboxStats, 'timeline'> = {
    requests: 0,
    byRoute: {},
    rateLimited: 0,
    rateLimitedByRoute: {},
    byQuery: {},
    written: 0,
  };
  const timeline: Array<[number, number, number]> = [];
  const countSecond = (isWrite: boolean): void => {
    const second = Math.floor(Date.now() / 1000);
    let last = timeline[timeline.length - 1];
    if (last === undefined || last[0] !== second) {
      last = [second, 0, 0];
      timeline.push(last);
      if (timeline.length > TIMELINE_SECONDS) timeline.shift();
    }
    last[1] += 1;
    if (isWrite) last[2] += 1;
  };

  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return;
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    counted.requests += 1;
    counted.byRoute[route] = (counted.byRoute[route] ?? 0) + 1;
    const query = request.url.split('?')[1];
    if (query !== undefined) {
      const names = [...new Set([...new URLSearchParams(query).keys()])].sort().join(',');
      const shape = `${route}?${names}`;
      counted.byQuery[shape] = (counted.byQuery[shape] ?? 0) + 1;
    }
    if (reply.statusCode === 429) {
      counted.rateLimited += 1;
      counted.rateLimitedByRoute[route] = (counted.rateLimitedByRoute[route] ?? 0) + 1;
    }
    const carriesWork = !['GET', 'HEAD'].includes(request.method) && !/\/oauth\/|\/connect\/token$/i.test(route);
    countSecond(carriesWork && reply.statusCode !== 429);
    if (carriesWork && reply.statusCode >= 200 && reply.statusCode < 300) counted.written += 1;
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const decision = decideFault(faults);
    if (decision.kind === 'drop') {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (decision.kind === 'error') return options.renderInjectedError(reply);
    return undefined;
  });

  const setFaults = (patch: Partial<FaultConfig>): FaultConfig => {
    faults = faultConfigSchema.parse({ ...faults, ...patch });
    options.onFaultsChanged?.(faults);
    return faults;
  };

  const stats = (): SandboxStats => ({
    requests: counted.requests,
    byRoute: { ...counted.byRoute },
    rateLimited: counted.rateLimited,
    rateLimitedByRoute: { ...counted.rateLimitedByRoute },
    byQuery: { ...counted.byQuery },
    written: counted.written,
    timeline: timeline.map(([second, requests, writes]) => [second, requests, writes]),
  });
  app.get(`${ADMIN_PREFIX}/stats`, async () => stats());
  app.get(`${ADMIN_PREFIX}/health`, async () => ({ name: options.name, ok: true }));
  app.get(`${ADMIN_PREFIX}/faults`, async () => faults);
  app.post(`${ADMIN_PREFIX}/faults`, async (request) =>
    setFaults(faultConfigSchema.partial().parse(request.body ?? {})),
  );
  app.post(`${ADMIN_PREFIX}/reset`, async () => {
    options.store.reset();
    options.onReset?.();
    return { reset: true };
  });

  return { app, faults: () => faults, setFaults, stats };
}

/** What a started sandbox reports: enough for a connector configuration, and a way to stop it. */
export interface RunningSandbox {
  name: string;
  /** The API base URL a connector is configured with (as the real service's base URL). */
  baseUrl: string;
  /** Credentials a connector needs, as the real service hands them out. */
  credentials: Record<string, string>;
  /** Other facts a client needs, e.g. the token URL or the Chargebee site settings. */
  settings: Record<string, string | number | boolean>;
  store: SandboxStore;
  http: SandboxHttp;
  close: () => Promise<void>;
}
