/**
 * The benchmark counts a 429-induced failure by the failure's type, the one the activities give every
 * rate-limit failure, never by words in its message.
 */
import { asActivityFailure } from '../../activities/failures';
import { isRateLimit } from '../../bench/temporal-cost';
import { RateLimitedError, ValidationError } from '../../connectors/errors';
import { ApplicationFailure } from '@temporalio/common';

function failureOf(error: Error) {
  try {
    asActivityFailure(error);
  } catch (thrown) {
    if (!(thrown instanceof ApplicationFailure)) throw thrown;
    return { message: thrown.message, applicationFailureInfo: { type: thrown.type } };
  }
  throw new Error('asActivityFailure returned');
}

test('a rate-limit failure counts, whatever its message says', () => {
  expect(
    isRateLimit(failureOf(new RateLimitedError('slow down', { system: 'chargebee', status: 429, retryAfterMs: 1000 }))),
  ).toBe(true);
});

test('another failure does not count, even when its message mentions 429', () => {
  expect(
    isRateLimit(failureOf(new ValidationError('order 429 has no lines', { system: 'chargebee', status: 400 }))),
  ).toBe(false);
  expect(isRateLimit({ message: 'HTTP 429 from the vendor' })).toBe(false);
  expect(isRateLimit(undefined)).toBe(false);
});
