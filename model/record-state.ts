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
