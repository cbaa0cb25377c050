/**
 * The record writer's rules as pure functions, and the state a new writer may start with: only an attach that
 * leaves nothing to write and nothing to tell its link lets the writer start without an activity.
 */
import type { RecordEvent } from '../../model/sync-state';
import { applyRecordEvents, startingRecordState } from '../../activities/record-state';
import { newRecordState } from '../../model/record-state';

const target = { system: 'chargebee', type: 'customer', id: 'pogo-cp-7' };
const linkId = 'link/poweroffice-to-chargebee/ContactPersons/7';
const origin = `source:${linkId}`;

function attach(targetData: Record<string, unknown>, extra: Partial<Extract<RecordEvent, { kind: 'attach' }>> = {}) {
  return {
    kind: 'attach' as const,
    linkId,
    mappingId: 'contact-persons',
    proposals: { first_name: { value: 'Åse', at: 100, origin }, email: { value: 'ase@example.no', at: 100, origin } },
    snapshot: {
      system: 'chargebee',
      type: 'customer',
      id: target.id,
      version: 5,
      changedAt: 200,
      deleted: false,
      data: targetData,
    },
    created: false,
    ...extra,
  };
}

test('a record linkflow just created starts with the attach applied: links, values and the version seen', () => {
  const created = attach({ first_name: 'Åse', email: 'ase@example.no' }, { created: true, createdNow: true });
  const state = startingRecordState(target, created);
  expect(state).toBeDefined();
  expect(state?.links).toEqual({ [linkId]: 'contact-persons' });
  expect(state?.createdByLinkflow).toBe(true);
  expect(state?.targetVersion).toBe(5);
  expect(state?.props['first_name']?.value).toBe('Åse');
  expect(state?.targetSeen).toEqual({ first_name: 'Åse', email: 'ase@example.no' });
  // The same as the writer's activity would make of it.
  expect(state).toEqual(applyRecordEvents(newRecordState(target), [created]).state);
});

test('a matched record that lacks a value the link brings needs a write: no starting state', () => {
  expect(startingRecordState(target, attach({ first_name: 'Åse', email: '' }))).toBeUndefined();
});

test('a matched record edited after the source leaves the link a value to take back: no starting state', () => {
  // The target's first name (changed at 200) is newer than the source's (100): the link must hear of it.
  expect(startingRecordState(target, attach({ first_name: 'Aase', email: 'ase@example.no' }))).toBeUndefined();
});
