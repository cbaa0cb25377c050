/**
 * What a workflow does when its activity fails after the activity's own retries: a failure that retrying can
 * fix (an outage of any length, a 429 storm, a timeout after a worker kill, expired credentials) holds the
 * batch and tries it again after a workflow timer, so no event is ever dropped; only a failure that retrying
 * cannot fix (the vendor refused the data, the mapping refused it) parks. Matched by failure type, never by
 * message text.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { Retrying } from '../model/sync-state';
import { failureMessage } from './failure-message';

/** Failures the activity marks permanent, but which a person fixes outside the record: wait, do not park. */
const WAIT_ON_TYPES = new Set(['AuthError']);

export const FIRST_RETRY_MS = 15_000;
export const LONGEST_RETRY_MS = 120_000;

export function waitsAndRetries(error: ActivityFailure): boolean {
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) return true; // timeouts, cancellation by a restart, server errors
  if (cause.type && WAIT_ON_TYPES.has(cause.type)) return true;
  return !cause.nonRetryable;
}

/**
 * The next hold: doubling from 15 s to at most 2 min, with a little jitter so held links do not stampede.
 * `firstMs` is shorter only in tests (a workflow input), so that they need not wait out real holds.
 */
export function nextRetrying(
  previous: Retrying | undefined,
  error: ActivityFailure,
  now: number,
  random: number,
  firstMs: number = FIRST_RETRY_MS,
): Retrying {
  const attempt = (previous?.attempt ?? 0) + 1;
  const base = Math.min(firstMs * 2 ** (attempt - 1), Math.max(LONGEST_RETRY_MS, firstMs));
  return { attempt, until: now + Math.round(base * (0.8 + 0.4 * random)), reason: failureMessage(error) };
}
