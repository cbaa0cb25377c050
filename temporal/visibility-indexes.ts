/**
 * The embedded server's visibility table, kept lean. The dev server's SQLite schema gives `executions_visibility`
 * 45 indexes, 28 of which linkflow never queries by; most of them are over columns generated from the search
 * attributes' JSON, so every visibility write (a workflow start, a search-attribute upsert, a close) parses that
 * JSON once per index, for the old row and for the new. On the server's one SQLite connection that work is in
 * the way of everything else: a visibility upsert costs about half as much without them (docs/DECISIONS.md 114).
 *
 * linkflow, the CLI and the Web UI's lists filter by workflow id, type, status, task queue, times and linkflow's
 * own Keyword attributes; those indexes stay. A query by a dropped column still answers, by a scan. Only the
 * embedded server's file is touched, never an external cluster's store.
 */
import Database from 'better-sqlite3';

/** The dev server's (CLI v1.5.1) indexes on columns linkflow never filters by. */
export const UNUSED_VISIBILITY_INDEXES = [
  'by_history_length',
  'by_history_size_bytes',
  'by_execution_duration',
  'by_state_transition_count',
  'by_parent_workflow_id',
  'by_parent_run_id',
  'by_root_workflow_id',
  'by_root_run_id',
  'by_batcher_user',
  'by_temporal_scheduled_start_time',
  'by_temporal_scheduled_by_id',
  'by_temporal_schedule_paused',
  'by_temporal_pause_info',
  'by_temporal_worker_deployment_version',
  'by_temporal_workflow_versioning_behavior',
  'by_temporal_worker_deployment',
  'by_bool_01',
  'by_bool_02',
  'by_bool_03',
  'by_datetime_01',
  'by_datetime_02',
  'by_datetime_03',
  'by_double_01',
  'by_double_02',
  'by_double_03',
  'by_int_01',
  'by_int_02',
  'by_int_03',
] as const;

/**
 * Drops the unused visibility indexes of the dev server's database, once it has created its schema; returns how
 * many it dropped (none when they are gone already). The server may run meanwhile: SQLite has its connection
 * prepare its statements again after a schema change, and the drop waits for the write lock.
 */
export function dropUnusedVisibilityIndexes(dbFile: string): number {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 30000');
    const present = new Set(
      db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'executions_visibility'",
        )
        .all()
        .map((row) => row.name),
    );
    const unused = UNUSED_VISIBILITY_INDEXES.filter((name) => present.has(name));
    db.transaction(() => {
      for (const name of unused) db.exec(`DROP INDEX IF EXISTS ${name}`);
    })();
    return unused.length;
  } finally {
    db.close();
  }
}
