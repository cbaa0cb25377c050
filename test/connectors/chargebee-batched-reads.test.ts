/**
 * Reads of single records while the site's budget has a queue: one `id[in]` list request carries every read
 * that arrived while it waited, counted by the sandbox route by route. With no queue a read is a retrieve.
 */
import {
  WaitStoppedError,
  withBudgetWaitLimit,
  withRequestPriority,
  withStopSignal,
} from '../../connectors/common/request-priority';
import { deleteCustomer } from '../../sandboxes/chargebee/customers';
import { type SandboxedChargebee, routesSince, startSandboxedChargebee } from './chargebee-helpers';

let cb: SandboxedChargebee;
const ids = Array.from({ length: 10 }, (_unused, index) => `pogo-c-${index + 1}`);

beforeAll(async () => {
  cb = await startSandboxedChargebee();
  for (const id of [...ids, 'pogo-c-gone']) {
    await cb.connector.create('customer', { email: `${id}@example.no` }, { preferredId: id, idempotencyKey: id });
  }
  // Deleted by hand in the web app: a retrieve still answers it (deleted), a list leaves it out.
  deleteCustomer(cb.sandbox.store, 'pogo-c-gone', 'admin_console');
});
afterAll(async () => cb.close());

const routesDuring = (before: Record<string, number>): Record<string, number> =>
  routesSince(cb, before, /\/pogo-c-[^/]+$/);

test('reads that wait for the budget go out as one list request, each getting its own record', async () => {
  // 60/min: a token about a second; the reads below queue behind the first two.
  const slow = cb.connectorWith({ requestsPerMinute: 60 });
  const before = cb.sandbox.http.stats().byRoute;
  const queriesBefore = cb.sandbox.http.stats().byQuery;
  const asked = [...ids, 'pogo-c-gone', 'pogo-c-never'];
  const read = await Promise.all(asked.map((id) => slow.get('customer', id)));
  expect(read.map((snapshot) => snapshot?.id ?? null)).toEqual([...ids, null, null]);
  expect(read[3]?.data['email']).toBe('pogo-c-4@example.no');
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 2, 'GET /api/v2/customers': 1 });
  // The sandbox counts the list request by its parameters' names, so a benchmark can tell it from a feed read.
  const listShape = Object.keys(cb.sandbox.http.stats().byQuery).filter(
    (shape) => shape.startsWith('GET /api/v2/customers?') && shape.includes('id[in]'),
  );
  expect(listShape).toHaveLength(1);
  expect(cb.sandbox.http.stats().byQuery[listShape[0] ?? '']).toBe((queriesBefore[listShape[0] ?? ''] ?? 0) + 1);
});

test('with no queue a read is a plain retrieve', async () => {
  const before = cb.sandbox.http.stats().byRoute;
  expect((await cb.connector.get('customer', 'pogo-c-1'))?.id).toBe('pogo-c-1');
  expect(await cb.connector.get('customer', 'pogo-c-never')).toBeNull();
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 2 });
});

test('live reads never wait in a backlog batch, and reads that may not wait long are sent alone', async () => {
  const slow = cb.connectorWith({ requestsPerMinute: 60 });
  const before = cb.sandbox.http.stats().byRoute;
  const backlog = ids.slice(0, 4).map((id) => withRequestPriority('backlog', () => slow.get('customer', id)));
  const live = ids.slice(4, 8).map((id) => withRequestPriority('live', () => slow.get('customer', id)));
  const inline = withBudgetWaitLimit(60_000, () => slow.get('customer', 'pogo-c-9'));
  const read = await Promise.all([...backlog, ...live, inline]);
  expect(read.map((snapshot) => snapshot?.id)).toEqual([...ids.slice(0, 8), 'pogo-c-9']);
  // Two alone (the queue was empty), one backlog batch of two, one live batch of four, the inline read alone.
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 3, 'GET /api/v2/customers': 2 });
});

test('a reader stopped while it waits leaves the batch, which still serves the others', async () => {
  const slow = cb.connectorWith({ requestsPerMinute: 60 });
  const before = cb.sandbox.http.stats().byRoute;
  const stop = new AbortController();
  const alone = ids.slice(0, 2).map((id) => slow.get('customer', id));
  // The first reader to wait starts the batch's list request; its stop must not end the request for the rest.
  const stopped = withStopSignal(stop.signal, () => slow.get('customer', ids[2] ?? ''));
  const others = ids.slice(3, 5).map((id) => slow.get('customer', id));
  stop.abort();
  await expect(stopped).rejects.toBeInstanceOf(WaitStoppedError);
  const read = await Promise.all([...alone, ...others]);
  expect(read.map((snapshot) => snapshot?.id)).toEqual([...ids.slice(0, 2), ...ids.slice(3, 5)]);
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 2, 'GET /api/v2/customers': 1 });
});
