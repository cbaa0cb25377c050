/**
 * Timeouts and retries for linkflow's activities. Transient faults (5xx, dropped connections, 429) are
 * retried with backoff; 429s wait as long as the API asked (the activity sets nextRetryDelay). Errors that
 * retrying cannot fix are thrown non-retryable and park the link with the API's message.
 */
import type { ActivityOptions } from '@temporalio/workflow';

export const NON_RETRYABLE_ERRORS = ['ValidationError', 'AuthError', 'UnsupportedError', 'DataflowFileError'];

export const activityOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};

/** Waiting for dependencies can take as long as their own first sync: longer timeout, steady retries. */
export const dependencyActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 1.5,
    maximumInterval: '30 seconds',
    maximumAttempts: 40,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};

/** Polling reads a page of changes: a short timeout and a heartbeat so a dead worker is noticed. */
export const pollActivityOptions: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['AuthError'] },
};

/**
 * Activities that wait for other workflows run on task queues of their own, so they can never hold every
 * slot of the queue that the work they wait for needs (a deadlock once 100 links wait at once):
 * - link activities (main queue) wait for merge workflows, whose find-or-create runs on `<queue>/targets`,
 *   which waits for nothing;
 * - an order's wait for its customer and items runs on `<queue>/dependencies`, and what it waits for runs on
 *   the main queue.
 */
export const TARGETS_QUEUE_SUFFIX = '/targets';
export const DEPENDENCIES_QUEUE_SUFFIX = '/dependencies';
