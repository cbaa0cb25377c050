/**
 * Asks a merge workflow to resolve a request as a link does: update-with-start on the merge's id.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { MergeWorkflowInput, ResolveRequest, ResolveResult } from '../../model/workflow-inputs';
import { resolveTargetUpdate } from '../../workflows/messages';
import type { TemporalTestContext } from './temporal';

export function resolveInMerge(
  temporal: TemporalTestContext,
  workflowId: string,
  request: ResolveRequest,
  input: MergeWorkflowInput = { system: 'chargebee', type: 'customer' },
): Promise<ResolveResult> {
  return temporal.client.workflow.executeUpdateWithStart(resolveTargetUpdate, {
    args: [request],
    startWorkflowOperation: new WithStartWorkflowOperation('mergeWorkflow', {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
}
