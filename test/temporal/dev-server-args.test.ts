/**
 * The embedded server's command line: the settings linkflow makes for it (docs/DECISIONS.md 75, 105, 135), and a
 * user's own, which come last so that they win.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { devServerArgs } from '../../temporal/dev-server';

function settingsOf(args: string[]): string[] {
  return args.flatMap((arg, index) => (arg === '--dynamic-config-value' ? [args[index + 1] ?? ''] : []));
}

describe('devServerArgs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-dev-server-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the search-attribute cache, which the CLI turns off (a read of the cluster metadata per use)', () => {
    const settings = settingsOf(devServerArgs(loadConfig({}), path.join(dir, 'linkflow.db')));
    expect(settings).toContain('system.forceSearchAttributesCacheRefreshOnRead=false');
  });

  it('gives a new database one task-queue partition and honours priority keys', () => {
    const settings = settingsOf(devServerArgs(loadConfig({}), path.join(dir, 'linkflow.db')));
    expect(settings).toEqual(
      expect.arrayContaining([
        'matching.numTaskqueueReadPartitions=1',
        'matching.numTaskqueueWritePartitions=1',
        'matching.useNewMatcher=true',
      ]),
    );
  });

  it("puts the user's settings, then the caller's, after linkflow's", () => {
    const config = loadConfig({
      LINKFLOW_TEMPORAL_DYNAMIC_CONFIG: 'system.forceSearchAttributesCacheRefreshOnRead=true',
    });
    const settings = settingsOf(devServerArgs(config, path.join(dir, 'linkflow.db'), ['history.cacheTTL=1h']));
    expect(settings.slice(-2)).toEqual(['system.forceSearchAttributesCacheRefreshOnRead=true', 'history.cacheTTL=1h']);
  });
});
