/** What every phase of the benchmark shares: the run's names, clients, stores, and small helpers. */
import type { Client } from '@temporalio/client';
import type { LinkflowConfig } from '../config/config';
import type { Dataflow } from '../dataflows/engine';
import type { ConnectorSettings } from '../worker/sync-runtime';
import type { BenchOptions } from './options';
import type { Children } from './processes';
import type { SandboxAdmin, Stats, Vendor } from './sandbox-admin';
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
  /** The poll interval `sync start` gives both systems, ms. */
  /** Poll interval in force per vendor (`linkflow sync start` derives it from the budgets). */
  intervalsMs: Record<Vendor, number>;
  out: Out;
  signal: AbortSignal;
  started: number;
  /** Source records the benchmark edits or creates, kept out of later phases' choices. */
  usedSubjects: Set<string>;
}

export class Aborted extends Error {
  constructor() {
    super('the benchmark was stopped');
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function readStats(admins: Record<Vendor, SandboxAdmin>): Promise<Record<Vendor, Stats>> {
  const [poweroffice, chargebee] = await Promise.all([admins['poweroffice-go'].stats(), admins.chargebee.stats()]);
  return { 'poweroffice-go': poweroffice, chargebee };
}

export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}

/** A stamp in elapsed time since the benchmark started, for progress lines. */
export const at = (context: BenchContext): string => `[${clock(Date.now() - context.started)}]`;

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
