/**
 * How a sandbox plugs into linkflow: each sandbox folder exports one `SandboxPlugin` (from its index.ts), and
 * `linkflow sandbox start`, the demo, the benchmark and the test harness start every sandbox in the list in
 * `systems.ts` without naming one.
 */
import type { Company } from '../seeder';
import type { FaultConfig } from './faults';
import type { RunningSandbox } from './http';

export interface SandboxStartOptions {
  /** 0 takes any free port. */
  port: number;
  /** The sandbox's SQLite file. */
  dataFile: string;
  faults?: Partial<FaultConfig>;
  /** A rate limit other than the real default, in the unit of `rateLimitUnit`. */
  rateLimit?: number;
  /** Run with the limit of a production account rather than a test account, where the service has both. */
  productionLimits?: boolean;
  /** Options of this sandbox alone (each sandbox parses and documents its own; e.g. Chargebee `legacyOrders`). */
  own?: Record<string, unknown>;
}

export interface SandboxPlugin {
  /** The same system key as the connector's. */
  readonly system: string;
  readonly title: string;
  readonly defaultPort: number;
  /** The unit the service publishes its limit in (PowerOffice GO per second, Chargebee per minute). */
  readonly rateLimitUnit: 'second' | 'minute';
  start(options: SandboxStartOptions): Promise<RunningSandbox>;
  /**
   * Loads this system's part of a generated company into a running, empty sandbox: the whole company for the
   * ERP the dataflows read from, and for the others the records that already exist there (to be linked, not
   * duplicated). Returns what it loaded, by resource, for the summary lines.
   */
  seed(sandbox: RunningSandbox, company: Company): Record<string, number>;
  /** Lines for `linkflow sandbox start` beyond base URL and credentials (SDK settings, limits). */
  describe(sandbox: RunningSandbox): string[];
  /**
   * What a second client of the same tenant is configured from (a person's own session beside linkflow's), where
   * one client's credentials cannot be shared: a rotating refresh token works for one client only. Absent when
   * the reported credentials serve any number of clients.
   */
  anotherClient?(sandbox: RunningSandbox): Pick<RunningSandbox, 'baseUrl' | 'credentials' | 'settings'>;
}
