/**
 * A link's state before it has processed anything. Free of zod, so that workflow code may use it (the workflow
 * bundle carries no zod: see worker/create-worker.ts).
 */
import type { LinkState, SourceRef } from './sync-state';

export function newLinkState(linkId: string, dataflow: string, source: SourceRef): LinkState {
  return {
    linkId,
    dataflow,
    source,
    status: 'pending',
    demanded: false,
    sourceVersion: 0,
    writtenSourceVersion: 0,
    sourceSeen: {},
    props: {},
    hashes: {},
    queue: [],
  };
}
