import { TemporalFailure } from '@temporalio/workflow';

/**
 * Runs work inline (a local activity, in the workflow's own task) and answers undefined when it fails or times
 * out, so that the caller hands the same idempotent work to a queued activity. A local activity's failure or
 * timeout may arrive unwrapped, so any Temporal failure counts; anything else is a bug and is thrown.
 */
export async function attemptInline<T>(inline: () => Promise<T>): Promise<T | undefined> {
  try {
    return await inline();
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
    return undefined;
  }
}
