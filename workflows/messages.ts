/**
 * The message API of linkflow's workflows: what pollers, clients and other workflows may send them.
 * Signals deliver events (queued, never lost, no limit of 10 in flight); updates are for callers that need
 * an answer; queries read state.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RecordSnapshot } from '../connectors/connector';
import type { ResolveRequest, ResolveResult } from '../model/workflow-inputs';
import type {
  Delivery,
  DemandOptions,
  DependencyAnswer,
  LinkState,
  PollerState,
  PropertyMap,
  RecordEvent,
  RecordState,
  SourceProblem,
  TargetRef,
} from '../model/sync-state';

// Link workflows (one per source record).
/** The second argument (absent from pollers that predate it) says whether the change is fresh. */
export const sourceObservedSignal = defineSignal<[RecordSnapshot, Delivery?]>('sourceObserved');
export const targetChangedSignal = defineSignal<[PropertyMap, Delivery?]>('targetChanged');
export const targetDeletedSignal = defineSignal<[string]>('targetDeleted');
/** The poller could not read this source record (it fails its schema, say): park the link with the reason. */
export const sourceUnreadableSignal = defineSignal<[SourceProblem]>('sourceUnreadable');
/** Asks a link for its target (creating it on demand); it answers with `dependencyAnswered` to `by`. */
export const demandSignal = defineSignal<[{ by: string; key: string }]>('demand');
/**
 * The record the target made itself from the link's interim target (the order Chargebee created when the
 * invoice was paid), seen in the target's change feed.
 */
export const targetSettledSignal = defineSignal<[RecordSnapshot]>('targetSettled');
/** A dependency's answer to `demand`. */
export const dependencyAnsweredSignal = defineSignal<[DependencyAnswer]>('dependencyAnswered');
/** Makes sure the record exists in the target (creating it on demand) and answers with its target ref. */
export const ensureTargetUpdate = defineUpdate<TargetRef, [string, DemandOptions?]>('ensureTarget');
/** Re-reads the source record and syncs it again. */
export const resyncUpdate = defineUpdate<LinkState, []>('resync');
/** Clears a parked state and tries again. */
export const retryUpdate = defineUpdate<LinkState, []>('retry');
/** Forgets the target and links again from scratch (merge keys first, then create). */
export const relinkUpdate = defineUpdate<LinkState, []>('relink');
export const linkStateQuery = defineQuery<LinkState>('linkState');

// Record workflows (one per target record).
export const recordEventSignal = defineSignal<[RecordEvent]>('recordEvent');
export const recordStateQuery = defineQuery<RecordState>('recordState');

// Pollers (one per system and resource).
export const pollNowSignal = defineSignal('pollNow');
export const stopPollingSignal = defineSignal('stopPolling');
export const pollerStateQuery = defineQuery<PollerState>('pollerState');

// Merge workflows (one per merge key).
export const resolveTargetUpdate = defineUpdate<ResolveResult, [ResolveRequest]>('resolveTarget');
