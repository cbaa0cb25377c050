/**
 * Timeouts and retries for linkflow's activities. Transient faults (5xx, dropped connections, 429) are
 * retried with backoff; 429s wait as long as the API asked (the activity sets nextRetryDelay). Errors that
 * retrying cannot fix are thrown non-retryable and park the link with the API's message.
 */
import { ActivityCancellationType, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

export const NON_RETRYABLE_ERRORS = ['ValidationError', 'AuthError', 'UnsupportedError', 'DataflowFileError'];

/**
 * A few quick attempts ride out a blip; after that the workflow holds the batch and retries on a timer of its
 * own (workflows/retry-backoff.ts), however long the outage, so that a worker-level retry never gives up an edit.
 */
export const activityOptions: ActivityOptions = {
  // Long, because an activity may wait its turn for the vendor's budget behind a first sync's backlog (a
  // Chargebee test site serves 150 requests a minute); liveness is the heartbeat's job. With 2 minutes,
  // activities that waited longer were timed out and retried while the first attempt went on writing:
  // requests spent twice and a first sync that stalled. Timeouts are not part of a replayed command.
  startToCloseTimeout: '30 minutes',
  // The activities heartbeat every 5 s (activities/keep-alive.ts): a killed worker is noticed in 20 s.
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
  },
};

/**
 * A record writer's backlog work, which a fresh change for the same record stops while it still waits for the
 * vendor's budget (docs/DECISIONS.md 131). The stop reaches the activity with a heartbeat's answer, and the SDK
 * sends heartbeats at most every 0.8 × the heartbeat timeout: 10 s here makes that 8 s, against 16 s for the
 * others. The workflow waits until the activity has stopped, so that no attempt writes beside the next.
 */
export const stoppableActivityOptions: ActivityOptions = {
  ...activityOptions,
  heartbeatTimeout: '10 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

/**
 * Find-or-create run inline by a merge workflow while its target has no backlog: a few requests, so seconds.
 * One attempt; on any failure or timeout the merge hands the request to the queued activity instead.
 */
export const inlineActivityOptions: LocalActivityOptions = {
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 1 },
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
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['AuthError'],
  },
};

/**
 * Since the poller survives failures: a few attempts (about 15 s), then the poller itself waits with a growing
 * timer and tries again, showing `failing` with the error meanwhile instead of "polling" while a retry loops.
 */
export const boundedPollActivityOptions: ActivityOptions = {
  ...pollActivityOptions,
  retry: { ...pollActivityOptions.retry, maximumAttempts: 5 },
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

/**
 * The live lane: fresh changes (a record created or edited while a first sync's backlog is being worked off)
 * run their activities on queues of their own, served by workers of their own, and their requests take the
 * connector's budget ahead of the backlog's (connectors/common/request-priority.ts). Targets again apart from
 * the links that wait for them.
 */
export const LIVE_QUEUE_SUFFIX = '/live';
export const LIVE_TARGETS_QUEUE_SUFFIX = '/targets-live';

/**
 * Pollers run on a workflow queue of their own, `<queue>/pollers`, served by a worker with its own workflow thread
 * and a cache of its own: on the main queue tens of thousands of links evicted them from the shared cache, and a
 * poller's wake waited behind the links' tasks and replayed its history first (up to 12.7 s a task under load;
 * docs/DECISIONS.md 157). Their activities still run on the main queue's lanes.
 */
export const POLLERS_QUEUE_SUFFIX = '/pollers';

/** The pollers' queue of a main queue. */
export function pollersQueue(mainQueue: string): string {
  return `${mainQueue}${POLLERS_QUEUE_SUFFIX}`;
}

/** The main queue of a workflow on `taskQueue`, the pollers' queue or the main queue itself. */
export function mainQueueOf(taskQueue: string): string {
  return taskQueue.endsWith(POLLERS_QUEUE_SUFFIX) ? taskQueue.slice(0, -POLLERS_QUEUE_SUFFIX.length) : taskQueue;
}

/** Whether a batch of events holds a fresh change (then it is handled in the live lane). */
export function holdsLiveChange(events: ReadonlyArray<object>): boolean {
  return events.some((event) => 'live' in event && event.live === true);
}
