/**
 * A record writer's state before anything happened to it. Free of zod, so that workflow code may use it
 * (the workflow bundle carries no zod: see worker/create-worker.ts).
 */
import type { RecordState, TargetRef } from './sync-state';

export function newRecordState(target: TargetRef): RecordState {
  return {
    target,
    status: 'active',
    links: {},
    createdByLinkflow: false,
    props: {},
    targetSeen: {},
    targetVersion: 0,
    writtenTargetVersion: 0,
    queue: [],
  };
}

/** Whether a read of the target at `version` is older than what the writer already knows (its own write or a later read). */
export function isOlderObservation(state: RecordState, version: number): boolean {
  return version <= Math.max(state.targetVersion, state.writtenTargetVersion);
}

/**
 * Whether a read of the target at `version` was taken after the read the last write was decided on and before
 * that write: it may show an edit the write replaced, which must be weighed, not dropped (docs/DECISIONS.md 138).
 */
export function isWithinLastWrite(state: RecordState, version: number): boolean {
  const write = state.lastWrite;
  return write !== undefined && version > write.readVersion && version < write.version;
}
