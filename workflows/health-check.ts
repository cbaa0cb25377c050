/**
 * A one-shot round trip through the whole stack (client → server → worker → activity → back), used by
 * `linkflow doctor` and the tests to prove that a worker is serving linkflow's task queue.
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities/health';

const { reportWorkerHealth } = proxyActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });

export interface HealthCheckResult {
  requestedBy: string;
  worker: activities.WorkerHealth;
}

export async function healthCheckWorkflow(requestedBy: string): Promise<HealthCheckResult> {
  const worker = await reportWorkerHealth();
  return { requestedBy, worker };
}
