/**
 * The embedded server's visibility indexes linkflow never queries by are dropped, the ones it does are kept,
 * and a second pass (every start runs one) finds nothing left to do. The table is built as the dev server
 * builds it: columns generated from the search attributes' JSON, each with an index (the server quotes the JSON
 * paths with double quotes, which this build of SQLite reads in an existing schema but refuses in new DDL).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropUnusedVisibilityIndexes, UNUSED_VISIBILITY_INDEXES } from '../../temporal/visibility-indexes';

const KEPT = ['default_idx', 'by_status', 'by_keyword_01'];

function serverLikeDatabase(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE executions_visibility (
    namespace_id CHAR(64) NOT NULL, run_id CHAR(64) NOT NULL, status INT NOT NULL, close_time TIMESTAMP NULL,
    start_time TIMESTAMP NOT NULL, history_length BIGINT NULL, search_attributes TEXT NULL,
    Bool01 BOOLEAN GENERATED ALWAYS AS (JSON_EXTRACT(search_attributes, '$.Bool01')),
    Keyword01 VARCHAR(255) GENERATED ALWAYS AS (JSON_EXTRACT(search_attributes, '$.Keyword01')),
    PRIMARY KEY (namespace_id, run_id))`);
  db.exec(`CREATE INDEX default_idx ON executions_visibility (namespace_id, start_time DESC, run_id)`);
  db.exec(`CREATE INDEX by_status ON executions_visibility (namespace_id, status, start_time DESC, run_id)`);
  db.exec(`CREATE INDEX by_keyword_01 ON executions_visibility (namespace_id, Keyword01, start_time DESC, run_id)`);
  db.exec(`CREATE INDEX by_bool_01 ON executions_visibility (namespace_id, Bool01, start_time DESC, run_id)`);
  db.exec(`CREATE INDEX by_history_length ON executions_visibility (namespace_id, history_length, run_id)`);
  db.prepare('INSERT INTO executions_visibility VALUES (?, ?, ?, NULL, ?, NULL, ?)').run(
    'ns',
    'run-1',
    1,
    '2026-12-04 20:00:00',
    JSON.stringify({ Keyword01: 'linked' }),
  );
  db.close();
}

function indexes(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
      )
      .all()
      .map((row) => row.name);
  } finally {
    db.close();
  }
}

test('drops the unused indexes, keeps the queried ones and the rows, and a second pass drops nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-visibility-'));
  const file = path.join(dir, 'linkflow.db');
  try {
    serverLikeDatabase(file);
    expect(UNUSED_VISIBILITY_INDEXES).toEqual(expect.arrayContaining(['by_bool_01', 'by_history_length']));
    for (const kept of KEPT) expect(UNUSED_VISIBILITY_INDEXES).not.toContain(kept);

    expect(dropUnusedVisibilityIndexes(file)).toBe(2);
    expect(indexes(file)).toEqual([...KEPT].sort());
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT run_id FROM executions_visibility WHERE Keyword01 = 'linked'").all()).toEqual([
      { run_id: 'run-1' },
    ]);
    db.close();

    expect(dropUnusedVisibilityIndexes(file)).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
