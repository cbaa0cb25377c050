/**
 * The poller carries its cursor in its own state schema (the workflow bundle does not import connector code),
 * and zod drops keys a schema does not name: a cursor field the model forgets is lost at every continue-as-new.
 */
import { changeCursorSchema } from '../../connectors/connector';
import { pollerStateSchema } from '../../model/sync-state';

test("the poller's state keeps every field of a connector's change cursor", () => {
  const cursor = { since: 10, seen: ['a@10'], opaque: 'x', caughtUp: true, settledThrough: 5 };
  expect(Object.keys(pollerStateSchema.shape.cursor.shape).sort()).toEqual(
    Object.keys(changeCursorSchema.shape).sort(),
  );
  const state = { system: 's', resource: 'r', cursor, intervalMs: 1, idlePasses: 0, dispatched: 0 };
  expect(pollerStateSchema.parse({ ...state, stopRequested: false }).cursor).toEqual(changeCursorSchema.parse(cursor));
});
