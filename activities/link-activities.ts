/**
 * The link's work, one activity call per batch of events: read (or take) the source record, map it, link
 * or create its target, hand property changes to the target's record writer, and write target-side edits
 * back to the source. Idempotent: every write is find-before-create with a derived id or a no-op when the
 * value is already there, so a retried attempt changes nothing twice.
 */
import { createHash } from 'node:crypto';
import { Context, log } from '@temporalio/activity';
import { withRequestPriority } from '../connectors/common/request-priority';
import type { RecordSnapshot } from '../connectors/connector';
import { ConnectorError, NotFoundError, TransientError } from '../connectors/errors';
import {
  changedAfterWriteReason,
  documentContent,
  isDocumentReady,
  mappedDocumentLines,
  mappingsForSourceRecord,
  nestValues,
  parentProblem,
  parentRefOf,
  referencesOf,
  resolveMergeKey,
  sourceDisplayName,
  targetIdFor,
  toSource,
  toTarget,
  type Mapping,
} from '../dataflows/engine';
import { getPath } from '../dataflows/engine/paths';
import { recordLabel } from '../dataflows/engine/record-label';
import { linkWorkflowId } from '../model/ids';
import { newLinkState } from '../model/link-state';
import type { LinkEvent, LinkState, PropertyMap, SourceRef, TargetRef } from '../model/sync-state';
import type { DependencyRequest, ResolveResult } from '../model/workflow-inputs';
import { asActivityFailure, describeConnectorError } from './failures';
import { heartbeatIfQueued } from './keep-alive';
import { changedKeys, editTime, mergeProposals, provenanced } from './property-merge';
import { connectorFor, flowById, type SyncContext } from './sync-context';
import { TargetKeyIndexes } from './target-key-index';
import { budgetWaitOf, InlineAdmissions, REQUESTS_PER_INLINE_MERGE } from './live-lane';
import { BudgetBusyError } from '../connectors/common/token-bucket';
import { withKnownDependencies, type DependencyEnsurer, type LinkedTargetLookup } from './known-dependencies';
import {
  demandLinkTarget,
  ensureLinkTarget,
  linkedTargetOf,
  mergeKeyHash,
  resolveThroughMergeKey,
  sendRecordEvent,
  messagingOf,
} from './workflow-messaging';

export interface ProcessLinkEventsInput {
  state: LinkState;
  events: LinkEvent[];
  /** Targets of the records this one depends on, by `<resource>/<id>` (after ensureDependencies). */
  resolvedRefs: Record<string, TargetRef>;
  dependencyProblem?: string;
  /**
   * A poller's first pass (docs/DECISIONS.md 145), which must not wait: the target is resolved inline or not at
   * all (a failure the record's link then meets as its own).
   */
  inlineOnly?: boolean;
}

export interface ProcessLinkEventsResult {
  state: LinkState;
  /** Records that must have a target before this one can be written (the workflow waits for them). */
  dependencies: DependencyRequest[];
  /** Come back after this long with `wakeEvent` (orders settling, open orders swept). */
  wakeAfterMs?: number;
  wakeEvent?: LinkEvent;
}

const refKey = (resource: string, id: string): string => `${resource}/${id}`;

/**
 * How long an order's read stays good for the pass after its dependencies answered. A line edited during the
 * wait is not lost: its header change brings the order back, and an invoiced order that changed parks.
 */
const ORDER_READ_REUSE_MS = 120_000;

/** The activity's attempt number (1 outside an activity, where nothing retries). */
function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * Whether a target record for this link may already exist although the link has none: an earlier attempt
 * may have created it before failing (a retry of the activity, a batch held after an outage, a parked link
 * tried again) or an earlier target was dropped (relink). Only then is a find-before-create worth a request.
 */
export function targetMayExist(input: ProcessLinkEventsInput, attempt: number): boolean {
  return (
    attempt > 1 ||
    input.state.retrying !== undefined ||
    input.state.hashes.targetWritten !== undefined ||
    input.events.some((event) => event.kind === 'retry' || event.kind === 'relink')
  );
}
const hashOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/**
 * A parked link does not drop the edits its record writer fans out to it: they are held in its state and
 * written back to the source once the link runs again (a fix of the source, or `link retry`). Without this,
 * an edit made in the target while the link was parked for another reason was lost.
 */
export function keepUnwrittenTargetChanges(
  input: ProcessLinkEventsInput,
  result: ProcessLinkEventsResult,
): ProcessLinkEventsResult {
  if (result.state.status !== 'parked') return { ...result, state: { ...result.state, heldTargetChanges: undefined } };
  const held: PropertyMap = { ...(input.state.heldTargetChanges ?? {}) };
  for (const event of input.events) if (event.kind === 'targetChanged') mergeProposals(held, event.changes);
  const keep = Object.keys(held).length > 0 ? held : undefined;
  return { ...result, state: { ...result.state, heldTargetChanges: keep } };
}

/**
 * How long an order's activity waits for a dependency asked by update before the workflow demands it by signal.
 * Long enough for a burst of organisations created on demand at a test site's 150 requests/min (the quick
 * benchmark's first orders ask about a hundred at once; at 20 s most of them timed out and took both routes).
 */
export const ENSURE_WAIT_MS = 120_000;

/**
 * How long a poll activity waits for a new record's first pass (docs/DECISIONS.md 145, 151). A pass at a budget
 * that serves at once takes well under a second at a quiet worker, and seconds under a sustained load; a failing
 * target answers within its inline attempt's 20 s (the merge answers an inline-only request at once when that
 * fails). One still running after this is waiting for a target that hangs.
 */
export const FIRST_PASS_WAIT_MS = 30_000;

/** After a first pass failed or took too long, the poller leaves new records to their links this long. */
export const FIRST_PASS_HOLD_MS = 30_000;

export function createLinkActivities(context: SyncContext) {
  const indexes = context.targetKeyIndexes ?? new TargetKeyIndexes();
  const inlineAdmissions = new InlineAdmissions();
  const firstPassAdmissions = new InlineAdmissions();
  /** Per target system: a first pass failed or took too long, so none is made until then (the target may be down). */
  const firstPassesHeldUntil = new Map<string, number>();
  const messaging = messagingOf(context);

  const park = (state: LinkState, reason: string): ProcessLinkEventsResult => ({
    state: { ...state, status: 'parked', parkedReason: reason },
    dependencies: [],
  });

  /**
   * A dependency's target from its link's search attributes; none for a target that lives under a parent (the
   * attributes do not carry the parent), which is then demanded as before.
   */
  const nestedDependency = (dependency: DependencyRequest): boolean =>
    flowById(context, dependency.dataflow).mappings.some(
      (mapping) =>
        mapping.source.system === dependency.source.system &&
        mapping.source.resource === dependency.source.resource &&
        mapping.target.parent !== undefined,
    );
  const linkedTarget: LinkedTargetLookup = async (dependency) =>
    nestedDependency(dependency) ? undefined : linkedTargetOf(messaging, dependency.dataflow, dependency.source);

  /**
   * Asks a dependency's link for its target by update and waits at most ENSURE_WAIT_MS (docs/DECISIONS.md 95).
   * Any failure (the dependency has no target and says why, too many updates in flight) leaves it to the
   * workflow's demand by signal, which carries the reason back.
   */
  const ensuredTarget =
    (requestedBy: string): DependencyEnsurer =>
    async (dependency) => {
      if (nestedDependency(dependency)) return undefined;
      const asked = ensureLinkTarget(messaging, dependency.dataflow, dependency.source, requestedBy).catch(
        () => undefined,
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ENSURE_WAIT_MS);
      });
      try {
        return await Promise.race([asked, late]);
      } finally {
        clearTimeout(timer);
      }
    };

  async function readSource(state: LinkState): Promise<RecordSnapshot | null> {
    const { system, resource, id, parentId } = state.source;
    return connectorFor(context, system).get(resource, id, parentId === undefined ? undefined : { parentId });
  }

  /** Links the source record to its target: merge key first (serialised per key), then the derived id. */
  async function resolveTarget(
    state: LinkState,
    mapping: Mapping,
    snapshot: RecordSnapshot,
    values: Record<string, unknown>,
    parentId: string | undefined,
    inlineOnly: boolean,
  ): Promise<
    { target: TargetRef; created: boolean; createdNow: boolean; snapshot: RecordSnapshot } | { problem: string }
  > {
    const keyOutcome = resolveMergeKey(mapping, snapshot.data);
    if (keyOutcome.kind === 'park') return { problem: keyOutcome.reason };
    const preferredId = targetIdFor(mapping, state.source.id);
    const target = { system: mapping.target.system, type: mapping.target.resource };
    const request = {
      linkId: state.linkId,
      mappingId: mapping.id,
      target,
      preferredId,
      createValues: values,
      ...(parentId === undefined ? {} : { parentId }),
      // The key names the request, values included: a retry of the same create is recognised, while a create
      // retried after the source changed is a new request (the target then answers duplicate_entry on the
      // derived id, and the record is linked), where one key for both would be refused as reused.
      idempotencyKey: `${state.linkId}/create/${hashOf(values)}`.slice(-100),
    };
    const mergeKey = keyOutcome.kind === 'key' ? keyOutcome.key : undefined;
    if (mergeKey?.uniqueInSource) {
      // Products link by name only when the name is unique in PowerOffice (from listed pages once look-ups
      // come often: a first sync of 500 products then costs a few list requests, not 500 queries).
      const sourceConnector = connectorFor(context, state.source.system);
      const spelledName = String(snapshot.data[mergeKey.sourceField] ?? mergeKey.value);
      const indexed = await indexes.candidates(
        sourceConnector,
        state.source.resource,
        { field: mergeKey.sourceField, normalise: mergeKey.normalise },
        [spelledName],
      );
      // The index answers by the name's hash: more than one candidate is confirmed by the name itself (a query).
      const sameName =
        indexed !== undefined && indexed.length <= 1
          ? indexed
          : (
              await sourceConnector.findByKey(state.source.resource, {
                field: mergeKey.sourceField,
                value: spelledName,
              })
            ).map((record) => record.id);
      if (sameName.length > 1) {
        return {
          problem: `${recordLabel(mapping.source.type, snapshot.data)}: ${sameName.length} ${state.source.resource} share its ${mergeKey.sourceField} (ids ${sameName.join(', ')}), so it cannot be linked by ${mergeKey.field}; give it a unique name`,
        };
      }
    }
    // The source's own spelling too (Kari.Nordmann@Firma.no): the target's filter may compare exactly.
    const spelled = mergeKey ? String(getPath(snapshot.data, mergeKey.sourceField) ?? '').trim() : '';
    const alternatives = mergeKey && spelled !== '' && spelled !== mergeKey.value ? [spelled] : [];
    // The target's budget would serve find-or-create at once: the merge may run it inline.
    const releaseInline = inlineAdmissions.admit(target.system, budgetWaitOf(connectorFor(context, target.system)));
    if (inlineOnly && releaseInline === undefined) {
      throw new BudgetBusyError(budgetWaitOf(connectorFor(context, target.system))(REQUESTS_PER_INLINE_MERGE));
    }
    const inline = releaseInline ? { inline: true, ...(inlineOnly ? { inlineOnly: true } : {}) } : {};
    let result: ResolveResult;
    try {
      result = mergeKey
        ? await resolveThroughMergeKey(messaging, mergeKeyHash(mergeKey.field, mergeKey.value), {
            ...request,
            ...inline,
            mergeKey: { field: mergeKey.field, value: mergeKey.value, normalise: mergeKey.normalise },
            mergeKeyAlternatives: alternatives,
          })
        : await resolveThroughMergeKey(messaging, mergeKeyHash('id', preferredId), { ...request, ...inline });
    } finally {
      releaseInline?.();
    }
    if (result.outcome === 'unavailable') {
      // The target could not be reached to match or create: the link holds its events and tries again.
      throw new TransientError(result.reason, { system: mapping.target.system, record: state.linkId });
    }
    if (result.outcome !== 'linked') return { problem: result.reason };
    return {
      target: result.target,
      created: result.created,
      createdNow: result.createdNow ?? false,
      snapshot: result.snapshot as RecordSnapshot,
    };
  }

  /** A customer, employee, contact person or product: two-way, through the target's record writer. */
  async function syncEntity(
    input: ProcessLinkEventsInput,
    state: LinkState,
    mapping: Mapping,
    snapshot: RecordSnapshot,
    targetChanges: PropertyMap,
  ): Promise<ProcessLinkEventsResult> {
    const mapped = toTarget(mapping, snapshot.data, () => undefined);
    if (mapped.problems.length > 0) return park(state, mapped.problems.map((p) => p.message).join('; '));
    const values = mapped.values;
    const origin = `source:${state.linkId}`;

    // Source edits: what differs from what this link last saw of the source (our own writes excluded). Diffed
    // whatever brought us here: a write-back reads the source fresh, and an edit made there since the last
    // observation would otherwise be taken as seen, and its own observation later dropped as our echo.
    const sourceEdits: PropertyMap = {};
    const at = editTime(snapshot.changedAt);
    for (const key of changedKeys(values, state.sourceSeen)) sourceEdits[key] = { value: values[key], at, origin };
    const props = { ...state.props };
    const fromSource = mergeProposals(props, sourceEdits).accepted;
    let next: LinkState = { ...state, props, sourceSeen: values, mappingId: mapping.id };

    if (!next.target) {
      if (mapping.creation === 'on-demand' && !next.demanded) {
        return {
          state: { ...next, status: 'dormant', parkedReason: undefined, lastSnapshot: snapshot },
          dependencies: [],
        };
      }
      // A target that lives under a parent (a contact person under its customer) waits for that parent's link.
      const withoutParent = parentProblem(mapping, snapshot.data);
      if (withoutParent !== undefined) return park(next, withoutParent);
      const parentRef = parentRefOf(mapping, snapshot.data);
      let parentId: string | undefined;
      if (parentRef !== undefined) {
        const label = recordLabel(mapping.source.type, snapshot.data);
        if (input.dependencyProblem) return park(next, `${label}: ${input.dependencyProblem}`);
        const key = refKey(parentRef.resource, parentRef.id);
        const parent = input.resolvedRefs[key];
        if (parent === undefined) {
          const source = { system: mapping.source.system, resource: parentRef.resource, id: parentRef.id };
          return {
            state: { ...next, status: 'waiting', lastSnapshot: snapshot },
            dependencies: [{ key, dataflow: state.dataflow, source, field: parentRef.field }],
          };
        }
        parentId = parent.id;
      }
      const resolved = await resolveTarget(next, mapping, snapshot, values, parentId, input.inlineOnly === true);
      if ('problem' in resolved) return park(next, resolved.problem);
      next = { ...next, target: resolved.target, status: 'linked', parkedReason: undefined };
      // Every linked property, with its time, goes to the writer; it decides what is newer than the target.
      const proposals =
        Object.keys(next.props).length > 0 ? next.props : provenanced(values, snapshot.changedAt, origin);
      await sendRecordEvent(messaging, resolved.target, {
        kind: 'attach',
        linkId: state.linkId,
        mappingId: mapping.id,
        proposals,
        snapshot: resolved.snapshot,
        created: resolved.created,
        createdNow: resolved.createdNow,
      });
      next.props = { ...proposals };
    } else if (Object.keys(fromSource).length > 0) {
      await sendRecordEvent(messaging, next.target, { kind: 'propose', linkId: state.linkId, proposals: fromSource });
    }

    // Target-side edits (fanned out by the record writer): write back the two-way pairs that are newer.
    const fromTarget = mergeProposals(next.props, targetChanges).accepted;
    if (Object.keys(fromTarget).length > 0) {
      const wanted = Object.fromEntries(Object.entries(fromTarget).map(([key, pv]) => [key, pv.value]));
      const sourceValues = toSource(mapping, nestValues(wanted), snapshot.data);
      if (Object.keys(sourceValues).length > 0) {
        const { system, resource, id, parentId } = state.source;
        const updated = await connectorFor(context, system).update(resource, id, sourceValues, {
          previous: snapshot.data,
          ...(parentId === undefined ? {} : { parentId }),
        });
        const seen = toTarget(mapping, updated.data, () => undefined).values;
        // A source edit made between our read and our write comes back in the answer; its own observation
        // will be dropped as our echo (its version is older than our write), so propose it now.
        const concurrent: PropertyMap = {};
        for (const key of changedKeys(seen, values)) {
          if (!(key in fromTarget)) concurrent[key] = { value: seen[key], at: updated.changedAt, origin };
        }
        const concurrentAccepted = mergeProposals(next.props, concurrent).accepted;
        if (Object.keys(concurrentAccepted).length > 0 && next.target) {
          await sendRecordEvent(messaging, next.target, {
            kind: 'propose',
            linkId: state.linkId,
            proposals: concurrentAccepted,
          });
        }
        next = {
          ...next,
          sourceSeen: seen,
          sourceVersion: Math.max(next.sourceVersion, updated.version),
          writtenSourceVersion: updated.version,
          hashes: { ...next.hashes, sourceWritten: hashOf(sourceValues) },
        };
      }
    }
    return { state: { ...next, status: next.status === 'parked' ? 'parked' : 'linked' }, dependencies: [] };
  }

  /**
   * A document with its lines (a sales order): one-way, written once when ready and settled, after the records
   * it refers to exist. The dataflow file's `document` declaration says when it is ready.
   */
  async function syncDocument(
    input: ProcessLinkEventsInput,
    state: LinkState,
    mapping: Mapping,
    snapshot: RecordSnapshot,
    settledVersion: number | undefined,
  ): Promise<ProcessLinkEventsResult> {
    const lookAgain = { wakeAfterMs: context.timing.openOrderSweepMs, wakeEvent: { kind: 'resync' } as LinkEvent };
    const contentHash = hashOf(documentContent(mapping, snapshot.data));
    if (state.target) {
      if (state.target.type === mapping.target.settlesFrom?.resource) {
        // The target makes the final record itself later (Chargebee: the order, when the invoice is paid). The
        // poller of its change feed hands it over (`targetSettled`); nothing is swept per open order.
        return { state: { ...state, status: 'linked' }, dependencies: [] };
      }
      if (
        state.hashes.targetWritten !== undefined &&
        state.hashes.sourceRead !== contentHash &&
        state.hashes.sourceRead !== undefined
      ) {
        return park(
          { ...state, hashes: { ...state.hashes, sourceRead: contentHash } },
          changedAfterWriteReason(mapping, recordLabel(mapping.source.type, snapshot.data), state.target),
        );
      }
      return {
        state: { ...state, status: 'linked', hashes: { ...state.hashes, sourceRead: contentHash } },
        dependencies: [],
      };
    }
    const label = recordLabel(mapping.source.type, snapshot.data);
    const base: LinkState = {
      ...state,
      mappingId: mapping.id,
      lastSnapshot: snapshot,
      hashes: { ...state.hashes, sourceRead: contentHash },
    };
    if (!isDocumentReady(mapping, snapshot.data)) {
      // A draft is watched, not written: it waits, dormant, until it is ready. No sweep: making it ready
      // changes its header, which the poller reports (one list request for every document).
      return { state: { ...base, status: 'dormant', parkedReason: undefined }, dependencies: [] };
    }
    if (settledVersion !== snapshot.version) {
      // Orders are often built line by line: wait one quiet interval after the last header change.
      return {
        state: { ...base, status: 'pending', parkedReason: undefined },
        dependencies: [],
        wakeAfterMs: context.timing.orderSettleMs,
        wakeEvent: { kind: 'settled', version: snapshot.version },
      };
    }
    if (input.dependencyProblem) return park(base, `${label}: ${input.dependencyProblem}`);
    const refs = referencesOf(mapping, snapshot.data);
    const missing = refs.filter((ref) => input.resolvedRefs[refKey(ref.resource, ref.id)] === undefined);
    if (missing.length > 0) {
      const unique = new Map(missing.map((ref) => [refKey(ref.resource, ref.id), ref]));
      return {
        state: { ...base, status: 'waiting' },
        dependencies: [...unique.entries()].map(([key, ref]) => ({
          key,
          dataflow: state.dataflow,
          source: { system: mapping.source.system, resource: ref.resource, id: ref.id },
          field: ref.field,
        })),
      };
    }
    const mapped = toTarget(mapping, snapshot.data, (ref) => input.resolvedRefs[refKey(ref.resource, ref.id)]?.id);
    if (mapped.problems.length > 0) return park(base, mapped.problems.map((p) => p.message).join('; '));
    if (mapped.missingRefs.length > 0) {
      return park(
        base,
        `${label}: ${mapped.missingRefs.map((ref) => `${ref.field} ${ref.resource} ${ref.id}`).join(', ')} has no linked target`,
      );
    }
    if (mappedDocumentLines(mapping, mapped.values).length === 0) {
      return {
        state: { ...base, status: 'pending', parkedReason: `${label} has no line to write yet` },
        dependencies: [],
        ...lookAgain,
      };
    }
    const connector = connectorFor(context, mapping.target.system);
    const created = await connector.create(mapping.target.resource, mapped.values, {
      preferredId: targetIdFor(mapping, state.source.id),
      // The key's middle segment is the one the first releases used: a create retried across an upgrade keeps it.
      idempotencyKey: `${state.linkId}/invoice/${hashOf(mapped.values)}`.slice(-100),
      mayExist: targetMayExist(input, activityAttempt()),
    });
    const target: TargetRef = { system: mapping.target.system, type: created.type, id: created.id };
    const next: LinkState = {
      ...base,
      target,
      status: 'linked',
      parkedReason: undefined,
      hashes: { ...base.hashes, targetWritten: hashOf(mapped.values) },
    };
    return { state: next, dependencies: [] };
  }

  /** The final target the target system made from this link's interim one, if the snapshot is that record. */
  function settledTarget(state: LinkState, snapshot: RecordSnapshot): TargetRef | undefined {
    const interim = state.target;
    if (interim === undefined) return undefined;
    const settlesFrom = flowById(context, state.dataflow).mappings.find(
      (mapping) => mapping.target.system === interim.system && mapping.target.settlesFrom?.resource === interim.type,
    )?.target.settlesFrom;
    if (settlesFrom === undefined || snapshot.data[settlesFrom.field] !== interim.id) return undefined;
    return { system: interim.system, type: snapshot.type, id: snapshot.id };
  }

  async function process(input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> {
    let state: LinkState = { ...input.state, queue: [] };
    let snapshot = state.lastSnapshot;
    let sourceChanged = false;
    let refetch = false;
    let settledVersion: number | undefined;
    // Target edits held while the link was parked come first; this batch's are merged over them.
    const targetChanges: PropertyMap = { ...(input.state.heldTargetChanges ?? {}) };
    state.heldTargetChanges = undefined;
    let unreadable: string | undefined;

    for (const event of input.events) {
      switch (event.kind) {
        case 'sourceObserved': {
          const observed = event.snapshot;
          // Our own write coming back, or an older read overtaken by a newer one: not a change.
          if (observed.version <= state.writtenSourceVersion || observed.version < state.sourceVersion) break;
          snapshot = observed;
          sourceChanged = true;
          unreadable = undefined;
          state.sourceVersion = observed.version;
          if (state.status === 'parked' && state.parkedReason?.startsWith('target deleted') !== true)
            state.status = 'pending';
          break;
        }
        case 'targetChanged':
          mergeProposals(targetChanges, event.changes);
          break;
        case 'sourceUnreadable':
          // The poller could not read the record and moved on; a later good read in this batch wins.
          unreadable = event.problem.reason;
          break;
        case 'targetDeleted':
          return park(
            state,
            `target deleted by hand: ${event.reason}; linkflow does not re-create it silently. Run \`linkflow link retry\` to create it again`,
          );
        case 'demanded':
          state.demanded = true;
          sourceChanged = true;
          refetch ||= snapshot === undefined;
          break;
        case 'resync':
          refetch = true;
          sourceChanged = true;
          break;
        case 'retry':
          if (state.parkedReason?.startsWith('target deleted') === true) state.target = undefined;
          state.status = 'pending';
          state.parkedReason = undefined;
          refetch = true;
          sourceChanged = true;
          break;
        case 'relink':
          state = {
            ...state,
            target: undefined,
            props: {},
            sourceSeen: {},
            status: 'pending',
            parkedReason: undefined,
          };
          refetch = true;
          sourceChanged = true;
          break;
        case 'settled':
          // Read again once quiet: lines added meanwhile need not have moved the header's change time.
          settledVersion = event.version;
          refetch = true;
          break;
        case 'targetSettled':
          state.target = settledTarget(state, event.snapshot) ?? state.target;
          break;
      }
    }
    if (unreadable !== undefined) return park(state, unreadable);
    if (!sourceChanged && !refetch && input.events.every((event) => event.kind === 'targetSettled')) {
      return { state: { ...state, status: state.status === 'parked' ? 'parked' : 'linked' }, dependencies: [] };
    }
    if (state.status === 'parked' && !sourceChanged) return { state, dependencies: [] };

    const flow = flowById(context, state.dataflow);
    const isOrder = flow.mappings.some(
      (m) => m.lines !== undefined && m.source.resource.toLowerCase() === state.source.resource.toLowerCase(),
    );
    if (
      isOrder &&
      sourceChanged &&
      !refetch &&
      settledVersion === undefined &&
      state.target === undefined &&
      snapshot
    ) {
      // A ready order whose header has been quiet for the settle interval already (a first sync's older orders)
      // is settled now, as if its wait had ended: no timer, and no second pass to get there.
      const headerMapping = mappingsForSourceRecord(flow, state.source.resource, snapshot.data).mappings[0];
      if (
        headerMapping?.lines !== undefined &&
        isDocumentReady(headerMapping, snapshot.data) &&
        Date.now() - snapshot.changedAt >= context.timing.orderSettleMs
      ) {
        settledVersion = snapshot.version;
        refetch = true;
      }
    }
    // Orders are read whole when they are about to be written or compared: their lines have no timestamps and
    // the poller sees only headers. A header observation of an order not yet invoiced only (re)starts its
    // settle wait, which the header decides; the read comes once it has settled, and the pass after its
    // dependencies answered reuses that read while it is fresh (one read per order, not three).
    const secondPass = Object.keys(input.resolvedRefs).length > 0 || input.dependencyProblem !== undefined;
    const { lastSnapshot, lastSnapshotReadAt } = input.state;
    const reusableRead =
      secondPass &&
      settledVersion !== undefined &&
      lastSnapshot?.version === settledVersion &&
      lastSnapshotReadAt !== undefined &&
      Date.now() - lastSnapshotReadAt < ORDER_READ_REUSE_MS
        ? lastSnapshot
        : undefined;
    const freshRead = reusableRead !== undefined;
    if (reusableRead) {
      refetch = false;
      snapshot = reusableRead;
    }
    const headerWillDo = isOrder && !refetch && state.target === undefined && snapshot !== undefined;
    if (snapshot === undefined || (!freshRead && (refetch || (isOrder && sourceChanged && !headerWillDo)))) {
      const fresh = await readSource(state);
      heartbeatIfQueued();
      if (fresh === null || fresh.deleted) {
        const { system, resource, id } = state.source;
        const gone = `${resource} ${id} ${fresh === null ? 'does not exist' : 'was deleted'} in ${system}`;
        return {
          state: {
            ...state,
            status: state.target ? 'source-deleted' : 'ignored',
            parkedReason: gone,
            lastSnapshot: undefined,
          },
          dependencies: [],
        };
      }
      snapshot = fresh;
      state.sourceVersion = Math.max(state.sourceVersion, fresh.version);
      if (isOrder) state.lastSnapshotReadAt = Date.now();
    }
    if (snapshot.deleted) return { state: { ...state, status: 'source-deleted' }, dependencies: [] };

    const selected = mappingsForSourceRecord(flow, state.source.resource, snapshot.data);
    const mapping = selected.mappings[0];
    state.displayName = sourceDisplayName(mapping, state.source.resource, snapshot.data);
    if (!mapping) {
      const reasons = selected.unsupported.map((u) => `${u.mapping.id}: ${u.reason}`).join('; ');
      return {
        state: { ...state, status: 'ignored', parkedReason: reasons || undefined, lastSnapshot: undefined },
        dependencies: [],
      };
    }
    if (state.mappingId !== undefined && state.mappingId !== mapping.id && state.target) {
      // IsPerson flipped: the record now feeds another mapping; keep the target, sync through the new one.
      state.mappingId = mapping.id;
    }
    if (mapping.lines !== undefined) return syncDocument(input, state, mapping, snapshot, settledVersion);
    const result = await syncEntity(input, state, mapping, snapshot, targetChanges);
    // Only dormant links keep the snapshot (to create on demand without another read), and links waiting for
    // their parent (the pass after the answer uses it).
    if (result.state.status !== 'dormant' && result.state.status !== 'waiting') result.state.lastSnapshot = undefined;
    return result;
  }

  /**
   * Whether a new record's first pass is sure to make no request and to leave its link dormant (a record created
   * only on demand, a document not ready), worked out with the link activity's own code: the poller then starts
   * no link for it (docs/DECISIONS.md 118).
   */
  async function firstPassLeavesDormant(
    dataflow: string,
    source: SourceRef,
    snapshot: RecordSnapshot,
  ): Promise<boolean> {
    const mapping = mappingsForSourceRecord(flowById(context, dataflow), source.resource, snapshot.data).mappings[0];
    if (mapping === undefined || snapshot.deleted) return false;
    const dormantByRule =
      mapping.lines === undefined ? mapping.creation === 'on-demand' : !isDocumentReady(mapping, snapshot.data);
    if (!dormantByRule) return false;
    const linkId = linkWorkflowId(messaging.idPrefix, dataflow, source.resource, source.id);
    const input: ProcessLinkEventsInput = {
      state: newLinkState(linkId, dataflow, source),
      events: [{ kind: 'sourceObserved', snapshot }],
      resolvedRefs: {},
    };
    const result = keepUnwrittenTargetChanges(input, await process(input));
    const settled = result.dependencies.length === 0 && result.wakeAfterMs === undefined;
    return settled && result.state.status === 'dormant';
  }

  /**
   * A new record's first pass, made by the poll activity that read it while the target's budget would serve it at
   * once (at a quiet target, or with the limits raised): the state of its link once linked, which the poller then
   * starts with, or undefined when the pass left anything to do (a dependency, a wait, a park, a failure) and the
   * link must make it. A link started linked costs one trivial workflow task, where its own first pass cost two
   * and an activity task (docs/DECISIONS.md 145). Everything the pass does is idempotent (the merge per key, the
   * create with the derived id, the writer's attach), so a pass the link makes again changes nothing twice.
   *
   * Only for a record never changed since it was made: a first pass proposes every property at the time of the
   * record's last change, and the poller cannot know for sure that no link runs for the record yet. Proposals at
   * the time the record was made lose to every later edit on either side; at the time of a later change they
   * would overwrite edits the other side made meanwhile.
   */
  async function firstPassLinked(
    dataflow: string,
    source: SourceRef,
    snapshot: RecordSnapshot,
    live: boolean,
  ): Promise<LinkState | undefined> {
    const mapping = mappingsForSourceRecord(flowById(context, dataflow), source.resource, snapshot.data).mappings[0];
    const entity = mapping !== undefined && mapping.lines === undefined && mapping.target.parent === undefined;
    if (!entity || mapping.creation === 'on-demand' || snapshot.deleted) return undefined;
    if (snapshot.createdAt === undefined || snapshot.changedAt !== snapshot.createdAt) return undefined;
    if (Date.now() < (firstPassesHeldUntil.get(mapping.target.system) ?? 0)) return undefined;
    // Weighed at the pass's own priority: a fresh record's requests go ahead of a first sync's backlog (165).
    const priority = live ? 'live' : 'backlog';
    const budgetWait = budgetWaitOf(connectorFor(context, mapping.target.system));
    const release = firstPassAdmissions.admit(mapping.target.system, (requests) =>
      withRequestPriority(priority, () => budgetWait(requests)),
    );
    if (release === undefined) return undefined;
    const linkId = linkWorkflowId(messaging.idPrefix, dataflow, source.resource, source.id);
    const event: LinkEvent = { kind: 'sourceObserved', snapshot, ...(live ? { live: true } : {}) };
    let timer: NodeJS.Timeout | undefined;
    try {
      const pass = withRequestPriority(live ? 'live' : 'backlog', () =>
        process({ state: newLinkState(linkId, dataflow, source), events: [event], resolvedRefs: {}, inlineOnly: true }),
      );
      // A pass that takes long (a target that hangs: the merge's inline attempt waits out its timeout) must not
      // hold the poller's page. It is left to go on, and the link makes the pass again: a pass of a record unchanged since
      // it was made proposes nothing that could win over a later edit, and everything in it is idempotent.
      pass.catch(() => undefined);
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), context.timing.firstPassWaitMs ?? FIRST_PASS_WAIT_MS);
      });
      const result = await Promise.race([pass, late]);
      if (result === 'late') {
        log.info('a first pass in the poller took too long; the record is left to its link', { linkId });
        firstPassesHeldUntil.set(mapping.target.system, Date.now() + FIRST_PASS_HOLD_MS);
        return undefined;
      }
      const linked =
        result.state.status === 'linked' &&
        result.state.target !== undefined &&
        result.dependencies.length === 0 &&
        result.wakeAfterMs === undefined;
      return linked ? { ...result.state, queue: [] } : undefined;
    } catch (error) {
      // Whatever failed, the link makes the pass again and handles it as it always has (retries, parks).
      log.info('a first pass in the poller left the record to its link', { linkId, error: String(error) });
      // A busy budget is no sign of a failing target: the next record may find room.
      if (!(error instanceof BudgetBusyError)) {
        firstPassesHeldUntil.set(mapping.target.system, Date.now() + FIRST_PASS_HOLD_MS);
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  return {
    firstPassLeavesDormant,
    firstPassLinked,

    async processLinkEvents(input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> {
      let result: ProcessLinkEventsResult;
      try {
        const first = await process(input);
        result = await withKnownDependencies(input, first, linkedTarget, process, ensuredTarget(input.state.linkId));
      } catch (error) {
        if (error instanceof NotFoundError && input.state.target) {
          result = park(input.state, `target deleted by hand: ${describeConnectorError(error)}`);
        } else if (error instanceof ConnectorError && !error.retryable) {
          result = park(input.state, describeConnectorError(error));
        } else {
          return asActivityFailure(error);
        }
      }
      return keepUnwrittenTargetChanges(input, result);
    },

    /** Asks the link of every record this one depends on for its target; they answer by signal. */
    async requestDependencies(input: { linkId: string; dependencies: DependencyRequest[] }): Promise<void> {
      for (const dependency of input.dependencies) {
        await demandLinkTarget(messaging, dependency.dataflow, dependency.source, {
          by: input.linkId,
          key: dependency.key,
        });
      }
    },

    /**
     * The first version's dependency wait, inside an activity (kept for links whose history ran it; new links
     * wait in workflow code, which a worker kill cannot stall).
     */
    async ensureDependencies(input: {
      linkId: string;
      dependencies: DependencyRequest[];
    }): Promise<{ refs: Record<string, TargetRef>; problem?: string }> {
      const refs: Record<string, TargetRef> = {};
      for (const dependency of input.dependencies) {
        try {
          refs[dependency.key] = await ensureLinkTarget(
            messaging,
            dependency.dataflow,
            dependency.source,
            input.linkId,
          );
          heartbeatIfQueued();
        } catch (error) {
          const message =
            error instanceof Error
              ? error.cause instanceof Error
                ? error.cause.message
                : error.message
              : String(error);
          if (/DependencyNotReady|has no target yet/.test(message))
            return { refs, problem: `depends on ${dependency.key}, which ${message}` };
          throw error; // ResourceExhausted (more than 10 updates in flight) and the like: retried with backoff
        }
      }
      return { refs };
    },
  };
}

/** The activities only: the first-pass helpers are called by the poll activity in the same process. */
export type LinkActivities = Omit<
  ReturnType<typeof createLinkActivities>,
  'firstPassLeavesDormant' | 'firstPassLinked'
>;
/** The same work run inline by the link (a local activity): a fresh batch of target changes only. */
export interface InlineLinkActivities {
  processLinkEventsInline: LinkActivities['processLinkEvents'];
}
export type FirstPassLeavesDormant = ReturnType<typeof createLinkActivities>['firstPassLeavesDormant'];
export type FirstPassLinked = ReturnType<typeof createLinkActivities>['firstPassLinked'];
