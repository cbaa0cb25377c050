/**
 * Workflows started for a fresh change carry the live priority, so that the server hands out their workflow
 * tasks ahead of a first sync's backlog, which starts with a key of its own (docs/DECISIONS.md 105, 127). Record
 * writers always start ahead of the backlog (docs/DECISIONS.md 116), and what an activity waits for ahead of all
 * (125, 127). A fake client records the options each start was given.
 */
import type { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { resolveRequest } from '../support/resolve-request';
import { CURRENT_PATCHES } from '../../workflows/patches';
import type { RecordSnapshot } from '../../connectors/connector';
import { withRequestPriority } from '../../connectors/common/request-priority';
import {
  ensureLinkTarget,
  observeSource,
  resolveThroughMergeKey,
  sendRecordEvent,
  type Messaging,
} from '../../activities/workflow-messaging';
import {
  BACKLOG_PRIORITY,
  LIVE_PRIORITY,
  UNDER_WAY_PRIORITY,
  WAITED_FOR_LIVE_PRIORITY,
  WAITED_FOR_PRIORITY,
} from '../../temporal/task-priority';

const snapshot: RecordSnapshot = {
  system: 'poweroffice-go',
  type: 'ContactPersons',
  id: '7',
  version: 1,
  changedAt: 1,
  deleted: false,
  data: { Id: 7, FirstName: 'Kari', EmailAddress: 'kari@example.no' },
};
const source = { system: 'poweroffice-go', resource: 'ContactPersons', id: '7' };
const target = { system: 'chargebee', type: 'customer', id: 'pogo-cp-7' };

function recordingMessaging(): { messaging: Messaging; starts: { workflowId: string; priority?: unknown }[] } {
  const starts: { workflowId: string; priority?: unknown }[] = [];
  const record = async (_type: string, options: { workflowId: string; priority?: unknown }) => {
    starts.push({ workflowId: options.workflowId, priority: options.priority });
    return {};
  };
  const withStart = async (
    _update: unknown,
    options: { startWorkflowOperation: WithStartWorkflowOperation<Workflow> },
  ) => {
    const { workflowId, priority } = options.startWorkflowOperation.options;
    starts.push({ workflowId, priority });
    return { outcome: 'linked' };
  };
  const client = {
    workflow: { start: record, signalWithStart: record, executeUpdateWithStart: withStart },
  } as unknown as Client;
  return { messaging: { client, taskQueue: 'unused', idPrefix: 'test/' }, starts };
}

test("a fresh change's link starts with the live priority; a backlog record's with the backlog's", async () => {
  const { messaging, starts } = recordingMessaging();
  await observeSource(messaging, 'poweroffice-to-chargebee', source, snapshot, {
    delivery: { live: true },
    likelyNew: true,
  });
  await observeSource(messaging, 'poweroffice-to-chargebee', source, snapshot, { likelyNew: true });
  await observeSource(messaging, 'poweroffice-to-chargebee', source, snapshot, { delivery: { live: true } });
  expect(starts.map((start) => start.priority)).toEqual([LIVE_PRIORITY, BACKLOG_PRIORITY, LIVE_PRIORITY]);
});

test("a backlog page read in the live lane still starts its links with the backlog's key", async () => {
  // Pollers read every page in the live lane; the page's records are fresh only when the delivery says so.
  const { messaging, starts } = recordingMessaging();
  await withRequestPriority('live', () =>
    observeSource(messaging, 'poweroffice-to-chargebee', source, snapshot, { likelyNew: true }),
  );
  await withRequestPriority('live', () =>
    observeSource(messaging, 'poweroffice-to-chargebee', source, snapshot, { delivery: { live: true } }),
  );
  expect(starts.map((start) => start.priority)).toEqual([BACKLOG_PRIORITY, LIVE_PRIORITY]);
});

test("a record writer starts ahead of the backlog, from live work and from the backlog's", async () => {
  const { messaging, starts } = recordingMessaging();
  const event = { kind: 'observed' as const, snapshot: { ...snapshot, system: 'chargebee', type: 'customer' } };
  await withRequestPriority('live', () => sendRecordEvent(messaging, target, event));
  await sendRecordEvent(messaging, target, event);
  expect(starts.map((start) => start.priority)).toEqual([UNDER_WAY_PRIORITY, UNDER_WAY_PRIORITY]);
  // Ahead of the backlog, behind live work (a lower key is handed out first).
  expect(UNDER_WAY_PRIORITY.priorityKey).toBeLessThan(BACKLOG_PRIORITY.priorityKey ?? 3);
  expect(UNDER_WAY_PRIORITY.priorityKey).toBeGreaterThan(LIVE_PRIORITY.priorityKey ?? 3);
});

test("a merge and a demanded record's link start ahead of every start of their freshness: an activity waits", async () => {
  const { messaging, starts } = recordingMessaging();
  const request = resolveRequest();
  const resolve = () => resolveThroughMergeKey(messaging, 'hash', request);
  const demand = () => ensureLinkTarget(messaging, 'poweroffice-to-chargebee', source, 'link/order');
  await resolve();
  await demand();
  await withRequestPriority('live', resolve);
  await withRequestPriority('live', demand);
  expect(starts.map((start) => start.priority)).toEqual([
    WAITED_FOR_PRIORITY,
    WAITED_FOR_PRIORITY,
    WAITED_FOR_LIVE_PRIORITY,
    WAITED_FOR_LIVE_PRIORITY,
  ]);
  // In a burst of new records the links' first tasks are live work: what the links' activities wait for must come
  // before them, or each activity holds its slot while every later start goes first (docs/DECISIONS.md 127). What
  // the backlog waits for comes after live work, and before the backlog's own starts (133).
  expect(WAITED_FOR_LIVE_PRIORITY.priorityKey).toBeLessThan(LIVE_PRIORITY.priorityKey ?? 3);
  expect(LIVE_PRIORITY.priorityKey).toBeLessThan(WAITED_FOR_PRIORITY.priorityKey ?? 3);
  expect(WAITED_FOR_PRIORITY.priorityKey).toBeLessThan(BACKLOG_PRIORITY.priorityKey ?? 3);
});

test("the backlog's demand and merge say that the backlog waits; a fresh change's say nothing more", async () => {
  const updates: unknown[][] = [];
  const client = {
    workflow: {
      executeUpdateWithStart: async (_update: unknown, options: { args: unknown[] }) => {
        updates.push(options.args);
        return { outcome: 'linked', system: 'chargebee', type: 'customer', id: 'pogo-c-1' };
      },
    },
  } as unknown as Client;
  const messaging: Messaging = { client, taskQueue: 'unused', idPrefix: 'test/' };
  const request = resolveRequest();
  await ensureLinkTarget(messaging, 'poweroffice-to-chargebee', source, 'link/order');
  await withRequestPriority('live', () => ensureLinkTarget(messaging, 'poweroffice-to-chargebee', source, 'link/o'));
  await withRequestPriority('waited', () => resolveThroughMergeKey(messaging, 'hash', request));
  await withRequestPriority('live', () => resolveThroughMergeKey(messaging, 'hash', request));
  expect(updates).toEqual([
    ['link/order', { waited: true }],
    ['link/o'],
    [{ ...request, live: true, waited: true }],
    [{ ...request, live: true }],
  ]);
});

test("a demanded record's link is born with every patch and its search attributes, as the poller's links are", async () => {
  const options: { args?: readonly unknown[]; typedSearchAttributes?: unknown; memo?: unknown }[] = [];
  const client = {
    workflow: {
      executeUpdateWithStart: async (
        _update: unknown,
        { startWorkflowOperation }: { startWorkflowOperation: WithStartWorkflowOperation<Workflow> },
      ) => {
        options.push(startWorkflowOperation.options);
        return { system: 'chargebee', type: 'customer', id: 'pogo-c-1' };
      },
    },
  } as unknown as Client;
  await ensureLinkTarget({ client, taskQueue: 'unused', idPrefix: 'test/' }, 'poweroffice-to-chargebee', source, 'o');
  const [started] = options;
  // Without them the link asked `patched()` for every patch: a marker and a search-attribute upsert each.
  expect(started?.args?.[0]).toMatchObject({ bornWith: CURRENT_PATCHES });
  expect(started?.typedSearchAttributes).toEqual(
    expect.arrayContaining([expect.objectContaining({ value: 'pending' })]),
  );
  expect(started?.memo).toEqual({ displayName: null, parkedReason: null, retryingReason: null });
});
