/**
 * Duplicated and out-of-order deliveries, sent the way the pollers send them: a PowerOffice snapshot goes to
 * its link by signal-with-start `sourceObserved` (activities/workflow-messaging.ts `observeSource`), a
 * Chargebee snapshot to its record writer as an `observed` record event. The campaign sends the snapshot after
 * an edit twice (a duplicate) and then the snapshot from before it (stale, after a newer one): none of them may
 * change anything, which the convergence check proves at the end.
 */
import type { Client } from '@temporalio/client';
import { observeSource, observeTarget } from '../activities/workflow-messaging';
import type { RecordSnapshot } from '../connectors/connector';
import type { MadeEdit } from './edits';
import { withTimeout } from './util';

export interface ReplayCounts {
  duplicates: number;
  stale: number;
  /** Deliveries that could not be sent (the server was being restarted). */
  unsent: number;
}

export class Replayer {
  readonly counts: ReplayCounts = { duplicates: 0, stale: 0, unsent: 0 };

  constructor(
    private readonly client: Client,
    private readonly idPrefix: string,
    private readonly taskQueue: string,
    private readonly dataflow: string,
  ) {}

  private async deliver(made: MadeEdit, snapshot: RecordSnapshot): Promise<boolean> {
    const subject = made.edit.subject;
    const messaging = { client: this.client, taskQueue: this.taskQueue, idPrefix: this.idPrefix };
    try {
      if (made.edit.system === 'poweroffice-go') {
        const { resource, id, parentId } = subject.po;
        const source = { system: 'poweroffice-go', resource, id, ...(parentId ? { parentId } : {}) };
        await withTimeout('a replayed delivery', 20_000, observeSource(messaging, this.dataflow, source, snapshot));
      } else {
        const target = { system: 'chargebee', type: subject.cb.type, id: subject.cb.id };
        return await withTimeout('a replayed delivery', 20_000, observeTarget(messaging, target, snapshot));
      }
      return true;
    } catch {
      this.counts.unsent += 1;
      return false;
    }
  }

  /** The newer snapshot twice, then the older one. */
  async replay(made: MadeEdit): Promise<void> {
    for (let copy = 0; copy < 2; copy += 1) if (await this.deliver(made, made.after)) this.counts.duplicates += 1;
    if (await this.deliver(made, made.before)) this.counts.stale += 1;
  }
}
