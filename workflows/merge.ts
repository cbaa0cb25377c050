/**
 * Link-first matching, serialised per merge key (`merge/<system>/<type>/<sha256>`): two source records with
 * one e-mail (or org number, or product name) that arrive at once must end on one target record, never two.
 * Each request queries the live system again: exactly one match links, several park as ambiguous, none
 * creates with the id derived from the source's immutable id.
 */
import {
  ActivityFailure,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { MergeWorkflowInput, ResolveRequest, ResolveResult } from '../model/workflow-inputs';
import type { MergeActivities } from '../activities/merge-activities';
import { LinkflowKind, LinkTargetSystem, LinkTargetType } from '../temporal/search-attributes';
import {
  activityOptions,
  inlineActivityOptions,
  LIVE_TARGETS_QUEUE_SUFFIX,
  TARGETS_QUEUE_SUFFIX,
} from './activity-options';
import { runEventLoop } from './event-loop';
import { attemptInline } from './inline-attempt';
import { resolveTargetUpdate } from './messages';
import { failureMessage } from './failure-message';
import { CURRENT_PATCHES, MERGE_PATCHES, patchCheck } from './patches';

interface PendingResolve {
  request: ResolveRequest;
  ticket: number;
}

export async function mergeWorkflow(input: MergeWorkflowInput): Promise<void> {
  const isPatched = patchCheck(input.bornWith);
  const { findOrCreateTarget } = proxyActivities<MergeActivities>({
    ...activityOptions,
    taskQueue: `${workflowInfo().taskQueue}${TARGETS_QUEUE_SUFFIX}`,
  });
  const { findOrCreateTarget: findOrCreateTargetLive } = proxyActivities<MergeActivities>({
    ...activityOptions,
    taskQueue: `${workflowInfo().taskQueue}${LIVE_TARGETS_QUEUE_SUFFIX}`,
  });
  const { findOrCreateTarget: findOrCreateTargetInline } = proxyLocalActivities<MergeActivities>(inlineActivityOptions);
  const resolved = new Set(input.resolved ?? []);
  const state = { queue: [] as PendingResolve[] };
  const results = new Map<number, ResolveResult>();
  let tickets = 0;

  const startedSearchable =
    isPatched(MERGE_PATCHES.startsSearchable) && workflowInfo().typedSearchAttributes.get(LinkflowKind) === 'merge';
  if (!startedSearchable)
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'merge' },
      { key: LinkTargetSystem, value: input.system },
      { key: LinkTargetType, value: input.type },
    ]);

  setHandler(resolveTargetUpdate, async (request: ResolveRequest): Promise<ResolveResult> => {
    tickets += 1;
    const ticket = tickets;
    state.queue.push({ request, ticket });
    await condition(() => results.has(ticket));
    const result = results.get(ticket);
    results.delete(ticket);
    if (!result) throw new Error('merge result missing');
    return result;
  });

  /**
   * With no backlog at the target, find-or-create runs inline (a local activity). If it does not finish in time
   * or fails, the queued activity does the work again: find-before-create with the same derived id and
   * idempotency key links whatever the inline attempt may have created.
   */
  const findInlineFirst = async (request: ResolveRequest, queued: () => Promise<ResolveResult>) => {
    if (request.inline !== true || !isPatched(MERGE_PATCHES.inlineWhenIdle)) return queued();
    const inline = await attemptInline(() => findOrCreateTargetInline(request));
    if (inline && inline.outcome !== 'unavailable') return inline;
    const reason = inline?.reason ?? 'the target could not be reached inline';
    // A poller's first pass waits for nothing: the record's link asks again (docs/DECISIONS.md 145).
    if (request.inlineOnly === true && isPatched(MERGE_PATCHES.inlineOnlyAnswers)) {
      return { outcome: 'unavailable', reason } satisfies ResolveResult;
    }
    return queued();
  };

  const step = async (batch: PendingResolve[]): Promise<void> => {
    // One at a time: the second request must see what the first created.
    for (const pending of batch) {
      const request = { ...pending.request, knownTargetIds: [...resolved] };
      let result: ResolveResult;
      if (isPatched(MERGE_PATCHES.neverFails)) {
        // A request made for a fresh change goes ahead of a first sync's backlog.
        const find =
          request.live === true && isPatched(MERGE_PATCHES.liveLane) ? findOrCreateTargetLive : findOrCreateTarget;
        try {
          result = await findInlineFirst(request, () => find(request));
        } catch (error) {
          if (!(error instanceof ActivityFailure)) throw error;
          // The target is unreachable: answer, so the link holds its events and asks again. Failing here
          // would forget every target this key resolved to, and the next request could create a duplicate.
          result = { outcome: 'unavailable', reason: failureMessage(error) };
        }
      } else {
        result = await findOrCreateTarget(request);
      }
      if (result.outcome === 'linked') resolved.add(result.target.id);
      results.set(pending.ticket, result);
    }
  };

  await runEventLoop({ state, step, maxBatch: 10, continueAsNewAfterEvents: input.continueAsNewAfterEvents });
  await continueAsNew<typeof mergeWorkflow>({ ...input, resolved: [...resolved], bornWith: CURRENT_PATCHES });
}
