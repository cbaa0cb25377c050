/**
 * Memory probe: N link workflows held open in the worker's cache, with fake activities, and the process's RSS
 * (and the main thread's heap) every 1,000 links and at the end. Usage:
 * tsx scripts/probe-workflow-memory.ts <links> [cache]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../activities/link-activities';
import { sourceObservedSignal } from '../workflows/messages';
import { startTestWorker } from '../test/support/temporal';

const rssMiB = (): number => {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
};

async function main(): Promise<void> {
  const links = Number(process.argv[2] ?? 300);
  process.env.LINKFLOW_MAX_CACHED_WORKFLOWS = process.argv[3] ?? String(links);
  let done = 0;
  const temporal = await startTestWorker({
    processLinkEvents: async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
      // PROBE_HOLD_MS: how long each activity holds its slot (a link's activity waits for its merge workflow).
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.PROBE_HOLD_MS ?? 0)));
      done += 1;
      return {
        state: {
          ...input.state,
          status: 'linked',
          target: { system: 'chargebee', type: 'customer', id: `t-${input.events.length}` },
        },
        dependencies: [],
      };
    },
    requestDependencies: async () => undefined,
  });
  const before = rssMiB();
  console.log(`worker up: RSS ${before} MiB`);
  const started = Date.now();
  const batch = 50;
  const heapMiB = (): string => {
    const usage = process.memoryUsage();
    const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
    return `heap ${mib(usage.heapUsed)}/${mib(usage.heapTotal)} MiB, external ${mib(usage.external)} MiB`;
  };
  for (let i = 0; i < links; i += batch) {
    if (i > 0 && i % 1000 === 0) console.log(`${i} links started: RSS ${rssMiB()} MiB, ${heapMiB()}`);
    await Promise.all(
      Array.from({ length: Math.min(batch, links - i) }, (_, j) =>
        temporal.client.workflow.signalWithStart('linkWorkflow', {
          workflowId: `${temporal.config.workflowIdPrefix}probe/${randomUUID()}`,
          taskQueue: temporal.taskQueue,
          args: [
            {
              dataflow: 'poweroffice-to-chargebee',
              source: { system: 'poweroffice-go', resource: 'ContactPersons', id: String(i + j) },
            },
          ],
          signal: sourceObservedSignal,
          signalArgs: [
            {
              system: 'poweroffice-go',
              type: 'ContactPersons',
              id: String(i + j),
              version: 1,
              changedAt: 1,
              deleted: false,
              data: { Id: i + j, FirstName: `n${i + j}` },
            },
          ],
        }),
      ),
    );
  }
  while (done < links) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 3000));
  const after = rssMiB();
  console.log(
    `${heapMiB()}; ${links} links linked in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${after} MiB; ` +
      `${(((after - before) * 1024) / links).toFixed(0)} KiB per cached link`,
  );
  await temporal.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
