/**
 * A Chargebee customer as a connector reports it, for activity and workflow tests: changed at its version (ms),
 * as Chargebee's `resource_version` is.
 */
import type { RecordSnapshot } from '../../connectors/connector';

export function customerSnapshot(id: string, version: number, data: Record<string, unknown> = { id }): RecordSnapshot {
  return { system: 'chargebee', type: 'customer', id, version, changedAt: version, deleted: false, data };
}
