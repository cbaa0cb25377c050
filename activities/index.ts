/**
 * Every activity the worker registers, built around one sync context (dataflows, connectors, client).
 */
import { reportWorkerHealth } from './health';
import { keepAlive, keepAliveStoppable } from './keep-alive';
import {
  inLiveLane,
  inlineOnly,
  priorityOfInlineResolveRequest,
  priorityOfLinkEvents,
  priorityOfResolveRequest,
} from './live-lane';
import { RecentHandOvers } from './recent-hand-overs';
import { RecentWrites, notingWrites } from './recent-writes';
import { createLinkActivities } from './link-activities';
import { createMergeActivities } from './merge-activities';
import { createPollActivities } from './poll-activities';
import { createRecordActivities } from './record-activities';
import { fanningOutItself } from './record-fan-out';
import type { SyncContext } from './sync-context';
import { messagingOf } from './workflow-messaging';
import { DEFAULT_TARGET_KEY_INDEX, declaredMergeKeys, TargetKeyIndexes } from './target-key-index';

/**
 * The activities by the task queue they run on (see workflows/activity-options.ts): the activities that wait
 * for other workflows are kept apart from the work they wait for.
 */
export function createActivities(shared: SyncContext) {
  // One set of listed-page indexes per worker process, shared by every activity that matches on keys.
  const recentWrites = shared.recentWrites ?? new RecentWrites();
  const connectors = Object.fromEntries(
    Object.entries(shared.connectors).map(([system, connector]) => [system, notingWrites(connector, recentWrites)]),
  );
  const context: SyncContext = {
    ...shared,
    connectors,
    recentWrites,
    recentHandOvers: shared.recentHandOvers ?? new RecentHandOvers(),
    targetKeyIndexes:
      shared.targetKeyIndexes ?? new TargetKeyIndexes(DEFAULT_TARGET_KEY_INDEX, declaredMergeKeys(shared.flows)),
  };
  const { processLinkEvents, requestDependencies, ensureDependencies, firstPassLeavesDormant, firstPassLinked } =
    createLinkActivities(context);
  const processRecordEvents = fanningOutItself(
    messagingOf(context),
    createRecordActivities(context).processRecordEvents,
  );
  const { findOrCreateTarget } = createMergeActivities(context);
  const pollActivities = createPollActivities(context, {
    leavesDormant: firstPassLeavesDormant,
    linked: firstPassLinked,
  });
  return {
    main: {
      reportWorkerHealth,
      processLinkEvents: keepAlive(processLinkEvents),
      requestDependencies: keepAlive(requestDependencies),
      // Backlog work a fresh change may stop while it waits for the budget (docs/DECISIONS.md 131).
      processRecordEvents: keepAliveStoppable(processRecordEvents),
      ...pollActivities,
      // Run inline by merge workflows (a local activity) while the target has no backlog; never waits long.
      findOrCreateTarget: inlineOnly(inLiveLane(findOrCreateTarget, priorityOfInlineResolveRequest)),
      // Run inline by record writers and links (a local activity) for a fresh edit made in the target; never
      // waits long.
      processRecordEventsInline: inlineOnly(inLiveLane(processRecordEvents)),
      processLinkEventsInline: inlineOnly(inLiveLane(processLinkEvents, priorityOfLinkEvents)),
    },
    targets: { findOrCreateTarget: keepAlive(findOrCreateTarget) },
    // The live lane (workflows/activity-options.ts): fresh changes, ahead of a first sync's backlog.
    live: {
      processLinkEvents: keepAlive(inLiveLane(processLinkEvents, priorityOfLinkEvents)),
      processRecordEvents: keepAlive(inLiveLane(processRecordEvents)),
      // Pollers read here, never behind a backlog; a poll is one request, so it may go ahead of it too.
      pollChanges: inLiveLane(pollActivities.pollChanges),
    },
    liveTargets: { findOrCreateTarget: keepAlive(inLiveLane(findOrCreateTarget, priorityOfResolveRequest)) },
    dependencies: { ensureDependencies },
  };
}
