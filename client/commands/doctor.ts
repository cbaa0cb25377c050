/**
 * `linkflow doctor`: proves that the server answers and a worker serves linkflow's task queue, by running
 * the health-check workflow once.
 */
import { loadConfig } from '../../config/config';
import { connectClient, isServerReachable, temporalAddress } from '../../temporal/connection';
import { healthCheckWorkflow } from '../../workflows';

export async function run(): Promise<number> {
  const config = loadConfig();
  if (!(await isServerReachable(config))) {
    console.error(`No Temporal server answers at ${temporalAddress(config)}. Start one with \`npx linkflow server\`.`);
    return 1;
  }
  const client = await connectClient(config);
  try {
    const result = await client.workflow.execute(healthCheckWorkflow, {
      taskQueue: config.temporal.taskQueue,
      workflowId: `${config.workflowIdPrefix}doctor/${Date.now()}`,
      args: ['linkflow doctor'],
      workflowExecutionTimeout: '20 seconds',
    });
    console.log(
      `Server ${temporalAddress(config)} and a worker on ${result.worker.host} (pid ${result.worker.pid}) answer.`,
    );
    return 0;
  } catch (error) {
    console.error(
      `The server answers but no worker finished the health check within 20 s (${String(error)}). Start one with \`npx linkflow worker\`.`,
    );
    return 1;
  } finally {
    await client.connection.close();
  }
}
