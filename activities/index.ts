/**
 * Every activity the worker registers, built around one sync context (dataflows, connectors, client).
 */
import { reportWorkerHealth } from './health';
import { createLinkActivities } from './link-activities';
import { createMergeActivities } from './merge-activities';
import { createPollActivities } from './poll-activities';
import { createRecordActivities } from './record-activities';
import type { SyncContext } from './sync-context';

export function createActivities(context: SyncContext) {
  return {
    reportWorkerHealth,
    ...createLinkActivities(context),
    ...createRecordActivities(context),
    ...createMergeActivities(context),
    ...createPollActivities(context),
  };
}
