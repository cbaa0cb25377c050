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
}

export class SandboxStore {
  private readonly db: Database.Database;

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
    const row = this.db.prepare('SELECT body FROM documents WHERE collection = ? AND id = ?').get(collection, id) as
      | { body: string }
      | undefined;
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** Inserts or replaces a document; a new document goes to the end of the insertion order. */
  put<T>(collection: string, id: string, body: T, changedAt: number): void {
    this.db
      .prepare(
        `INSERT INTO documents (collection, id, body, changed_at, ord)
         VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM documents WHERE collection = ?))
         ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body, changed_at = excluded.changed_at`,
      )
      .run(collection, id, JSON.stringify(body), changedAt, collection);
  }

  delete(collection: string, id: string): boolean {
    return this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?').run(collection, id).changes > 0;
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
    const order = options.orderBy === 'changedAt' ? 'changed_at, ord' : 'ord';
    let sql = `SELECT body FROM documents WHERE ${where.join(' AND ')} ORDER BY ${order}`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ? OFFSET ?';
      args.push(options.limit, options.offset ?? 0);
    }
    const rows = this.db.prepare(sql).all(...args) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as T);
  }

  count(collection: string): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE collection = ?').get(collection) as { n: number };
    return row.n;
  }

  /** The next value of a named sequence, starting at `start`. */
  nextId(sequence: string, start = 1): number {
    return this.transaction(() => {
      const row = this.db.prepare('SELECT value FROM sequences WHERE name = ?').get(sequence) as { value: number } | undefined;
      const next = row ? row.value + 1 : start;
      this.db
        .prepare('INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value')
        .run(sequence, next);
      return next;
    });
  }

  getValue<T>(key: string, now = Date.now()): T | undefined {
    const row = this.db.prepare('SELECT value, expires_at FROM kv WHERE key = ?').get(key) as
      | { value: string; expires_at: number | null }
      | undefined;
    if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    return JSON.parse(row.value) as T;
  }

  setValue<T>(key: string, value: T, ttlMs?: number, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at')
      .run(key, JSON.stringify(value), ttlMs === undefined ? null : now + ttlMs);
  }

  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  /** Empties every collection, sequence and key. */
  reset(): void {
    this.db.exec('DELETE FROM documents; DELETE FROM sequences; DELETE FROM kv;');
  }

  close(): void {
    this.db.close();
  }
}
