/** What every phase of the benchmark shares: the run's names, clients, stores, and small helpers. */
import type { Client } from '@temporalio/client';
import type { LinkflowConfig } from '../config/config';
import type { Dataflow } from '../dataflows/engine';
import type { ConnectorSettings } from '../worker/sync-runtime';
import type { BenchOptions } from './options';
import type { Children } from './processes';
import type { SandboxAdmin, Stats, Vendor } from '../harness/sandbox-admin';
import { minutesText } from '../harness/waits';
import type { ChargebeeStore, PowerOfficeStore } from './stores';
import type { ArrivalWatcher } from './watch';

export const DATAFLOW = 'poweroffice-to-chargebee';
export const MINUTE = 60_000;

export type Out = (line: string) => void;

export interface BenchContext {
  options: BenchOptions;
  stamp: string;
  idPrefix: string;
  env: NodeJS.ProcessEnv;
  config: LinkflowConfig;
  client: Client;
  flows: Dataflow[];
  settings: ConnectorSettings;
  children: Children;
  admins: Record<Vendor, SandboxAdmin>;
  po: PowerOfficeStore;
  cb: ChargebeeStore;
  watcher: ArrivalWatcher;
  /** Poll interval in force per vendor, ms (`linkflow sync start` derives it from the budgets). */
  intervalsMs: Record<Vendor, number>;
  out: Out;
  signal: AbortSignal;
  started: number;
  /** Source records the benchmark edits or creates, kept out of later phases' choices. */
  usedSubjects: Set<string>;
}

export { Aborted, sleep } from '../harness/waits';

export async function readStats(admins: Record<Vendor, SandboxAdmin>): Promise<Record<Vendor, Stats>> {
  const [poweroffice, chargebee] = await Promise.all([admins['poweroffice-go'].stats(), admins.chargebee.stats()]);
  return { 'poweroffice-go': poweroffice, chargebee };
}

/** `7 min 05 s`. */
export const clock = minutesText;

/** A stamp in elapsed time since the benchmark started, for progress lines. */
export const at = (context: BenchContext): string => `[${clock(Date.now() - context.started)}]`;

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
