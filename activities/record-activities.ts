/**
 * The record writer's work: apply a batch of proposals (from links) and observations (of the target) to the
 * record's per-property state, write what changed in one update, and say which links must hear of which
 * changes. The target's field space is the record's own: reading a value is reading its path.
 */
import { nestValues } from '../dataflows/engine';
import { getPath } from '../dataflows/engine/paths';
import { ConnectorError, NotFoundError } from '../connectors/errors';
import type { PropertyMap, RecordEvent, RecordState } from '../model/sync-state';
import { asActivityFailure, describeConnectorError } from './failures';
import { mergeProposals, sameValue } from './property-merge';
import { applyRecordEvents, fanOutTo, observe, wanted } from './record-state';
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

export function createRecordActivities(context: SyncContext) {
  async function process(input: ProcessRecordEventsInput): Promise<ProcessRecordEventsResult> {
    const applied = applyRecordEvents(input.state, input.events);
    const { state, fanOut, accepted } = applied;
    if (applied.deletedReason) {
      state.status = 'target-deleted';
      return { state, fanOut: [], deletedReason: applied.deletedReason };
    }

    // Write what the target does not hold yet, in one update; nothing at all when it already holds it.
    let desired = wanted(state);
    // An attach carries the target as the merge workflow just read it: no second read for that.
    const justRead = input.events.every((event) => event.kind === 'attach');
    const connector = connectorFor(context, state.target.system);
    const parentId = state.target.parentId;
    const underParent = parentId === undefined ? undefined : { parentId };
    // The read the write is decided on, handed to the connector, which checks it again if the write's turn comes
    // late (docs/DECISIONS.md 132).
    let read: { previous: Record<string, unknown>; readAt: number } | undefined;
    if (Object.keys(desired).length > 0 && !justRead) {
      // Read before write: the target has no conditional write, and an edit made there since the last poll
      // may be newer than what we are about to write. Taken as an observation, the newer edit wins per
      // property, and only what is still ours to write is written.
      const current = await connector.get(state.target.type, state.target.id, underParent);
      if (current === null || current.deleted) {
        state.status = 'target-deleted';
        return {
          state,
          fanOut: [],
          deletedReason: `${state.target.system} ${state.target.type} ${state.target.id} was deleted`,
        };
      }
      read = { previous: current.data, readAt: Date.now() };
      const edits: PropertyMap = {};
      observe(state, current, edits);
      Object.assign(accepted, mergeProposals(state.props, edits).accepted);
      desired = wanted(state);
    }
    if (Object.keys(desired).length > 0) {
      const readVersion = state.targetVersion;
      const replaced = Object.fromEntries(
        Object.keys(desired).map((property) => [property, state.targetSeen[property]]),
      );
      const updated = await connector.update(state.target.type, state.target.id, nestValues(desired), {
        ...underParent,
        ...read,
      });
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
      const wrote = Object.fromEntries(
        Object.keys(replaced).map((property) => [property, getPath(updated.data, property)]),
      );
      state.lastWrite = { readVersion, version: updated.version, replaced, wrote };
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

/** The same work run inline by the record writer (a local activity): a fresh batch of observations only. */
export interface InlineRecordActivities {
  processRecordEventsInline: RecordActivities['processRecordEvents'];
}
