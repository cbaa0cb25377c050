/**
 * Starts the real Temporal dev server for the test run, or reuses one that already answers (a developer's
 * `linkflow server`, or TEMPORAL_ADDRESS). Only when asked (LINKFLOW_TEST_TEMPORAL=1, set by `npm test`), so
 * that `npx jest test/sandboxes` runs without a server.
 */
import { loadConfig } from '../../config/config';
import { ensureTemporalServer, type RunningTemporal } from '../../temporal/dev-server';

declare global {
  // Shared with global-teardown, which jest runs in the same process.
  var linkflowTestServer: RunningTemporal | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Every run gets its own workflow-id prefix, so runs that share a server never meet each other's links.
  process.env.LINKFLOW_WORKFLOW_ID_PREFIX ??= `test-${Date.now().toString(36)}/`;
  if (process.env.LINKFLOW_TEST_TEMPORAL !== '1') return;
  // The same dev server (and SQLite file) as `linkflow server`, so `temporal workflow list` there shows the
  // workflows the tests ran, each under the run's id prefix.
  const config = loadConfig();
  globalThis.linkflowTestServer = await ensureTemporalServer(config, {
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(
    `Test workflows: temporal workflow list --namespace ${config.temporal.namespace} --query 'WorkflowId STARTS_WITH "${process.env.LINKFLOW_WORKFLOW_ID_PREFIX}"'\n`,
  );
}
