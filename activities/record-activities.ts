/**
 * The record writer's work: apply a batch of proposals (from links) and observations (of the target) to the
 * record's per-property state, write what changed in one update, and say which links must hear of which
 * changes. The target's field space is the record's own: reading a value is reading its path.
 */
import { nestValues } from '../dataflows/engine';
import { getPath } from '../dataflows/engine/paths';
import { ConnectorError, NotFoundError } from '../connectors/errors';
import type { RecordSnapshot } from '../connectors/connector';
import type { PropertyMap, RecordEvent, RecordState } from '../model/sync-state';
import { asActivityFailure, describeConnectorError } from './failures';
import { editTime, isEmptyValue, mergeProposals, sameValue } from './property-merge';
import { connectorFor, type SyncContext } from './sync-context';

export interface ProcessRecordEventsInput {
  state: RecordState;
  events: RecordEvent[];
}

export interface ProcessRecordEventsResult {
  state: RecordState;
  fanOut: { linkId: string; changes: PropertyMap }[];
  deletedReason?: string;
}

/** What the record holds that the target does not: filled values that differ from what the target showed. */
function wanted(state: RecordState): Record<string, unknown> {
  const desired: Record<string, unknown> = {};
  for (const [property, held] of Object.entries(state.props)) {
    if (!isEmptyValue(held.value) && !sameValue(held.value, state.targetSeen[property])) desired[property] = held.value;
  }
  return desired;
}

/** Adds changes for every link but the one that made them. */
function fanOutTo(fanOut: Map<string, PropertyMap>, links: string[], changes: PropertyMap): void {
  for (const [property, change] of Object.entries(changes)) {
    for (const linkId of links) {
      if (change.origin === `source:${linkId}`) continue;
      const forLink = fanOut.get(linkId) ?? {};
      forLink[property] = change;
      fanOut.set(linkId, forLink);
    }
  }
}

export function createRecordActivities(context: SyncContext) {
  function observe(state: RecordState, snapshot: RecordSnapshot, changes: PropertyMap): string | undefined {
    if (snapshot.version <= Math.max(state.targetVersion, state.writtenTargetVersion)) return undefined;
    state.targetVersion = snapshot.version;
    if (snapshot.deleted) return `${state.target.system} ${state.target.type} ${state.target.id} was deleted`;
    for (const property of Object.keys(state.props)) {
      const value = getPath(snapshot.data, property);
      if (sameValue(value, state.targetSeen[property])) continue;
      state.targetSeen[property] = value;
      // A genuine edit in the target, at the time the target says it was made (never later than now).
      changes[property] = { value, at: editTime(snapshot.changedAt), origin: 'target' };
    }
    return undefined;
  }

  async function process(input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> {
    const state: RecordState = {
      ...input.state,
      queue: [],
      props: { ...input.state.props },
      targetSeen: { ...input.state.targetSeen },
      links: { ...input.state.links },
    };
    const fanOut = new Map<string, PropertyMap>();
    const accepted: PropertyMap = {};
    let deletedReason: string | undefined;
    if (state.status === 'parked') {
      state.status = 'active';
      state.parkedReason = undefined;
    }

    for (const event of input.events) {
      switch (event.kind) {
        case 'attach': {
          state.links[event.linkId] = event.mappingId;
          state.createdByLinkflow ||= event.created;
          const snapshot = event.snapshot;
          // What the target holds now, for every property this link brings, timed by the target's last change.
          const held: PropertyMap = {};
          for (const property of Object.keys(event.proposals)) {
            const value = getPath(snapshot.data, property);
            if (!(property in state.targetSeen)) state.targetSeen[property] = value;
            if (state.props[property] === undefined && !isEmptyValue(value)) {
              // What the create itself wrote is older than any source edit; a record read later may hold a
              // person's edit made since the create, which keeps its time (events of the first version lack
              // createdNow and are taken as before).
              const createdWithThis = event.createdNow ?? event.created;
              held[property] = { value, at: createdWithThis ? 0 : snapshot.changedAt, origin: 'target' };
            }
          }
          mergeProposals(state.props, held);
          state.targetVersion = Math.max(state.targetVersion, snapshot.version);
          const outcome = mergeProposals(state.props, event.proposals);
          Object.assign(accepted, outcome.accepted);
          if (Object.keys(outcome.rejected).length > 0) fanOutTo(fanOut, [event.linkId], outcome.rejected);
          break;
        }
        case 'propose': {
          const outcome = mergeProposals(state.props, event.proposals);
          Object.assign(accepted, outcome.accepted);
          // A proposal that lost to a newer value: its link must take the winning value back to its source.
          if (Object.keys(outcome.rejected).length > 0) {
            const forLink = fanOut.get(event.linkId) ?? {};
            fanOut.set(event.linkId, { ...forLink, ...outcome.rejected });
          }
          break;
        }
        case 'detach':
          delete state.links[event.linkId];
          break;
        case 'observed': {
          const edits: PropertyMap = {};
          deletedReason = observe(state, event.snapshot, edits) ?? deletedReason;
          Object.assign(accepted, mergeProposals(state.props, edits).accepted);
          // An edit that lost (an empty value against a filled one) is written back below.
          break;
        }
      }
    }
    if (deletedReason) {
      state.status = 'target-deleted';
      return { state, fanOut: [], deletedReason };
    }

    // Write what the target does not hold yet, in one update; nothing at all when it already holds it.
    let desired = wanted(state);
    // An attach carries the target as the merge workflow just read it: no second read for that.
    const justRead = input.events.every((event) => event.kind === 'attach');
    const connector = connectorFor(context, state.target.system);
    if (Object.keys(desired).length > 0 && !justRead) {
      // Read before write: the target has no conditional write, and an edit made there since the last poll
      // may be newer than what we are about to write. Taken as an observation, the newer edit wins per
      // property, and only what is still ours to write is written.
      const current = await connector.get(state.target.type, state.target.id);
      if (current === null || current.deleted) {
        state.status = 'target-deleted';
        return {
          state,
          fanOut: [],
          deletedReason: `${state.target.system} ${state.target.type} ${state.target.id} was deleted`,
        };
      }
      const edits: PropertyMap = {};
      observe(state, current, edits);
      Object.assign(accepted, mergeProposals(state.props, edits).accepted);
      desired = wanted(state);
    }
    if (Object.keys(desired).length > 0) {
      const updated = await connector.update(state.target.type, state.target.id, nestValues(desired));
      // The answer may carry edits someone made in the target since we last saw it (their own poll would now
      // be dropped as older than our write): take them as target edits, timed no later than our write.
      const editedMeanwhile: PropertyMap = {};
      for (const property of Object.keys(state.props)) {
        const value = getPath(updated.data, property);
        if (!(property in desired) && !sameValue(value, state.targetSeen[property])) {
          editedMeanwhile[property] = { value, at: updated.changedAt, origin: 'target' };
        }
        state.targetSeen[property] = value;
      }
      Object.assign(accepted, mergeProposals(state.props, editedMeanwhile).accepted);
      state.writtenTargetVersion = updated.version;
      state.targetVersion = Math.max(state.targetVersion, updated.version);
    }
    fanOutTo(fanOut, Object.keys(state.links), accepted);
    return { state, fanOut: [...fanOut.entries()].map(([linkId, changes]) => ({ linkId, changes })) };
  }

  return {
    async processRecordEvents(input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> {
      try {
        return await process(input);
      } catch (error) {
        if (error instanceof NotFoundError) {
          const reason = describeConnectorError(error);
          return { state: { ...input.state, queue: [], status: 'target-deleted' }, fanOut: [], deletedReason: reason };
        }
        if (error instanceof ConnectorError && !error.retryable) {
          return {
            state: { ...input.state, queue: [], status: 'parked', parkedReason: describeConnectorError(error) },
            fanOut: [],
          };
        }
        return asActivityFailure(error);
      }
    },
  };
}

export type RecordActivities = ReturnType<typeof createRecordActivities>;
