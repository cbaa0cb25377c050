/**
 * Watching edits arrive: each edit comes with a check on the other system's store, tried every 200 ms until it
 * holds (the arrival time) or the edit's deadline passes. Plus the linked records the benchmark edits, from
 * visibility (search attributes only, as `linkflow sync status` reads them).
 */
import type { Client } from '@temporalio/client';
import { LinkSourceId, LinkSourceType, LinkTargetId } from '../temporal/search-attributes';

export interface Arrival {
  label: string;
  madeAt: number;
  /** ms from the edit to its arrival; undefined when it did not arrive before its deadline. */
  ms: number | undefined;
}

interface Pending {
  label: string;
  madeAt: number;
  deadline: number;
  check: () => boolean;
  resolve: (arrival: Arrival) => void;
}

export class ArrivalWatcher {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;

  /** Resolves when `check` first holds, or with `ms: undefined` after `timeoutMs`. */
  watch(label: string, madeAt: number, check: () => boolean, timeoutMs: number): Promise<Arrival> {
    return new Promise((resolve) => {
      this.pending.add({ label, madeAt, deadline: madeAt + timeoutMs, check, resolve });
      this.timer ??= setInterval(() => this.tick(), 200);
    });
  }

  private tick(): void {
    const now = Date.now();
    for (const item of this.pending) {
      let holds = false;
      try {
        holds = item.check();
      } catch {
        holds = false; // a store busy for a moment: try again next tick
      }
      if (holds || now > item.deadline) {
        this.pending.delete(item);
        item.resolve({ label: item.label, madeAt: item.madeAt, ms: holds ? now - item.madeAt : undefined });
      }
    }
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export interface Subject {
  resource: 'ContactPersons' | 'Employees';
  sourceId: string;
  /** The Chargebee customer it is linked to. */
  targetId: string;
}

/**
 * Linked persons whose Chargebee customer no other link feeds (an edit there then has one place to go), in a
 * stable order (by source id).
 */
export async function linkedSubjects(client: Client, idPrefix: string, dataflow: string): Promise<Subject[]> {
  const prefix = `${idPrefix}link/${dataflow}/`.replace(/["\\]/g, '');
  const query =
    `LinkflowKind = "link" AND LinkStatus = "linked" AND ExecutionStatus = "Running" AND ` +
    `WorkflowId STARTS_WITH "${prefix}"`;
  const subjects = new Map<string, Subject>();
  const feeds = new Map<string, number>();
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    const type = execution.typedSearchAttributes.get(LinkSourceType);
    const sourceId = execution.typedSearchAttributes.get(LinkSourceId);
    const targetId = execution.typedSearchAttributes.get(LinkTargetId);
    if (targetId === undefined || sourceId === undefined) continue;
    feeds.set(targetId, (feeds.get(targetId) ?? 0) + 1);
    if (type === 'ContactPersons' || type === 'Employees')
      subjects.set(execution.workflowId, { resource: type, sourceId, targetId });
  }
  return [...subjects.values()]
    .filter((subject) => feeds.get(subject.targetId) === 1)
    .sort((a, b) => Number(a.sourceId) - Number(b.sourceId));
}

/** The value at a fraction of the sorted list (nearest rank). */
export function percentile(values: number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1];
}
