/**
 * Timeouts and retries for linkflow's activities. Transient faults (5xx, dropped connections, 429) are
 * retried with backoff; 429s wait as long as the API asked (the activity sets nextRetryDelay). Errors that
 * retrying cannot fix are thrown non-retryable and park the link with the API's message.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

export const NON_RETRYABLE_ERRORS = ['ValidationError', 'AuthError', 'UnsupportedError', 'DataflowFileError', 'MappingProblem'];

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

/**
 * The record writer's and the merge workflow's short activities run as local activities: in the workflow's own
 * worker, recorded in the same workflow task, so a new record costs two round trips to the server fewer.
 * They wait for no other workflow, so they cannot starve what they would wait for.
 */
export const localActivityOptions: LocalActivityOptions = {
  startToCloseTimeout: '2 minutes',
  localRetryThreshold: '10 seconds',
  retry: activityOptions.retry,
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
 * An activity that waits for other workflows runs on a task queue of its own, so it can never hold every slot
 * of the queue that the work it waits for needs (a deadlock once 100 orders wait at once): an order's wait for
 * its customer and items runs on `<queue>/dependencies`; what it waits for runs on the main queue. Link
 * activities wait for merge workflows, whose find-or-create is a local activity with slots of its own.
 */
export const DEPENDENCIES_QUEUE_SUFFIX = '/dependencies';
