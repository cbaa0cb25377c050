import { DEFAULT_IDLE_CEILING_MS, nextPollDelayMs, remainingPauseMs } from '../../workflows/poll-interval';

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

test('a pause counted from the start of the read is what the read left of it, and never less than none', () => {
  expect(remainingPauseMs(5_000, 1_000, 1_000)).toBe(5_000);
  expect(remainingPauseMs(5_000, 1_000, 3_500)).toBe(2_500);
  expect(remainingPauseMs(5_000, 1_000, 9_000)).toBe(0);
  // A clock that went back (another worker's) leaves the whole pause.
  expect(remainingPauseMs(5_000, 1_000, 500)).toBe(5_000);
});
