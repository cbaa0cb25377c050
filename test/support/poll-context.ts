/**
 * What the poll activity's unit tests run in: the PowerOffice GO → Chargebee dataflow, fake connectors, a fake
 * Temporal client (only the calls a test makes), no queue backlog and no wait for references; and the activity
 * context a heartbeat and a log line need.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import type { Connector } from '../../connectors/connector';
import type { SyncContext } from '../../activities/sync-context';
import { loadDataflows } from '../../dataflows/engine';

export function pollTestContext(
  connectors: Record<string, Connector>,
  workflow: object,
  extra: Partial<SyncContext> = {},
): SyncContext {
  return {
    config: loadConfig({}),
    flows: loadDataflows().filter((flow) => flow.id === 'poweroffice-to-chargebee'),
    connectors,
    client: { workflow } as unknown as Client,
    taskQueue: 'unused',
    timing: { orderSettleMs: 1, openOrderSweepMs: 1 },
    queueBacklog: async () => 0,
    referencesFirst: async () => undefined,
    firstReadBegun: async () => true,
    ...extra,
  };
}

const quiet = { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined };

/** Runs `work` as an activity would run, with heartbeats and a log that go nowhere. */
export function inQuietActivity<T>(work: () => Promise<T>): Promise<T> {
  return asyncLocalStorage.run(
    { info: { isLocal: false, attempt: 1 }, heartbeat: () => undefined, log: quiet } as unknown as Context,
    work,
  );
}
