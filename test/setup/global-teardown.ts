/**
 * Ends the workflows this run left running (links live for ever by design), so that they stay listed in the
 * dev server's history but do not pile up as running executions; then stops the server if the set-up
 * started it.
 */
import { loadConfig } from '../../config/config';
import { terminatePrevious } from '../../client/terminate-previous';
import { connectClient } from '../../temporal/connection';

export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.LINKFLOW_WORKFLOW_ID_PREFIX;
  if (process.env.LINKFLOW_TEST_TEMPORAL === '1' && prefix) {
    const config = loadConfig();
    const client = await connectClient(config);
    try {
      await terminatePrevious(client, config.temporal.namespace, prefix, 'the test run finished');
    } finally {
      await client.connection.close();
    }
  }
  await globalThis.linkflowTestServer?.stop();
}
