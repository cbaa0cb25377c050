/**
 * The versions this worker process wrote, so that a poller need not hand our own writes back to the workflow
 * that made them. That workflow would drop the echo anyway (its version is not newer than the write), but the
 * signal alone costs a Temporal action and a workflow task, for every record a first sync creates. Only an
 * exact echo is skipped: a record changed again since our write has a newer version and is handed on. A
 * bounded cache: what it forgets is handed on and dropped by the workflow, as before.
 */
import type { Connector, RecordSnapshot } from '../connectors/connector';

export class RecentWrites {
  private readonly versions = new Map<string, number>();
  constructor(private readonly limit = 50_000) {}

  note(record: RecordSnapshot): void {
    const key = keyOf(record.system, record.type, record.id);
    this.versions.delete(key);
    this.versions.set(key, record.version);
    if (this.versions.size > this.limit) {
      const oldest = this.versions.keys().next();
      if (oldest.done !== true) this.versions.delete(oldest.value);
    }
  }

  /** True when the record, as observed, is exactly what this process last wrote (or older). */
  isOwnEcho(record: RecordSnapshot): boolean {
    const written = this.versions.get(keyOf(record.system, record.type, record.id));
    return written !== undefined && record.version <= written;
  }
}

const keyOf = (system: string, type: string, id: string): string => `${system}\u0000${type}\u0000${id}`;

/**
 * Every member of `T`, optional ones included (as possibly undefined): a wrapper typed with it fails to compile
 * until it passes on a member added to the interface.
 */
type EveryMember<T> = { [K in keyof Required<T>]: T[K] };

/**
 * The connector, with every record it creates or updates noted in `recent`. Every member is passed on: twice a
 * member this wrapper left out changed what the worker did without a sign (`makesRecordsItself`, then
 * `budgetWaitMs`, without which every merge at a quiet target was let run inline, however small its budget).
 */
export function notingWrites(connector: Connector, recent: RecentWrites): Connector {
  const wrapped: EveryMember<Connector> = {
    system: connector.system,
    capabilities: () => connector.capabilities(),
    readChanges: (type, cursor, options) => connector.readChanges(type, cursor, options),
    get: (type, id, options) => connector.get(type, id, options),
    findByKey: (type, key) => connector.findByKey(type, key),
    waitingRequests: () => connector.waitingRequests?.() ?? 0,
    budgetWaitMs: connector.budgetWaitMs?.bind(connector),
    makesRecordsItself: connector.makesRecordsItself?.bind(connector),
    create: async (type, data, options) => {
      const created = await connector.create(type, data, options);
      recent.note(created);
      return created;
    },
    update: async (type, id, changes, options) => {
      const updated = await connector.update(type, id, changes, options);
      recent.note(updated);
      return updated;
    },
  };
  return wrapped;
}
