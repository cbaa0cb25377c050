/**
 * One long-lived change poller per (system, resource): `poller/<system>/<resource>`. It keeps its cursor in
 * its own state (carried through continue-as-new) and hands every changed record to the workflow that owns
 * it, in one activity per page. Between passes it sleeps for its interval, or until `pollNow`.
 */
import { condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { PollerState } from '../model/sync-state';
import { pollerWorkflowInputSchema, type PollerWorkflowInput } from '../model/workflow-inputs';
import type { PollActivities } from '../activities/poll-activities';
import { LinkDataflow, LinkflowKind, LinkSourceSystem, LinkSourceType, LinkStatus } from '../temporal/search-attributes';
import { pollActivityOptions } from './activity-options';
import { historyIsLong } from './event-loop';
import { pollerStateQuery, pollNowSignal, stopPollingSignal } from './messages';

const { pollChanges } = proxyActivities<PollActivities>(pollActivityOptions);

export async function pollerWorkflow(rawInput: PollerWorkflowInput): Promise<PollerState> {
  const input = pollerWorkflowInputSchema.parse(rawInput);
  const state: PollerState = input.state ?? {
    system: input.system,
    resource: input.resource,
    cursor: { since: null, seen: [] },
    intervalMs: input.intervalMs,
    idlePasses: 0,
    dispatched: 0,
    stopRequested: false,
  };
  let pollRequested = false;
  setHandler(pollNowSignal, () => {
    pollRequested = true;
  });
  setHandler(stopPollingSignal, () => {
    state.stopRequested = true;
  });
  setHandler(pollerStateQuery, () => state);

  let published = '';
  const publish = (status: string): void => {
    if (status === published) return;
    published = status;
    upsertSearchAttributes([
      { key: LinkflowKind, value: 'poller' },
      { key: LinkStatus, value: status },
      { key: LinkDataflow, value: input.dataflow },
      { key: LinkSourceSystem, value: input.system },
      { key: LinkSourceType, value: input.resource },
    ]);
  };
  publish('polling');

  let dispatchedThisPass = 0;
  while (!state.stopRequested && !historyIsLong(input.continueAsNewAfterEvents)) {
    const page = await pollChanges({ dataflow: input.dataflow, system: state.system, resource: state.resource, cursor: state.cursor });
    state.cursor = page.cursor;
    state.dispatched += page.dispatched;
    dispatchedThisPass += page.dispatched;
    state.lastError = page.error;
    if (page.more) continue;
    state.idlePasses = dispatchedThisPass === 0 ? state.idlePasses + 1 : 0;
    dispatchedThisPass = 0;
    publish(page.error ? 'failing' : state.idlePasses > 0 ? 'caught-up' : 'polling');
    pollRequested = false;
    await condition(() => pollRequested || state.stopRequested, state.intervalMs);
  }
  if (state.stopRequested) {
    publish('stopped');
    // The final state (with its cursor) is the result: `sync start` resumes from it.
    return { ...state, stopRequested: false };
  }
  return continueAsNew<typeof pollerWorkflow>({ ...input, state });
}
