/**
 * Change versions. Chargebee's `resource_version` is a millisecond timestamp that grows with every change;
 * `updated_at` is the same moment in whole seconds. The last version handed out is kept in the store, so
 * versions stay strictly increasing across restarts and across processes writing the same file (the seeder).
 */
import type { SandboxStore } from '../common/store';

const CLOCK_KEY = 'chargebee:last-version';

export function nextVersion(store: SandboxStore): number {
  return store.transaction(() => {
    const last = store.getValue<number>(CLOCK_KEY) ?? 0;
    const version = Math.max(Date.now(), last + 1);
    store.setValue(CLOCK_KEY, version);
    return version;
  });
}

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);
