import { EMBEDDED_SQLITE_PRAGMAS, loadConfig } from '../../config/config';

test("the embedded server's SQLite pragmas: the defaults, or the environment's list", () => {
  expect(loadConfig({}).temporal.sqlitePragmas).toEqual(EMBEDDED_SQLITE_PRAGMAS);
  expect(
    loadConfig({ LINKFLOW_TEMPORAL_SQLITE_PRAGMAS: ' journal_mode=wal, cache_size=-65536 ' }).temporal.sqlitePragmas,
  ).toEqual(['journal_mode=wal', 'cache_size=-65536']);
});

test('a pragma that is not name=value is refused, naming the variable', () => {
  expect(() => loadConfig({ LINKFLOW_TEMPORAL_SQLITE_PRAGMAS: 'journal_mode=wal;drop table x' })).toThrow(
    /LINKFLOW_TEMPORAL_SQLITE_PRAGMAS: each pragma is name=value/,
  );
});

test("the embedded server's dynamic configuration from the environment, each key=value", () => {
  expect(loadConfig({}).temporal.dynamicConfig).toEqual([]);
  expect(
    loadConfig({ LINKFLOW_TEMPORAL_DYNAMIC_CONFIG: 'history.eventsCacheMaxSizeBytes=67108864, a.b=true' }).temporal
      .dynamicConfig,
  ).toEqual(['history.eventsCacheMaxSizeBytes=67108864', 'a.b=true']);
  expect(() => loadConfig({ LINKFLOW_TEMPORAL_DYNAMIC_CONFIG: 'history.eventsCacheMaxSizeBytes' })).toThrow(
    /LINKFLOW_TEMPORAL_DYNAMIC_CONFIG: each setting is key=value/,
  );
});

test("the embedded server's visibility indexes: lean unless the environment says all", () => {
  expect(loadConfig({}).temporal.visibilityIndexes).toBe('lean');
  expect(loadConfig({ LINKFLOW_TEMPORAL_VISIBILITY_INDEXES: 'all' }).temporal.visibilityIndexes).toBe('all');
  expect(() => loadConfig({ LINKFLOW_TEMPORAL_VISIBILITY_INDEXES: 'none' })).toThrow(
    /LINKFLOW_TEMPORAL_VISIBILITY_INDEXES must be 'lean' or 'all'/,
  );
});
