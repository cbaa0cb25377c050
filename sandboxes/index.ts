/**
 * Starts every sandbox linkflow needs (PowerOffice GO and Chargebee) on loopback, each with its SQLite file in
 * one data directory, and seeds them with a generated company when they are empty (or after a reset).
 */
import path from 'node:path';
import type { FaultConfig } from './common/faults';
import type { RunningSandbox } from './common/http';
import { DEFAULT_CHARGEBEE_PORT, startChargebeeSandbox } from './chargebee';
import { getCustomer, insertCustomer } from './chargebee/repository';
import { DEFAULT_POWEROFFICE_PORT, startPowerOfficeSandbox } from './poweroffice-go';
import {
  chargebeeOverlap,
  generateCompany,
  loadIntoPowerOffice,
  type CompanyProfile,
  type LoadSummary,
} from './seeder';

/** A live Chargebee site (Performance plan) allows 1,000 requests a minute; a test site 150. */
export const LIVE_SITE_RATE_LIMIT = 1000;

export interface StartSandboxesOptions {
  dataDir: string;
  ports?: { poweroffice?: number; chargebee?: number };
  /**
   * The company to seed when the sandboxes are empty; false never seeds. Default: the `default` profile (200
   * customers), seed 1; `customers` overrides the profile's count.
   */
  seed?: { profile?: CompanyProfile; customers?: number; seed?: number } | false;
  /** Empty both sandboxes first. */
  reset?: boolean;
  /** Run Chargebee with a live site's rate limit instead of a test site's. */
  liveChargebeeSite?: boolean;
  /** Rate limits other than the real defaults (PowerOffice 10 requests/s; Chargebee as above). */
  rateLimits?: { powerofficePerSecond?: number; chargebeePerMinute?: number };
  faults?: Partial<FaultConfig>;
}

export interface RunningSandboxes {
  poweroffice: RunningSandbox;
  chargebee: RunningSandbox;
  /**
   * What was seeded in this start, or null when the sandboxes already held data (or seeding was off), with the
   * profile and how long generating and loading the company took.
   */
  seeded: (LoadSummary & { chargebeeCustomers: number; profile: CompanyProfile; seedMs: number }) | null;
  close: () => Promise<void>;
}

export async function startSandboxes(options: StartSandboxesOptions): Promise<RunningSandboxes> {
  const poweroffice = await startPowerOfficeSandbox({
    port: options.ports?.poweroffice ?? DEFAULT_POWEROFFICE_PORT,
    dataFile: path.join(options.dataDir, 'poweroffice-go.sqlite'),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.rateLimits?.powerofficePerSecond !== undefined
      ? { rateLimitPerSecond: options.rateLimits.powerofficePerSecond }
      : {}),
  });
  const chargebeeRateLimit =
    options.rateLimits?.chargebeePerMinute ?? (options.liveChargebeeSite ? LIVE_SITE_RATE_LIMIT : undefined);
  let chargebee: RunningSandbox;
  try {
    chargebee = await startChargebeeSandbox({
      port: options.ports?.chargebee ?? DEFAULT_CHARGEBEE_PORT,
      dataFile: path.join(options.dataDir, 'chargebee.sqlite'),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(chargebeeRateLimit !== undefined ? { rateLimitPerMinute: chargebeeRateLimit } : {}),
    });
  } catch (error) {
    await poweroffice.close();
    throw error;
  }
  const close = async (): Promise<void> => {
    await Promise.all([poweroffice.close(), chargebee.close()]);
  };

  try {
    if (options.reset) {
      // Through the admin API, so that each sandbox also clears what it keeps beside the store.
      await poweroffice.http.app.inject({ method: 'POST', url: '/__sandbox/reset' });
      await chargebee.http.app.inject({ method: 'POST', url: '/__sandbox/reset' });
    }
    let seeded: RunningSandboxes['seeded'] = null;
    if (options.seed !== false && poweroffice.store.count('Customers') === 0) {
      const started = performance.now();
      const profile = options.seed?.profile ?? 'default';
      const customers = options.seed?.customers;
      const company = generateCompany({
        profile,
        seed: options.seed?.seed ?? 1,
        ...(customers !== undefined ? { customers } : {}),
      });
      const summary = loadIntoPowerOffice(poweroffice.store, company);
      let chargebeeCustomers = 0;
      for (const customer of chargebeeOverlap(company)) {
        if (getCustomer(chargebee.store, customer.id)) continue;
        insertCustomer(chargebee.store, customer);
        chargebeeCustomers += 1;
      }
      seeded = { ...summary, chargebeeCustomers, profile, seedMs: Math.round(performance.now() - started) };
    }
    return { poweroffice, chargebee, seeded, close };
  } catch (error) {
    await close();
    throw error;
  }
}
