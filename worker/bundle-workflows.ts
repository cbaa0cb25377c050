/**
 * Child process of `workflowBundleFromChild` (worker/create-worker.ts): bundles the workflow code and writes it
 * to the path it is given.
 */
import { writeFile } from 'node:fs/promises';
import { workflowBundle } from './create-worker';

async function main(): Promise<void> {
  const codePath = process.argv[2];
  if (codePath === undefined) throw new Error('usage: bundle-workflows <output path>');
  const { code } = await workflowBundle();
  await writeFile(codePath, code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
