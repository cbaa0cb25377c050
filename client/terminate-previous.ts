/**
 * Ends the workflows an earlier run left behind under an id prefix (a demo or benchmark run that was
 * stopped with Ctrl-C or killed): otherwise their links would keep calling into sandboxes that have since
 * been reset. Uses the server's batch operation, then waits until visibility shows none running.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';

export async function terminatePrevious(
  client: Client,
  namespace: string,
  idPrefix: string,
  reason: string,
): Promise<number> {
  const query = `WorkflowId STARTS_WITH "${idPrefix.replace(/"/g, '')}" AND ExecutionStatus = "Running"`;
  const { count } = await client.workflow.count(query);
  if (count === 0) return 0;
  await client.workflowService.startBatchOperation({
    namespace,
    jobId: randomUUID(),
    visibilityQuery: query,
    reason,
    terminationOperation: {},
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && (await client.workflow.count(query)).count > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return count;
}
