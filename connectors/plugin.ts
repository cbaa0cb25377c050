/**
 * How a system plugs into linkflow. Each connector folder exports one `ConnectorPlugin` (from its index.ts);
 * the worker, the CLI, the demo, the benchmark and the test harness loop over the list in `systems.ts` and
 * never name a system. Adding a system is a connector folder, a sandbox folder, a dataflow file and one line
 * in that list (docs/ARCHITECTURE.md).
 */
import type { z } from 'zod';
import type { Connector } from './connector';

/**
 * What a service publishes about itself to a client: its API base URL, the credentials it hands out, and other
 * facts a client needs (a token URL, SDK host settings, its rate limit). A running sandbox reports exactly
 * this, so a connector is configured for a sandbox the way it would be from a real service's developer portal.
 */
export interface ServiceDescriptor {
  baseUrl: string;
  credentials: Record<string, string>;
  settings: Record<string, string | number | boolean>;
}

/** What the running linkflow gives a connector beyond its configuration. */
export interface ConnectorContext {
  /**
   * A directory the connector may keep durable files in (for example a rotating OAuth refresh token). It
   * survives worker restarts; the connector must create files in it readable by the owner only.
   */
  stateDir: string;
}

export interface ConnectorPlugin<Config extends object> {
  /** The spec's key of the system: `poweroffice-go`, `chargebee`, `crmoffice`, `unieconomy`, `customcrm`. */
  readonly system: string;
  /** The system's name in messages: `PowerOffice GO`. */
  readonly title: string;
  /** Parses a configuration (from a file, the environment or a sandbox); its errors name the field. */
  readonly configSchema: z.ZodType<Config, unknown>;
  /** The environment variables this system reads, for error messages and the README. */
  readonly environmentVariables: readonly string[];
  /** The configuration from the environment, or null when the environment sets none of this system's variables. */
  configFromEnv(env: NodeJS.ProcessEnv): Config | null;
  /** The configuration that reaches a running sandbox of this system (or any service describing itself alike). */
  configFromSandbox(service: ServiceDescriptor): Config;
  create(config: Config, context: ConnectorContext): Connector;
  /** The request budget this configuration allows, per minute (poll intervals keep polling under 5 % of it). */
  requestsPerMinute(config: Config): number;
  /** How often its pollers read changes by default, ms (they back off while idle). */
  readonly defaultPollIntervalMs: number;
  /** One line naming where the configuration points and its budget, without secrets (`linkflow worker`). */
  describe(config: Config): string;
  /**
   * The one-time authorization of a system that needs a person's consent (an OAuth authorization-code flow
   * with a loopback redirect): shows the person a URL, waits, and keeps what it obtains in `context.stateDir`.
   * Returns a line saying what was stored where (never a secret). Absent for systems with static credentials.
   */
  authorize?(config: Config, context: ConnectorContext, show: (url: string) => void | Promise<void>): Promise<string>;
  /**
   * Checks a webhook the system sent (its signature over the raw body) and says which resource changed, so
   * that its poller reads now instead of at its next interval. Absent for systems without webhooks.
   */
  webhook?(config: Config, delivery: WebhookDelivery): WebhookOutcome;
}

export interface WebhookDelivery {
  /** Header name (any case) → value. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: a signature covers these bytes. */
  rawBody: Buffer;
}

export type WebhookOutcome = { ok: true; resource: string } | { ok: false; reason: string };

/** A plugin with its configuration type erased, so that one list can hold every system. */
export interface SystemConnectorPlugin {
  readonly system: string;
  readonly title: string;
  readonly environmentVariables: readonly string[];
  readonly defaultPollIntervalMs: number;
  parseConfig(value: unknown): object;
  configFromEnv(env: NodeJS.ProcessEnv): object | null;
  configFromSandbox(service: ServiceDescriptor): object;
  create(config: unknown, context: ConnectorContext): Connector;
  requestsPerMinute(config: unknown): number;
  describe(config: unknown): string;
  authorize?(config: unknown, context: ConnectorContext, show: (url: string) => void | Promise<void>): Promise<string>;
  webhook?(config: unknown, delivery: WebhookDelivery): WebhookOutcome;
}

export function defineConnectorPlugin<Config extends object>(plugin: ConnectorPlugin<Config>): SystemConnectorPlugin {
  const parse = (value: unknown): Config => plugin.configSchema.parse(value);
  const authorize = plugin.authorize;
  const webhook = plugin.webhook;
  return {
    ...(webhook ? { webhook: (config, delivery) => webhook(parse(config), delivery) } : {}),
    ...(authorize ? { authorize: (config, context, show) => authorize(parse(config), context, show) } : {}),
    system: plugin.system,
    title: plugin.title,
    environmentVariables: plugin.environmentVariables,
    defaultPollIntervalMs: plugin.defaultPollIntervalMs,
    parseConfig: parse,
    configFromEnv: (env) => plugin.configFromEnv(env),
    configFromSandbox: (service) => plugin.configFromSandbox(service),
    create: (config, context) => plugin.create(parse(config), context),
    requestsPerMinute: (config) => plugin.requestsPerMinute(parse(config)),
    describe: (config) => plugin.describe(parse(config)),
  };
}
