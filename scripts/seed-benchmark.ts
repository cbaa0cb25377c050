/**
 * `node bin/run-ts.js scripts/seed-benchmark.ts [--profile benchmark|default] [--seed N] [--json]`: times the
 * seeder on this machine. It generates the company, then loads it into fresh sandboxes (both of them started on
 * free loopback ports with SQLite files in a new temporary directory, as `linkflow sandbox start` runs them), and
 * prints how long each step took with the machine's load, since the figures are only meaningful beside it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sandboxPlugins } from '../config/systems';
import { sandboxOf, startSandboxes } from '../sandboxes';
import { companyProfileSchema, generateCompany } from '../sandboxes/seeder';

const argsSchema = z.object({
  profile: companyProfileSchema.default('benchmark'),
  seed: z.coerce.number().int().default(1),
  json: z.boolean().default(false),
});

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { profile: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-seed-'));
  const loadBefore = os.loadavg()[0] ?? 0;
  const sandboxes = await startSandboxes({ dataDir, anyFreePort: true, seed: false });
  try {
    const plugins = sandboxPlugins();
    let started = performance.now();
    const company = generateCompany({ profile: args.profile, seed: args.seed });
    const generateMs = performance.now() - started;

    started = performance.now();
    // Every sandbox's part, as `startSandboxes` seeds them.
    const loaded: Record<string, Record<string, number>> = {};
    for (const sandbox of plugins) loaded[sandbox.system] = sandbox.seed(sandboxOf(sandboxes, sandbox.system), company);
    const loadMs = performance.now() - started;

    const figures = {
      profile: args.profile,
      seed: args.seed,
      generateSeconds: seconds(generateMs),
      loadSeconds: seconds(loadMs),
      totalSeconds: seconds(generateMs + loadMs),
      loaded,
      databaseMegabytes: Math.round(fs.statSync(path.join(dataDir, 'poweroffice-go.sqlite')).size / 1e5) / 10,
      machine: {
        cores: os.availableParallelism(),
        loadAverageBefore: Math.round(loadBefore * 100) / 100,
        loadAverageAfter: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
        node: process.version,
      },
    };
    if (args.json) {
      console.log(JSON.stringify(figures, null, 2));
    } else {
      const { loaded, machine } = figures;
      console.log(`seeder, profile ${figures.profile} (seed ${figures.seed}):`);
      console.log(`  generate  ${figures.generateSeconds.toFixed(1)} s`);
      console.log(`  load      ${figures.loadSeconds.toFixed(1)} s  (${figures.databaseMegabytes} MB of SQLite)`);
      console.log(`  total     ${figures.totalSeconds.toFixed(1)} s`);
      for (const [system, counts] of Object.entries(loaded)) {
        const shown = Object.entries(counts).map(([resource, count]) => `${count} ${resource}`);
        console.log(`  loaded    ${system}: ${shown.join(', ') || 'nothing'}`);
      }
      console.log(
        `  machine   ${machine.cores} cores, load average ${machine.loadAverageBefore} before, ` +
          `${machine.loadAverageAfter} after, Node ${machine.node}`,
      );
    }
  } finally {
    await sandboxes.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
