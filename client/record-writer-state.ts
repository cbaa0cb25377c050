/**
 * A record writer's state, for `linkflow link show` and the tests. A writer started with its state waits for its
 * first event without running (docs/DECISIONS.md 128); the server refuses a query until it has run, and its state
 * is then the one it was started with, read from the first event of its history.
 */
import { ServiceError, type Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { newRecordState } from '../model/record-state';
import type { RecordState } from '../model/sync-state';
import { recordWorkflowInputSchema } from '../model/workflow-inputs';
import { recordStateQuery } from '../workflows/messages';

export async function recordWriterState(client: Client, workflowId: string): Promise<RecordState> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.query(recordStateQuery);
  } catch (error) {
    if (!hasNotRunYet(error)) throw error;
  }
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error(`${workflowId}: the writer has not run and its start carries no input`);
  const input = recordWorkflowInputSchema.parse(defaultPayloadConverter.fromPayload(payload));
  return input.state ?? newRecordState(input.target);
}

/** gRPC's FAILED_PRECONDITION, the server's answer to a query before the workflow's first task (WorkflowNotReady). */
const FAILED_PRECONDITION = 9;

function hasNotRunYet(error: unknown): boolean {
  if (!(error instanceof ServiceError)) return false;
  const cause: unknown = error.cause;
  return typeof cause === 'object' && cause !== null && 'code' in cause && cause.code === FAILED_PRECONDITION;
}
