import { DEFAULT_IDLE_CEILING_MS, nextPollDelayMs } from '../../workflows/poll-interval';

test('a poller keeps its interval while records change, and after the first quiet pass', () => {
  expect(nextPollDelayMs(5_000, 0)).toBe(5_000);
  expect(nextPollDelayMs(5_000, 1)).toBe(5_000);
});

test('quiet passes double the pause up to the ceiling', () => {
  expect([2, 3, 4, 5, 50].map((idle) => nextPollDelayMs(5_000, idle))).toEqual([
    10_000, 20_000, 30_000, 30_000, 30_000,
  ]);
  expect(nextPollDelayMs(1_000, 100, 8_000)).toBe(8_000);
});

test('an interval above the ceiling is kept as it is', () => {
  expect(nextPollDelayMs(60_000, 10)).toBe(60_000);
  expect(DEFAULT_IDLE_CEILING_MS).toBe(30_000);
});
