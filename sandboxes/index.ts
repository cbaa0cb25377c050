/**
 * Starts the sandbox of every system linkflow knows (config/systems.ts) on loopback, each with its SQLite file
 * in one data directory, and seeds them with one generated company when they have not been seeded yet (or
 * after a reset): the ERP gets the whole company, the other systems the records that already exist there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sandboxPlugins } from '../config/systems';
import type { FaultConfig } from './common/faults';
import type { RunningSandbox } from './common/http';
import { generateCompany, type CompanyProfile } from './seeder';

export interface StartSandboxesOptions {
  dataDir: string;
  /** Only these systems' sandboxes (default: every system's). */
  systems?: string[];
  /** Port per system key; a system not named gets its sandbox's default port (0 takes any free one). */
  ports?: Record<string, number>;
  /** Every sandbox on any free port (tests, `sandbox reset`): overrides the defaults, not `ports`. */
  anyFreePort?: boolean;
  /**
   * The company to seed when the sandboxes have not been seeded; false never seeds. Default: the `default`
   * profile (200 customers), seed 1; `customers` overrides the profile's count.
   */
  seed?: { profile?: CompanyProfile; customers?: number; seed?: number } | false;
  /** Empty every sandbox first. */
  reset?: boolean;
  /** The limits of production accounts instead of test accounts, where a service has both (Chargebee). */
  productionLimits?: boolean;
  /** Rate limits other than the real defaults, per system key, in each sandbox's own unit. */
  rateLimits?: Record<string, number>;
  faults?: Partial<FaultConfig>;
}

export interface SeedReport {
  profile: CompanyProfile;
  /** How long generating and loading the company took. */
  seedMs: number;
  /** What each sandbox loaded, by resource. */
  bySystem: Record<string, Record<string, number>>;
}

export interface RunningSandboxes {
  /** The running sandboxes by system key. */
  bySystem: Record<string, RunningSandbox>;
  /** What was seeded in this start, or null when the sandboxes were seeded before (or seeding was off). */
  seeded: SeedReport | null;
  close: () => Promise<void>;
}

/** Written once a company is loaded: the next start keeps the data (and edits made to it) instead of seeding again. */
const SEEDED_MARKER = 'seeded.json';

export function sandboxOf(sandboxes: RunningSandboxes, system: string): RunningSandbox {
  const sandbox = sandboxes.bySystem[system];
  if (!sandbox) throw new Error(`No ${system} sandbox is running.`);
  return sandbox;
}

export async function startSandboxes(options: StartSandboxesOptions): Promise<RunningSandboxes> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const bySystem: Record<string, RunningSandbox> = {};
  const close = async (): Promise<void> => {
    await Promise.all(Object.values(bySystem).map((sandbox) => sandbox.close()));
  };
  const plugins = sandboxPlugins().filter(
    (sandbox) => options.systems === undefined || options.systems.includes(sandbox.system),
  );
  const unknown = (options.systems ?? []).filter((system) => !plugins.some((sandbox) => sandbox.system === system));
  if (unknown.length > 0) throw new Error(`No sandbox for ${unknown.join(', ')}`);
  try {
    for (const sandbox of plugins) {
      const rateLimit = options.rateLimits?.[sandbox.system];
      bySystem[sandbox.system] = await sandbox.start({
        port: options.ports?.[sandbox.system] ?? (options.anyFreePort ? 0 : sandbox.defaultPort),
        dataFile: path.join(options.dataDir, `${sandbox.system}.sqlite`),
        ...(options.faults ? { faults: options.faults } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
        ...(options.productionLimits ? { productionLimits: true } : {}),
      });
    }
    const marker = path.join(options.dataDir, SEEDED_MARKER);
    if (options.reset) {
      // Through the admin API, so that each sandbox also clears what it keeps beside the store.
      for (const sandbox of Object.values(bySystem))
        await sandbox.http.app.inject({ method: 'POST', url: '/__sandbox/reset' });
      fs.rmSync(marker, { force: true });
    }
    let seeded: SeedReport | null = null;
    // Sandboxes that hold data from before the marker existed count as seeded: never load a company twice.
    const empty = Object.values(bySystem).every((sandbox) => sandbox.store.isEmpty());
    if (options.seed !== false && !fs.existsSync(marker) && empty) {
      const started = performance.now();
      const profile = options.seed?.profile ?? 'default';
      const customers = options.seed?.customers;
      const company = generateCompany({
        profile,
        seed: options.seed?.seed ?? 1,
        ...(customers !== undefined ? { customers } : {}),
      });
      const loaded: Record<string, Record<string, number>> = {};
      for (const sandbox of plugins) {
        const running = bySystem[sandbox.system];
        if (running) loaded[sandbox.system] = sandbox.seed(running, company);
      }
      seeded = { profile, seedMs: Math.round(performance.now() - started), bySystem: loaded };
      fs.writeFileSync(marker, `${JSON.stringify({ profile, seed: company.seed, at: new Date().toISOString() })}\n`);
    }
    return { bySystem, seeded, close };
  } catch (error) {
    await close();
    throw error;
  }
}
