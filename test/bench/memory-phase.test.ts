/**
 * The memory target (400 MB at 100,000 links) is judged from the benchmark's memory phase: on the peak of the
 * worker's RSS, and only once the sync reached the links it was to reach.
 */
import { parseBenchArgs } from '../../bench/options';
import { memoryAtLinksRows, type MemoryAtLinks } from '../../bench/report';

const phase = (links: number, peakMiB: number): MemoryAtLinks => ({
  targetLinks: 100_000,
  startLinks: 42_400,
  links,
  seconds: 1_900,
  startMiB: 265,
  peakMiB,
  lastMiB: 320,
  series: [
    { links: 50_000, mib: 280 },
    { links, mib: 320 },
  ],
});

const judged = (rows: ReturnType<typeof memoryAtLinksRows>) =>
  rows.filter((row) => row.target !== undefined).map((row) => row.pass);

test('a peak under 400 MB at the links asked for meets the target; 400 MB is decimal, 381.5 MiB', () => {
  expect(judged(memoryAtLinksRows(phase(100_000, 356)))).toEqual([true]);
  expect(judged(memoryAtLinksRows(phase(100_000, 381)))).toEqual([true]);
  expect(judged(memoryAtLinksRows(phase(100_000, 382)))).toEqual([false]);
});

test('a phase that stopped short of the links asked for fails, however small the worker stayed', () => {
  expect(judged(memoryAtLinksRows(phase(80_000, 300)))).toEqual([false]);
});

test('the full run takes the sync to 100,000 links, the quick run has no memory phase, and an override writes no docs', () => {
  expect(parseBenchArgs([]).memoryLinks).toBe(100_000);
  expect(parseBenchArgs(['--quick']).memoryLinks).toBe(0);
  const overridden = parseBenchArgs(['--quick', '--memory-links', '5000']);
  expect(overridden.memoryLinks).toBe(5_000);
  expect(overridden.writeDocs).toBe(false);
  expect(parseBenchArgs(['--skip', 'memory']).skip.has('memory')).toBe(true);
});
