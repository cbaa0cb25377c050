/**
 * The `linkflow` command: one file per command under client/commands, each exporting `run(args)`. A command's
 * module is loaded only when it runs: a long-running worker does not carry the benchmark, the chaos campaign
 * or the sandboxes in its memory (docs/DECISIONS.md 101). Required, not imported: under tsx's CommonJS hook
 * `import()` goes to Node's ESM loader, which does not run TypeScript.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- commands are required lazily, see above */

type CommandModule = { run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => CommandModule }> = {
  demo: {
    summary: 'seed the sandboxes and run the full demo sync (--exit-when-done for scripts)',
    load: () => require('./commands/demo') as typeof import('./commands/demo'),
  },
  server: {
    summary: 'run the Temporal server (embedded dev server unless TEMPORAL_ADDRESS is set)',
    load: () => require('./commands/server') as typeof import('./commands/server'),
  },
  worker: {
    summary: "run a worker on linkflow's task queue",
    load: () => require('./commands/worker') as typeof import('./commands/worker'),
  },
  sync: {
    summary: 'start, stop or show the sync: sync start|stop|status [--json]',
    load: () => require('./commands/sync') as typeof import('./commands/sync'),
  },
  link: {
    summary: 'inspect or retry one link: link show|retry <system> <type> <id>',
    load: () => require('./commands/link') as typeof import('./commands/link'),
  },
  sandbox: {
    summary: 'run the local sandbox of every system: sandbox start|reset',
    load: () => require('./commands/sandbox') as typeof import('./commands/sandbox'),
  },
  authorize: {
    summary: "the one-time authorization of a system that needs a person's consent: authorize <system>",
    load: () => require('./commands/authorize') as typeof import('./commands/authorize'),
  },
  dataflows: {
    summary: 'list the implemented mappings (--json for tooling)',
    load: () => require('./commands/dataflows') as typeof import('./commands/dataflows'),
  },
  doctor: {
    summary: 'check that server and worker answer, with a round trip through a workflow',
    load: () => require('./commands/doctor') as typeof import('./commands/doctor'),
  },
  bench: {
    summary: 'the API-budget benchmark against rate-limited sandboxes (--quick: a few minutes)',
    load: () => require('./commands/bench') as typeof import('./commands/bench'),
  },
  chaos: {
    summary: 'fault campaign: nothing lost or duplicated (--quick)',
    load: () => require('./commands/chaos') as typeof import('./commands/chaos'),
  },
  contract: {
    summary: 'check a Custom CRM implementation: contract check <base-url> [--api-key K] [--json]',
    load: () => require('./commands/contract') as typeof import('./commands/contract'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: linkflow <command> [options]\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`linkflow: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.load().run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`linkflow: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
