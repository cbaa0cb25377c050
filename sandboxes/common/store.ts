/**
 * The sandboxes' persistent state: one SQLite file per sandbox, holding JSON documents per collection.
 * State survives a restart of the sandbox and `reset()` empties it. Only sandboxes use this; linkflow keeps
 * no sync state outside Temporal.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredDocument<T> {
  id: string;
  body: T;
  /** Change time used by change filters, epoch ms (may be fractional for sub-ms ordering). */
  changedAt: number;
}

export interface ListOptions {
  /** Only documents changed strictly after this time (epoch ms). */
  changedAfter?: number;
  /** Only documents changed at or after this time (epoch ms). */
  changedAtOrAfter?: number;
  orderBy?: 'changedAt' | 'insertion';
  limit?: number;
  offset?: number;
  /** Conditions on fields of the JSON body, all of which must hold. */
  where?: JsonCondition[];
}

/**
 * A condition on one field of a document's JSON body (`path` as SQLite's json_extract reads it, e.g.
 * `$.CustomerNo`): the field matches any of `anyOf` (equal to a value, or inside an inclusive number range), or
 * is greater than `greaterThan` (strings compare as text, so use sortable formats such as ISO timestamps).
 */
export interface JsonCondition {
  path: string;
  anyOf?: Array<{ equals: string | number | boolean } | { min?: number; max?: number }>;
  greaterThan?: string | number;
  /** Compare strings without regard to (ASCII) case. */
  ignoreCase?: boolean;
}

function jsonConditionSql(condition: JsonCondition, args: (string | number)[]): string {
  const field = 'json_extract(body, ?)';
  const parts: string[] = [];
  if (condition.anyOf) {
    const alternatives = condition.anyOf.map((alternative) => {
      if ('equals' in alternative) {
        const value = alternative.equals;
        args.push(condition.path, typeof value === 'boolean' ? Number(value) : value);
        return typeof value === 'string' && condition.ignoreCase ? `${field} = ? COLLATE NOCASE` : `${field} = ?`;
      }
      const bounds: string[] = [];
      if (alternative.min !== undefined) {
        args.push(condition.path, alternative.min);
        bounds.push(`${field} >= ?`);
      }
      if (alternative.max !== undefined) {
        args.push(condition.path, alternative.max);
        bounds.push(`${field} <= ?`);
      }
      if (bounds.length > 0) return `(${bounds.join(' AND ')})`;
      args.push(condition.path);
      return `${field} IS NOT NULL`;
    });
    parts.push(alternatives.length > 0 ? `(${alternatives.join(' OR ')})` : '0');
  }
  if (condition.greaterThan !== undefined) {
    args.push(condition.path, condition.greaterThan);
    parts.push(`${field} > ?`);
  }
  return parts.length > 0 ? parts.join(' AND ') : '1';
}

interface KeyValueRow {
  value: string;
  expires_at: number | null;
}

const documentKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** What `SandboxStore.bulk` keeps while it runs. */
class BulkState {
  /** A nested transaction failed; the bulk must not commit. */
  failure: { error: unknown } | undefined;
  /** Document bodies (JSON text) read so far, null for none, by collection and id. */
  readonly documents = new Map<string, string | null>();
  /** Key-value rows read so far, null for none. */
  readonly values = new Map<string, KeyValueRow | null>();

  /** Only what was read before is kept up to date: writes alone would hold the whole load in memory. */
  updateDocument(key: string, body: string | null): void {
    if (this.documents.has(key)) this.documents.set(key, body);
  }

  updateValue(key: string, row: KeyValueRow): void {
    if (this.values.has(key)) this.values.set(key, row);
  }

  forget(): void {
    this.documents.clear();
    this.values.clear();
  }
}

export class SandboxStore {
  private readonly db: Database.Database;
  /** Prepared statements by SQL text: preparing dominated bulk loads (the seeder writes 100k+ documents). */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      // List queries vary with their filters; keep the cache bounded.
      if (this.statements.size >= 256) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, changed_at REAL NOT NULL,
        ord INTEGER NOT NULL, PRIMARY KEY (collection, id));
      CREATE INDEX IF NOT EXISTS documents_changed ON documents (collection, changed_at);
      CREATE INDEX IF NOT EXISTS documents_ord ON documents (collection, ord);
      CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL);
    `);
  }

  get<T>(collection: string, id: string): T | undefined {
    const key = documentKey(collection, id);
    const cached = this.bulkState?.documents.get(key);
    // Parsed afresh on every read, cached or not: callers may change what they get.
    if (cached !== undefined) return cached === null ? undefined : (JSON.parse(cached) as T);
    const row = this.prepare('SELECT body FROM documents WHERE collection = ? AND id = ?').get(collection, id) as
      { body: string } | undefined;
    this.bulkState?.documents.set(key, row ? row.body : null);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** Inserts or replaces a document; a new document goes to the end of the insertion order. */
  put<T>(collection: string, id: string, body: T, changedAt: number): void {
    const text = JSON.stringify(body);
    this.prepare(
      `INSERT INTO documents (collection, id, body, changed_at, ord)
         VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM documents WHERE collection = ?))
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body, changed_at = excluded.changed_at`,
    ).run(collection, id, text, changedAt, collection);
    this.bulkState?.updateDocument(documentKey(collection, id), text);
  }

  delete(collection: string, id: string): boolean {
    this.bulkState?.updateDocument(documentKey(collection, id), null);
    return this.prepare('DELETE FROM documents WHERE collection = ? AND id = ?').run(collection, id).changes > 0;
  }

  list<T>(collection: string, options: ListOptions = {}): T[] {
    const where = ['collection = ?'];
    const args: (string | number)[] = [collection];
    if (options.changedAfter !== undefined) {
      where.push('changed_at > ?');
      args.push(options.changedAfter);
    }
    if (options.changedAtOrAfter !== undefined) {
      where.push('changed_at >= ?');
      args.push(options.changedAtOrAfter);
    }
    for (const condition of options.where ?? []) where.push(jsonConditionSql(condition, args));
    const order = options.orderBy === 'changedAt' ? 'changed_at, ord' : 'ord';
    let sql = `SELECT body FROM documents WHERE ${where.join(' AND ')} ORDER BY ${order}`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      args.push(options.limit, options.offset ?? 0);
    }
    const rows = this.prepare(sql).all(...args) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as T);
  }

  /** True when no document of any collection is stored. */
  isEmpty(): boolean {
    return this.prepare('SELECT 1 FROM documents LIMIT 1').get() === undefined;
  }

  count(collection: string): number {
    const row = this.prepare('SELECT COUNT(*) AS n FROM documents WHERE collection = ?').get(collection) as {
      n: number;
    };
    return row.n;
  }

  /** The next value of a named sequence, starting at `start`. */
  nextId(sequence: string, start = 1): number {
    // One statement is atomic without a transaction around it; a savepoint around each id was a good part of
    // the seeder's load time (it takes two or three ids per record).
    const row = this.prepare(
      `INSERT INTO sequences (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    ).get(sequence, start) as { value: number };
    return row.value;
  }

  getValue<T>(key: string, now = Date.now()): T | undefined {
    let row = this.bulkState?.values.get(key);
    if (row === undefined) {
      const stored = this.prepare('SELECT value, expires_at FROM kv WHERE key = ?').get(key) as KeyValueRow | undefined;
      row = stored ?? null;
      this.bulkState?.values.set(key, row);
    }
    if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    return JSON.parse(row.value) as T;
  }

  setValue<T>(key: string, value: T, ttlMs?: number, now = Date.now()): void {
    const row: KeyValueRow = { value: JSON.stringify(value), expires_at: ttlMs === undefined ? null : now + ttlMs };
    this.prepare(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ).run(key, row.value, row.expires_at);
    this.bulkState?.updateValue(key, row);
  }

  /** One transaction wrapper, made once: better-sqlite3 prepares its BEGIN/SAVEPOINT statements per wrapper. */
  private runInTransaction: ((fn: () => unknown) => unknown) | undefined;
  /** Set while `bulk` runs. */
  private bulkState: BulkState | undefined;

  /** Runs `fn` in a transaction; nested in another one, under a savepoint (a failure undoes only its part). */
  transaction<R>(fn: () => R): R {
    const bulk = this.bulkState;
    if (bulk) {
      try {
        return fn();
      } catch (error) {
        bulk.failure ??= { error };
        throw error;
      }
    }
    this.runInTransaction ??= this.db.transaction((inner: () => unknown) => inner());
    return this.runInTransaction(fn) as R;
  }

  /**
   * Runs many writes in one transaction, for bulk loads (the seeder), faster than one `transaction` around them:
   * - transactions nested inside run inline, not under a savepoint each (two statements more per nested
   *   transaction, of which a seeded record has several). A failed nested transaction then cannot be undone on
   *   its own, so any failure inside rolls back the whole bulk, even one the caller caught;
   * - documents and keys read inside are remembered (a bulk load reads the same customers and products over and
   *   over). Within one transaction no other connection's writes can show, and our own writes update what is
   *   remembered, so every read still answers what SQLite would.
   */
  bulk<R>(fn: () => R): R {
    if (this.bulkState || this.db.inTransaction) return this.transaction(fn);
    return this.transaction(() => {
      const bulk = new BulkState();
      this.bulkState = bulk;
      try {
        const result = fn();
        if (bulk.failure) throw bulk.failure.error;
        return result;
      } finally {
        this.bulkState = undefined;
      }
    });
  }

  /** Empties every collection, sequence and key. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM sequences; DELETE FROM kv;');
    this.bulkState?.forget();
  }

  close(): void {
    this.db.close();
  }
}
