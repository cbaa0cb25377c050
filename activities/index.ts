/**
 * Every activity the worker registers, built around one sync context (dataflows, connectors, client).
 */
import { reportWorkerHealth } from './health';
import { createLinkActivities } from './link-activities';
import { createMergeActivities } from './merge-activities';
import { createPollActivities } from './poll-activities';
import { createRecordActivities } from './record-activities';
import type { SyncContext } from './sync-context';

/**
 * The activities by the task queue they run on (see workflows/activity-options.ts): the activities that wait
 * for other workflows are kept apart from the work they wait for.
 */
export function createActivities(context: SyncContext) {
  const { processLinkEvents, requestDependencies, ensureDependencies } = createLinkActivities(context);
  return {
    main: {
      reportWorkerHealth,
      processLinkEvents,
      requestDependencies,
      ...createRecordActivities(context),
      ...createPollActivities(context),
    },
    targets: createMergeActivities(context),
    dependencies: { ensureDependencies },
  };
}
