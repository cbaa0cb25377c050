/**
 * The records this worker process handed to their workflows lately (a link for a source record, a record writer
 * for a target record), so that a record read twice is handed on once. While a poller works off a backlog its
 * head is read beside the pass (workflows/poller.ts), and both read every record created meanwhile: in the
 * benchmark's burst of 2,000 new persons each link was started with its record and then signalled the same
 * record again (a refused start, a signal, a workflow task and an activity that found nothing new). Only an
 * exact repeat is skipped: the same version with the same content (a version is a change time, and two edits
 * within its precision share it), handed on successfully, within `forgetAfterMs`. A bounded cache: what it
 * forgets, or another process handed on, is handed on again and dropped by the workflow, as before.
 */
import { createHash } from 'node:crypto';
import type { RecordSnapshot } from '../connectors/connector';
import { canonicalJson } from '../model/json-values';

interface HandOver {
  version: number;
  contentHash: string;
  at: number;
}

export class RecentHandOvers {
  private readonly handOvers = new Map<string, HandOver>();

  constructor(
    private readonly limit = 50_000,
    private readonly forgetAfterMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes that `record` reached the workflow `workflowId` (after the start or signal succeeded). */
  note(workflowId: string, record: RecordSnapshot): void {
    const now = this.now();
    this.handOvers.delete(workflowId);
    this.handOvers.set(workflowId, { version: record.version, contentHash: hashOf(record), at: now });
    // Kept in the order noted: the oldest go first, once forgotten or beyond the limit (a first sync hands on
    // tens of thousands of records; ten minutes of them are a few thousand).
    for (const [oldestId, oldest] of this.handOvers) {
      if (this.handOvers.size <= this.limit && now - oldest.at <= this.forgetAfterMs) break;
      this.handOvers.delete(oldestId);
    }
  }

  /** Hand-overs remembered now (for tests and diagnostics). */
  get size(): number {
    return this.handOvers.size;
  }

  /** True when the workflow was handed exactly this record lately. */
  isRepeat(workflowId: string, record: RecordSnapshot): boolean {
    const handOver = this.handOvers.get(workflowId);
    if (handOver === undefined) return false;
    if (this.now() - handOver.at > this.forgetAfterMs) {
      this.handOvers.delete(workflowId);
      return false;
    }
    return handOver.version === record.version && handOver.contentHash === hashOf(record);
  }
}

const hashOf = (record: RecordSnapshot): string =>
  createHash('sha256')
    .update(canonicalJson([record.deleted, record.data]))
    .digest('base64')
    .slice(0, 16);
