/**
 * Which Temporal-cost figure the target (≤ 8 actions per change) is judged on: the raw figure where no idle
 * rate is known, the figure above the pollers' idle routine where it is (docs/DECISIONS.md 141).
 */
import { perChange } from '../../bench/phases';
import { perChangeRows } from '../../bench/report';
import { emptyCounts, type TemporalCounts } from '../../bench/temporal-cost';

function counts(actions: number, pollerActions: number): TemporalCounts {
  const empty = emptyCounts();
  return {
    ...empty,
    actions,
    actionsByKind: { ...empty.actionsByKind, link: actions - pollerActions, poller: pollerActions },
  };
}

const judged = (rows: ReturnType<typeof perChangeRows>) =>
  rows.filter((row) => row.target !== undefined).map((row) => [row.figure, row.pass]);

test('a batch whose raw count is over 8 only through the pollers routine meets the target above it', () => {
  // 20 records, 140 actions of their own, 34 of the pollers', 31 of which the idle rate accounts for.
  const cost = perChange(counts(174, 34), 20, 31);
  if (cost === undefined) throw new Error('no figure');
  expect(judged(perChangeRows('Temporal cost', 'batch', cost))).toEqual([
    ['actions per change above the idle routine', true],
  ]);
});

test('the figure above the routine still fails when the records themselves cost more than 8', () => {
  const cost = perChange(counts(200, 10), 20, 5);
  if (cost === undefined) throw new Error('no figure');
  expect(judged(perChangeRows('Temporal cost', 'batch', cost))).toEqual([
    ['actions per change above the idle routine', false],
  ]);
});

test('without an idle rate the raw figure, pollers included, is the judged one', () => {
  const cost = perChange(counts(174, 34), 20);
  if (cost === undefined) throw new Error('no figure');
  expect(judged(perChangeRows('Temporal cost', 'initial sync', cost))).toEqual([
    ['actions per change (initial sync: 20)', false],
  ]);
});
