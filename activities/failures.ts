/**
 * Connector errors → Temporal failures. Retryable ones are retried by the activity's retry policy (429s
 * after the time the API asked for); the rest fail at once, and the workflow parks the link with the
 * message, which names the system, the record and the field.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { ConnectorError, RateLimitedError, TransientError } from '../connectors/errors';
import { BudgetBusyError } from '../connectors/common/token-bucket';

export function describeConnectorError(error: ConnectorError): string {
  const where = [error.system, error.record].filter(Boolean).join(' ');
  const field = error.field ? ` (field ${error.field})` : '';
  return `${where}${field}: ${error.message}`;
}

/** Rethrows any error as the failure Temporal should see. */
export function asActivityFailure(error: unknown): never {
  if (error instanceof ApplicationFailure) throw error;
  if (error instanceof BudgetBusyError) {
    // Only an inline find-or-create waits under a limit, and the merge then hands the work to its queue: by design,
    // so benign. The SDK logs a benign failure at DEBUG, not as a warning with a stack trace (docs/DECISIONS.md 158).
    throw ApplicationFailure.create({
      message: error.message,
      type: error.name,
      category: ApplicationFailureCategory.BENIGN,
      details: [{ expectedWaitMs: error.expectedWaitMs }],
    });
  }
  if (error instanceof RateLimitedError) {
    throw ApplicationFailure.create({
      message: describeConnectorError(error),
      type: 'RateLimitedError',
      nextRetryDelay: error.retryAfterMs ?? 1_000,
    });
  }
  if (error instanceof TransientError) {
    throw ApplicationFailure.create({
      message: describeConnectorError(error),
      type: error.name,
      nextRetryDelay: error.retryAfterMs,
    });
  }
  if (error instanceof ConnectorError) {
    throw ApplicationFailure.create({
      message: describeConnectorError(error),
      type: error.name,
      nonRetryable: !error.retryable,
    });
  }
  throw error;
}
