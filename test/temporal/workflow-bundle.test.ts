/**
 * What the workflow bundle carries. Every cached workflow evaluates the bundle's modules afresh (the SDK keeps
 * a module cache per workflow), so a library in it is paid once per cached link: with zod and the model's
 * schemas a cached link took about 1.6 MB, without them about 0.4 MB (docs/BENCHMARK-LOG.md, worker memory).
 * Workflow inputs are validated where they are made instead (docs/DECISIONS.md).
 */
import { workflowBundle } from '../../worker/create-worker';

test('the workflow bundle holds no zod and no connector or activity code', async () => {
  const { code } = await workflowBundle();
  const modules = [...code.matchAll(/!\*\*\* (\S+) \*\*\*!/g)].map((match) => match[1] ?? '');
  expect(modules.length).toBeGreaterThan(10);
  const offending = modules.filter(
    (module) => module.includes('node_modules/zod/') || /^\.\/(connectors|activities|sandboxes)\//.test(module),
  );
  expect(offending).toEqual([]);
}, 120_000);
