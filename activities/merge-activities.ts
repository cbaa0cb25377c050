/**
 * Find-or-create of a target record, run inside the merge workflow of its key (so one at a time per key):
 * live records with the merge key first, then the id linkflow would have given it, then create with that id.
 * A retried create meets `duplicate_entry` and links instead of duplicating.
 */
import { nestValues } from '../dataflows/engine';
import { normaliseMergeKey } from '../dataflows/engine/merge-key';
import { getPath } from '../dataflows/engine/paths';
import { DuplicateError, ConnectorError } from '../connectors/errors';
import type { RecordSnapshot } from '../connectors/connector';
import type { ResolveRequest, ResolveResult } from '../model/workflow-inputs';
import { asActivityFailure, describeConnectorError } from './failures';
import { connectorFor, type SyncContext } from './sync-context';
import { TargetKeyIndexes } from './target-key-index';

/** Whether a remembered target still has the request's merge key (normalised as the key was). */
export function stillCarriesKey(request: ResolveRequest, record: RecordSnapshot): boolean {
  const mergeKey = request.mergeKey;
  if (!mergeKey) return true; // linked by the id linkflow gave it: nothing else to compare
  const raw = getPath(record.data, mergeKey.field);
  const value = mergeKey.normalise
    ? normaliseMergeKey(mergeKey.normalise, raw)
    : typeof raw === 'string'
      ? raw
      : undefined;
  return value !== undefined && value === mergeKey.value;
}

export function createMergeActivities(context: SyncContext) {
  const indexes = context.targetKeyIndexes ?? new TargetKeyIndexes();

  /** Live target records carrying one of the key's values: from the listed-pages index, or one query each. */
  async function liveMatches(request: ResolveRequest, values: string[]): Promise<RecordSnapshot[]> {
    const connector = connectorFor(context, request.target.system);
    const mergeKey = request.mergeKey;
    if (!mergeKey) return [];
    const byId = new Map<string, RecordSnapshot>();
    const candidates = mergeKey.normalise
      ? await indexes.candidates(
          connector,
          request.target.type,
          { field: mergeKey.field, normalise: mergeKey.normalise },
          values,
        )
      : undefined;
    if (candidates !== undefined) {
      // The index says who carried the key when it was read; each is read live before it is linked.
      for (const id of candidates) {
        const record = await connector.get(request.target.type, id);
        if (record && !record.deleted && stillCarriesKey(request, record)) byId.set(record.id, record);
      }
      return [...byId.values()];
    }
    for (const value of values) {
      for (const record of await connector.findByKey(request.target.type, { field: mergeKey.field, value })) {
        if (!record.deleted) byId.set(record.id, record);
      }
    }
    return [...byId.values()];
  }

  async function findOrCreate(request: ResolveRequest): Promise<ResolveResult> {
    const connector = connectorFor(context, request.target.system);
    const parentId = request.parentId;
    const underParent = parentId === undefined ? undefined : { parentId };
    const linked = (snapshot: RecordSnapshot, created: boolean, createdNow = false): ResolveResult => ({
      outcome: 'linked',
      target: {
        system: request.target.system,
        type: request.target.type,
        id: snapshot.id,
        ...(snapshot.parentId !== undefined ? { parentId: snapshot.parentId } : (underParent ?? {})),
      },
      created,
      createdNow,
      snapshot,
    });
    if (request.mergeKey) {
      const mergeKey = request.mergeKey;
      const values = [...new Set([mergeKey.value, ...(request.mergeKeyAlternatives ?? [])])];
      const matches = await liveMatches(request, values);
      const ours = matches.find((record) => record.id === request.preferredId);
      if (ours) return linked(ours, true);
      if (matches.length === 1 && matches[0]) return linked(matches[0], false);
      if (matches.length > 1) {
        return {
          outcome: 'ambiguous',
          reason: `${matches.length} ${request.target.system} ${request.target.type} records (${matches.map((m) => m.id).join(', ')}) have the same ${request.mergeKey.field}; link one by hand or make them differ`,
        };
      }
    }
    // What this key resolved to before (linkflow remembers every record it created or linked for a key), but
    // only while that record still carries the key: one whose e-mail was changed since belongs to someone else.
    for (const id of request.knownTargetIds ?? []) {
      const known = await connector.get(request.target.type, id, underParent);
      if (known && !known.deleted && stillCarriesKey(request, known)) return linked(known, id === request.preferredId);
    }
    // Create with the id derived from the source; if linkflow created it before (a retry, or a merge key
    // that changed since), the target answers duplicate_entry and the record is linked instead.
    try {
      const created = await connector.create(request.target.type, nestValues(request.createValues), {
        preferredId: request.preferredId,
        idempotencyKey: request.idempotencyKey,
        ...(underParent ?? {}),
      });
      indexes.note(request.target.system, created);
      return linked(created, true, true);
    } catch (error) {
      if (error instanceof DuplicateError) {
        const again = await connector.get(request.target.type, request.preferredId, underParent);
        if (again) return linked(again, true);
      }
      throw error;
    }
  }

  return {
    async findOrCreateTarget(request: ResolveRequest): Promise<ResolveResult> {
      try {
        return await findOrCreate(request);
      } catch (error) {
        // The target refused the record (bad data): answer with the reason so the link parks, not the merge.
        if (error instanceof ConnectorError && !error.retryable) {
          return { outcome: 'refused', reason: describeConnectorError(error) };
        }
        return asActivityFailure(error);
      }
    },
  };
}

export type MergeActivities = ReturnType<typeof createMergeActivities>;
