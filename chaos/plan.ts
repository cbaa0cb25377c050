/**
 * The campaign's timeline, drawn once from the campaign's random seed: phases (a storm, an outage of each
 * vendor, a second storm), the fault windows of each sandbox, and the disruptions (worker SIGKILLs, server
 * restarts). Pure, so the schedule can be printed before anything happens.
 */
import type { FaultConfig } from '../sandboxes/common/faults';
import { SeededRandom } from '../sandboxes/seeder/random';
import type { ChaosOptions } from './options';
import type { Vendor } from '../harness/sandbox-admin';

export interface Phase {
  name: string;
  from: number;
  to: number;
  /** The vendor that is down during this phase. */
  outage?: Vendor;
}

export interface FaultWindow {
  label: string;
  vendor: Vendor;
  from: number;
  to: number;
  faults: Partial<FaultConfig>;
}

/**
 * Server restarts: SIGKILL of the whole process group (a crash) or SIGTERM (an orderly stop). Blocks: SIGUSR2
 * to the worker, whose main thread then stays busy (chaos/main-thread-block.cjs).
 */
export type Disruption =
  | { at: number; kind: 'kill-worker'; signal: 'SIGKILL' }
  | { at: number; kind: 'restart-server'; signal: 'SIGKILL' | 'SIGTERM' }
  | { at: number; kind: 'block-worker'; signal: 'SIGUSR2' };

export interface Plan {
  durationMs: number;
  phases: Phase[];
  windows: FaultWindow[];
  disruptions: Disruption[];
}

/** The background share of 5xx answers on both sandboxes throughout the campaign. */
export const BASELINE_ERROR_RATE = 0.1;
/** PowerOffice allows 10 requests/s and a live Chargebee site 1,000/min: a storm allows far fewer. */
const STORM_LIMITS: Record<Vendor, number> = { 'poweroffice-go': 2, chargebee: 40 };
const SPIKE_LATENCY_MS = 1_500;

export function makePlan(options: ChaosOptions): Plan {
  const random = new SeededRandom(options.randomSeed);
  const minute = 60_000;
  const storm1 = options.stormMinutes * minute;
  const outage = options.outageMinutes * minute;
  const storm2 = (options.stormMinutes / 2) * minute;
  const phases: Phase[] = [
    { name: 'storm', from: 0, to: storm1 },
    { name: 'PowerOffice GO outage', from: storm1, to: storm1 + outage, outage: 'poweroffice-go' },
    { name: 'Chargebee outage', from: storm1 + outage, to: storm1 + 2 * outage, outage: 'chargebee' },
    { name: 'second storm', from: storm1 + 2 * outage, to: storm1 + 2 * outage + storm2 },
  ];
  const durationMs = storm1 + 2 * outage + storm2;
  const burst = Math.min(options.stormBurstMs, storm2 / 2);
  const second = storm1 + 2 * outage;
  const storm = (vendor: Vendor, from: number): FaultWindow => ({
    label: '429 storm',
    vendor,
    from,
    to: from + burst,
    faults: { rateLimit: STORM_LIMITS[vendor] },
  });
  const spike = (vendor: Vendor, from: number): FaultWindow => ({
    label: 'latency spike',
    vendor,
    from,
    to: from + burst,
    faults: { latencyMs: SPIKE_LATENCY_MS },
  });
  const windows: FaultWindow[] = [
    storm('poweroffice-go', 0.2 * storm1),
    spike('poweroffice-go', 0.45 * storm1),
    spike('chargebee', 0.45 * storm1),
    storm('chargebee', 0.7 * storm1),
    // PowerOffice answers every request with a 5xx; Chargebee drops every connection without an answer.
    { label: 'outage', vendor: 'poweroffice-go', from: storm1, to: storm1 + outage, faults: { errorRate: 1 } },
    { label: 'outage', vendor: 'chargebee', from: storm1 + outage, to: second, faults: { dropRate: 1, errorRate: 0 } },
    spike('chargebee', second + 0.1 * storm2),
    storm('poweroffice-go', second + 0.45 * storm2),
    storm('chargebee', second + 0.45 * storm2),
  ];

  const disruptions: Disruption[] = [];
  // Kills spread evenly with jitter, so that some meet the first sync, some each outage and some the end.
  for (let i = 0; i < options.kills; i += 1) {
    const slot = durationMs / options.kills;
    const at = Math.round(slot * (i + 0.5) + (random.next() - 0.5) * 0.6 * slot);
    disruptions.push({ at, kind: 'kill-worker', signal: 'SIGKILL' });
  }
  for (let i = 0; i < options.serverRestarts; i += 1) {
    const slot = durationMs / options.serverRestarts;
    disruptions.push({
      at: Math.round(slot * (i + 0.5) + (random.next() - 0.5) * 0.4 * slot),
      kind: 'restart-server',
      signal: i % 2 === 0 ? 'SIGKILL' : 'SIGTERM',
    });
  }
  // Drawn after the others, so that a seed still gives the kills and restarts it gave before blocks existed.
  for (let i = 0; i < options.blocks; i += 1) {
    const slot = durationMs / options.blocks;
    const at = Math.round(slot * (i + 0.5) + (random.next() - 0.5) * 0.6 * slot);
    disruptions.push({ at, kind: 'block-worker', signal: 'SIGUSR2' });
  }
  disruptions.sort((a, b) => a.at - b.at);
  return { durationMs, phases, windows, disruptions };
}

/** The faults a sandbox should have at `t` ms into the campaign: the baseline, then every open window. */
export function faultsAt(plan: Plan, vendor: Vendor, t: number): Partial<FaultConfig> {
  let faults: Partial<FaultConfig> = { errorRate: BASELINE_ERROR_RATE };
  if (t >= plan.durationMs) return {};
  for (const window of plan.windows) {
    if (window.vendor === vendor && t >= window.from && t < window.to) faults = { ...faults, ...window.faults };
  }
  return faults;
}

export function phaseAt(plan: Plan, t: number): Phase | undefined {
  return plan.phases.find((phase) => t >= phase.from && t < phase.to);
}
