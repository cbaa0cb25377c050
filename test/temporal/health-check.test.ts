import * as healthActivities from '../../activities/health';
import { healthCheckWorkflow } from '../../workflows';
import { startTestWorker, type TemporalTestContext } from '../support/temporal';

let temporal: TemporalTestContext;
beforeAll(async () => {
  temporal = await startTestWorker({ ...healthActivities });
}, 120_000);
afterAll(async () => temporal.close());

test('a workflow runs end to end through a real worker on the real server', async () => {
  const workflowId = `${temporal.config.workflowIdPrefix}health/${Date.now()}`;
  const result = await temporal.client.workflow.execute(healthCheckWorkflow, {
    taskQueue: temporal.taskQueue,
    workflowId,
    args: ['jest'],
  });
  expect(result.requestedBy).toBe('jest');
  expect(result.worker.pid).toBe(process.pid);
  const description = await temporal.client.workflow.getHandle(workflowId).describe();
  expect(description.status.name).toBe('COMPLETED');
});
