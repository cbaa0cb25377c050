/**
 * The record writer's rules as pure functions: how proposals (from links) and observations (of the target)
 * change a record's per-property state, what is left to write, and which links must hear of what.
 */
import { getPath } from '../dataflows/engine/paths';
import type { RecordSnapshot } from '../connectors/connector';
import { isOlderObservation, isWithinLastWrite, newRecordState } from '../model/record-state';
import type { PropertyMap, RecordEvent, RecordState, TargetRef } from '../model/sync-state';
import { editTime, isEmptyValue, mergeProposals, sameValue } from './property-merge';

type AttachEvent = Extract<RecordEvent, { kind: 'attach' }>;

/** What the record holds that the target does not: filled values that differ from what the target showed. */
export function wanted(state: RecordState): Record<string, unknown> {
  const desired: Record<string, unknown> = {};
  for (const [property, held] of Object.entries(state.props)) {
    if (!isEmptyValue(held.value) && !sameValue(held.value, state.targetSeen[property])) desired[property] = held.value;
  }
  return desired;
}

/** Adds changes for every link but the one that made them. */
export function fanOutTo(fanOut: Map<string, PropertyMap>, links: string[], changes: PropertyMap): void {
  for (const [property, change] of Object.entries(changes)) {
    for (const linkId of links) {
      if (change.origin === `source:${linkId}`) continue;
      const forLink = fanOut.get(linkId) ?? {};
      forLink[property] = change;
      fanOut.set(linkId, forLink);
    }
  }
}

/**
 * Takes a read of the target into the state: each property that differs from what was seen is a target edit
 * in `changes`. Returns why the record is gone, when the read says it was deleted.
 */
export function observe(state: RecordState, snapshot: RecordSnapshot, changes: PropertyMap): string | undefined {
  if (isOlderObservation(state, snapshot.version)) {
    if (isWithinLastWrite(state, snapshot.version)) observeReplacedEdits(state, snapshot, changes);
    return undefined;
  }
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

/**
 * A read taken between the read the last write was decided on and that write (a slow write, or one that waited
 * for the budget: Chargebee has no conditional update). A written property it shows with a value that is neither
 * what the write replaced nor what it wrote was edited in the target meanwhile, and the write replaced the edit:
 * it is a target edit at its own time, which wins if it is newer than the written value and is then written
 * again and fanned out. Otherwise it would be lost from both systems (docs/DECISIONS.md 138).
 */
function observeReplacedEdits(state: RecordState, snapshot: RecordSnapshot, changes: PropertyMap): void {
  if (snapshot.deleted) return;
  const write = state.lastWrite;
  if (write === undefined) return;
  for (const [property, replaced] of Object.entries(write.replaced)) {
    const value = getPath(snapshot.data, property);
    if (sameValue(value, replaced) || sameValue(value, write.wrote[property])) continue;
    changes[property] = { value, at: editTime(snapshot.changedAt), origin: 'target' };
  }
}

function applyAttach(state: RecordState, event: AttachEvent, accepted: PropertyMap, fanOut: Map<string, PropertyMap>) {
  state.links[event.linkId] = event.mappingId;
  state.createdByLinkflow ||= event.created;
  const snapshot = event.snapshot;
  // The merge's read of a record this writer already serves may show an edit made in the target since (a
  // rename in Chargebee while a second link was on its way): an edit like any observed one, at the target's
  // time, before the new link's proposals are weighed. Without this, the rename was overwritten.
  const editedMeanwhile: PropertyMap = {};
  observe(state, snapshot, editedMeanwhile);
  Object.assign(accepted, mergeProposals(state.props, editedMeanwhile).accepted);
  // What the target holds now, for every property this link brings, timed by the target's last change.
  const held: PropertyMap = {};
  for (const property of Object.keys(event.proposals)) {
    const value = getPath(snapshot.data, property);
    if (!(property in state.targetSeen)) state.targetSeen[property] = value;
    if (state.props[property] === undefined && !isEmptyValue(value)) {
      // What the create itself wrote is older than any source edit; a record read later may hold a person's
      // edit made since the create, which keeps its time (events of the first version lack createdNow and
      // are taken as before). In a record linkflow created whose create's answer was lost (an attempt killed
      // after it, retried with the same input), a value equal to what this link brings is that create's, from a
      // read older than any source edit still to come, not a person's edit (docs/RELIABILITY.md finding 9).
      const createdWithThis = event.createdNow ?? event.created;
      const fromCreate = createdWithThis || (event.created && sameValue(value, event.proposals[property]?.value));
      held[property] = { value, at: fromCreate ? 0 : snapshot.changedAt, origin: 'target' };
    }
  }
  mergeProposals(state.props, held);
  state.targetVersion = Math.max(state.targetVersion, snapshot.version);
  const outcome = mergeProposals(state.props, event.proposals);
  Object.assign(accepted, outcome.accepted);
  if (Object.keys(outcome.rejected).length > 0) fanOutTo(fanOut, [event.linkId], outcome.rejected);
}

export interface AppliedRecordEvents {
  /** A copy of the state with the events applied; the input is left as it was. */
  state: RecordState;
  /** Changes that won, to be fanned out to the links once written. */
  accepted: PropertyMap;
  /** Per link, the values it must take back to its source (its proposal lost). */
  fanOut: Map<string, PropertyMap>;
  deletedReason?: string;
}

export function applyRecordEvents(input: RecordState, events: readonly RecordEvent[]): AppliedRecordEvents {
  const state: RecordState = {
    ...input,
    queue: [],
    props: { ...input.props },
    targetSeen: { ...input.targetSeen },
    links: { ...input.links },
  };
  const fanOut = new Map<string, PropertyMap>();
  const accepted: PropertyMap = {};
  let deletedReason: string | undefined;
  if (state.status === 'parked') {
    state.status = 'active';
    state.parkedReason = undefined;
  }
  for (const event of events) {
    switch (event.kind) {
      case 'attach':
        applyAttach(state, event, accepted, fanOut);
        break;
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
        // An edit that lost (an empty value against a filled one) is written back by the writer.
        break;
      }
    }
  }
  return deletedReason === undefined ? { state, accepted, fanOut } : { state, accepted, fanOut, deletedReason };
}

/**
 * The state a new record writer can start with when its first event is an attach that needs no work: the
 * target already holds every value (the usual case for a record linkflow just created) and no link must take
 * a value back. The writer then starts with this state and runs no activity; otherwise (undefined) it starts
 * empty and handles the attach as any other event.
 */
export function startingRecordState(target: TargetRef, attach: AttachEvent): RecordState | undefined {
  const applied = applyRecordEvents(newRecordState(target), [attach]);
  fanOutTo(applied.fanOut, Object.keys(applied.state.links), applied.accepted);
  if (applied.fanOut.size > 0 || Object.keys(wanted(applied.state)).length > 0) return undefined;
  return applied.state;
}
