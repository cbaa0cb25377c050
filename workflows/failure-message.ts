import type { ActivityFailure } from '@temporalio/workflow';

/** The innermost message of an activity failure: the API's own words. */
export function failureMessage(error: ActivityFailure): string {
  let cause: Error | undefined = error;
  while (cause?.cause instanceof Error) cause = cause.cause;
  return cause?.message ?? error.message;
}
