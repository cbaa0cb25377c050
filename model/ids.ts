/**
 * Workflow ids: deterministic, so that every poller, client and activity reaches the same workflow for the
 * same record, and free of personal data (merge keys are hashed), since ids are visible in plain text.
 */

import type { TargetRef } from './sync-state';

export type { SourceRef, TargetRef } from './sync-state';

/** One link per source record: `link/<dataflow>/<resource>/<Id>`. */
export function linkWorkflowId(prefix: string, dataflow: string, resource: string, sourceId: string): string {
  return `${prefix}link/${dataflow}/${resource}/${sourceId}`;
}

/** The single writer of one target record: `record/<system>/<type>/<id>`. */
export function recordWorkflowId(prefix: string, target: TargetRef): string {
  return `${prefix}record/${target.system}/${target.type}/${target.id}`;
}

/** Serialises link-first matching per merge key: `merge/<system>/<type>/<sha256 of the normalised key>`. */
export function mergeWorkflowId(prefix: string, system: string, type: string, keyHash: string): string {
  return `${prefix}merge/${system}/${type}/${keyHash}`;
}

/** One long-lived change poller per (system, resource). */
export function pollerWorkflowId(prefix: string, system: string, resource: string): string {
  return `${prefix}poller/${system}/${resource}`;
}
