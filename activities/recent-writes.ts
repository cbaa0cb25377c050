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

/** The connector, with every record it creates or updates noted in `recent`. */
export function notingWrites(connector: Connector, recent: RecentWrites): Connector {
  const makesRecordsItself = connector.makesRecordsItself?.bind(connector);
  return {
    system: connector.system,
    capabilities: () => connector.capabilities(),
    readChanges: (type, cursor, options) => connector.readChanges(type, cursor, options),
    get: (type, id, options) => connector.get(type, id, options),
    findByKey: (type, key) => connector.findByKey(type, key),
    waitingRequests: () => connector.waitingRequests?.() ?? 0,
    ...(makesRecordsItself ? { makesRecordsItself } : {}),
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
}
