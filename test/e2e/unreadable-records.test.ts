/**
 * One record PowerOffice answers malformed (a field of the wrong type, an id beyond 2^53) must not stop its
 * poller: the record's link parks with a reason that names the record and the field, the cursor moves on past
 * it, and records changed after it still sync.
 */
import type { Dto } from '../../sandboxes/poweroffice-go';
import { formatTimestamp, nextChangeMicros } from '../../sandboxes/poweroffice-go/clock';
import { pollerWorkflowId } from '../../model/ids';
import { LinkStatus } from '../../temporal/search-attributes';
import { startSyncHarness, type SyncHarness } from '../support/sync-harness';

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
}, 120_000);
afterAll(async () => h?.close());

const key = (name: string) => ({ idempotencyKey: `unreadable-${name}` });

/** A private customer: synced to a Chargebee customer at once (creation: always). */
const person = (first: string, last: string, email: string) => {
  const fields = { Name: `${first} ${last}`, IsPerson: true, FirstName: first, LastName: last, EmailAddress: email };
  return h.po.create('Customers', fields, key(email));
};

/** Writes a record into the sandbox's store as it is, bypassing the API's validation, as changed now. */
function plant(resource: string, id: string, body: Dto): void {
  const micros = nextChangeMicros();
  h.poweroffice.store.put(resource, id, { ...body, LastChangedDateTimeOffset: formatTimestamp(micros) }, micros / 1000);
}

test('a malformed record parks its own link while the poller reads on', async () => {
  const before = await person('Før', 'Feil', 'for.feil@example.no');
  const broken = await person('Øde', 'Lagt', 'odelagt@example.no');
  // The API's schema says EmailAddress is a string: a number fails it.
  plant('Customers', broken.id, { ...broken.data, EmailAddress: 4_712_345 });
  // An id beyond 2^53 cannot be read exactly (JSON numbers are doubles): the record is skipped with a log line.
  const hugeId = 2 ** 53 + 2;
  plant('Customers', String(hugeId), { ...before.data, Id: hugeId, Number: 99_999, EmailAddress: 'stor@example.no' });
  await h.start();

  const parked = await h.untilStatus('Customers', broken.id, 'parked');
  expect(parked.parkedReason).toContain(`Customers/${broken.id}`);
  expect(parked.parkedReason).toContain('EmailAddress');
  await h.untilStatus('Customers', before.id);

  // Changed after the bad records: the poller has moved past them.
  const after = await person('Etter', 'Feil', 'etter.feil@example.no');
  await h.untilStatus('Customers', after.id);
  expect((await h.cb.get('customer', `pogo-c-${after.id}`))?.data['email']).toBe('etter.feil@example.no');

  const poller = h.sync.client.workflow.getHandle(pollerWorkflowId(h.prefix, 'poweroffice-go', 'Customers'));
  const description = await poller.describe();
  expect(description.status.name).toBe('RUNNING');
  expect(description.typedSearchAttributes.get(LinkStatus)).not.toBe('failing');
  expect(await h.cb.get('customer', `pogo-c-${broken.id}`)).toBeNull();
});
