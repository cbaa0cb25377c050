/**
 * Which request priority a live-lane activity runs at, from its input: a fresh change's work is `live`; work that
 * only the backlog waits for (a customer an order of a first sync demands) is `waited` (docs/DECISIONS.md 142).
 */
import {
  inLiveLane,
  priorityOfInlineResolveRequest,
  priorityOfLinkEvents,
  priorityOfResolveRequest,
} from '../../activities/live-lane';
import { requestPriority } from '../../connectors/common/request-priority';
import type { LinkEvent } from '../../model/sync-state';
import { resolveRequest } from '../support/resolve-request';

const waitedDemand: LinkEvent = { kind: 'demanded', by: 'link/order', live: true, waited: true };
const freshDemand: LinkEvent = { kind: 'demanded', by: 'link/order', live: true };
const backlogRetry: LinkEvent = { kind: 'retry' };

test("a batch of the backlog's demands is waited-for work; one fresh change in it makes it live", () => {
  expect(priorityOfLinkEvents({ events: [waitedDemand] })).toBe('waited');
  expect(priorityOfLinkEvents({ events: [waitedDemand, backlogRetry] })).toBe('waited');
  expect(priorityOfLinkEvents({ events: [waitedDemand, freshDemand] })).toBe('live');
  expect(priorityOfLinkEvents({ events: [freshDemand] })).toBe('live');
  // Nothing in it says who waits: as before, live.
  expect(priorityOfLinkEvents({ events: [backlogRetry] })).toBe('live');
});

test('a merge request keeps the priority of the work that made it', () => {
  const request = resolveRequest({ live: true });
  expect(priorityOfResolveRequest(request)).toBe('live');
  expect(priorityOfResolveRequest({ ...request, waited: true })).toBe('waited');
});

test("a merge's inline find-or-create runs at its request's priority: a fresh change's live, the backlog's backlog", () => {
  const request = resolveRequest({ live: true });
  expect(priorityOfInlineResolveRequest(request)).toBe('live');
  expect(priorityOfInlineResolveRequest({ ...request, waited: true })).toBe('waited');
  expect(priorityOfInlineResolveRequest(resolveRequest({}))).toBe('backlog');
});

test('the live lane runs the activity at the priority its input says, and live by default', async () => {
  const observed = async (): Promise<string> => requestPriority();
  await expect(inLiveLane(observed)(undefined)).resolves.toBe('live');
  await expect(inLiveLane(observed, () => 'waited')(undefined)).resolves.toBe('waited');
});
