/**
 * Chargebee has no conditional update, so a write decided on a read checks that read again when its turn comes
 * late: after a pause of the site's budget (a 429) or long after the read. An edit made in Chargebee meanwhile
 * then refuses the write, unsent, and stays; with no such edit the write goes. Counted by the sandbox, route by
 * route.
 */
import { ChangedMeanwhileError } from '../../connectors/errors';
import { type SandboxedChargebee, rejectionOf, routesSince, startSandboxedChargebee } from './chargebee-helpers';

let cb: SandboxedChargebee;
beforeAll(async () => {
  cb = await startSandboxedChargebee();
  for (const id of ['pogo-cp-1', 'pogo-cp-2', 'pogo-cp-3']) {
    await cb.connector.create(
      'customer',
      { email: `${id}@example.no`, first_name: 'Kari', last_name: 'Nordmann' },
      { preferredId: id, idempotencyKey: id },
    );
  }
});
afterAll(async () => cb.close());

const routesDuring = (before: Record<string, number>): Record<string, number> =>
  routesSince(cb, before, /\/pogo-cp-[^/]+$/);

const LONG_AGO_MS = 5 * 60_000;

test('a write whose read is fresh goes at once, without a second read', async () => {
  const read = await cb.connector.get('customer', 'pogo-cp-1');
  const before = cb.sandbox.http.stats().byRoute;
  const written = await cb.connector.update(
    'customer',
    'pogo-cp-1',
    { first_name: 'Kari Linkflow' },
    { previous: read?.data ?? {}, readAt: Date.now() },
  );
  expect(written.data['first_name']).toBe('Kari Linkflow');
  expect(routesDuring(before)).toEqual({ 'POST /api/v2/customers/:id': 1 });
});

test('a write whose read has grown old meets the edit made in Chargebee meanwhile, and sends nothing', async () => {
  const read = await cb.connector.get('customer', 'pogo-cp-2');
  // Somebody edits the customer in Chargebee while the write waits for its turn.
  await cb.connectorWith({}).update('customer', 'pogo-cp-2', { first_name: 'Kari Edited' });
  const before = cb.sandbox.http.stats().byRoute;
  const error = await rejectionOf(
    cb.connector.update(
      'customer',
      'pogo-cp-2',
      { first_name: 'Kari Linkflow' },
      { previous: read?.data ?? {}, readAt: Date.now() - LONG_AGO_MS },
    ),
  );
  expect(error).toBeInstanceOf(ChangedMeanwhileError);
  expect(error).toMatchObject({ field: 'first_name', retryable: true });
  expect((await cb.connector.get('customer', 'pogo-cp-2'))?.data['first_name']).toBe('Kari Edited');
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 2 });
});

test('a write whose read has grown old but still holds reads again once, then writes', async () => {
  const read = await cb.connector.get('customer', 'pogo-cp-3');
  const before = cb.sandbox.http.stats().byRoute;
  const written = await cb.connector.update(
    'customer',
    'pogo-cp-3',
    { first_name: 'Kari Linkflow' },
    { previous: read?.data ?? {}, readAt: Date.now() - LONG_AGO_MS },
  );
  expect(written.data['first_name']).toBe('Kari Linkflow');
  expect(routesDuring(before)).toEqual({ 'GET /api/v2/customers/:id': 1, 'POST /api/v2/customers/:id': 1 });
});
