/**
 * The Chargebee sandbox's list paging keeps only the page as it scans (not a sort of every match per page): the
 * pages, followed by `next_offset`, must give every visible record once, in the order a full sort gives (the sort
 * value, then the creation sequence), in both directions, with ties and a filter.
 */
import { listRecords, type ListSpec } from '../../sandboxes/chargebee/list-query';
import type { StoredRecord } from '../../sandboxes/chargebee/records';
import type { FormTree } from '../../sandboxes/chargebee/form';

interface Thing {
  id: string;
  updated_at: number;
  kind: string;
  deleted: boolean;
}

const spec: ListSpec<Thing> = {
  resource: 'thing',
  filters: { kind: 'enum', updated_at: 'timestamp' },
  sortable: ['updated_at'],
  hasIncludeDeleted: false,
  visible: (thing) => !thing.deleted,
};

/** 400 records in a shuffled creation order, a tenth deleted, updated in 37 distinct seconds (many ties). */
function records(): StoredRecord<Thing>[] {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return Array.from({ length: 400 }, (_, index) => ({
    seq: 1000 - index * 2,
    version: index,
    resource: {
      id: `t-${index}`,
      updated_at: 1_700_000_000 + Math.floor(random() * 37),
      kind: random() < 0.5 ? 'a' : 'b',
      deleted: random() < 0.1,
    },
  }));
}

/** The query as the sandbox's form parser gives it (`sort_by[asc]=updated_at` is `{ sort_by: { asc: … } }`). */
function pageThrough(all: StoredRecord<Thing>[], query: FormTree): string[] {
  const ids: string[] = [];
  let offset: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = listRecords(spec, all, { ...query, limit: '7', ...(offset === undefined ? {} : { offset }) });
    ids.push(...page.records.map((record) => record.resource.id));
    if (page.nextOffset === undefined) return ids;
    offset = page.nextOffset;
  }
  throw new Error('the pages never ended');
}

function sortedIds(all: StoredRecord<Thing>[], direction: 1 | -1, keep: (thing: Thing) => boolean): string[] {
  return all
    .filter((record) => !record.resource.deleted && keep(record.resource))
    .sort((a, b) => direction * (a.resource.updated_at - b.resource.updated_at || a.seq - b.seq))
    .map((record) => record.resource.id);
}

test.each([
  ['asc', 1],
  ['desc', -1],
] as const)('paging by updated_at %s gives every record once, in sorted order', (direction, sign) => {
  const all = records();
  expect(pageThrough(all, { sort_by: { [direction]: 'updated_at' } })).toEqual(sortedIds(all, sign, () => true));
});

test('paging with a filter, in creation order, gives the matching records in creation order', () => {
  const all = records();
  const ids = pageThrough(all, { kind: { is: 'b' } });
  const bySeq = all
    .filter((record) => !record.resource.deleted && record.resource.kind === 'b')
    .sort((a, b) => a.seq - b.seq)
    .map((record) => record.resource.id);
  expect(ids).toEqual(bySeq);
});

test('a page after the last record says nothing more', () => {
  const all = records();
  const first = listRecords(spec, all, { sort_by: { asc: 'updated_at' }, limit: '100' });
  expect(first.records).toHaveLength(100);
  expect(first.nextOffset).toBeDefined();
  const everything = listRecords(spec, all, {
    sort_by: { asc: 'updated_at' },
    limit: '100',
    offset: '[1800000000,"0"]',
  });
  expect(everything.records).toHaveLength(0);
  expect(everything.nextOffset).toBeUndefined();
});
