/**
 * The `linkflow` command: one file per command under client/commands, each exporting `run(args)`.
 */
import * as demoCommand from './commands/demo';
import * as serverCommand from './commands/server';
import * as workerCommand from './commands/worker';
import * as syncCommand from './commands/sync';
import * as linkCommand from './commands/link';
import * as sandboxCommand from './commands/sandbox';
import * as dataflowsCommand from './commands/dataflows';
import * as doctorCommand from './commands/doctor';
import * as benchCommand from './commands/bench';
import * as chaosCommand from './commands/chaos';
import * as authorizeCommand from './commands/authorize';
import * as contractCommand from './commands/contract';

type CommandModule = { run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, { summary: string; command: CommandModule }> = {
  demo: {
    summary: 'seed the sandboxes and run the full demo sync (--exit-when-done for scripts)',
    command: demoCommand,
  },
  server: {
    summary: 'run the Temporal server (embedded dev server unless TEMPORAL_ADDRESS is set)',
    command: serverCommand,
  },
  worker: { summary: "run a worker on linkflow's task queue", command: workerCommand },
  sync: { summary: 'start, stop or show the sync: sync start|stop|status [--json]', command: syncCommand },
  link: { summary: 'inspect or retry one link: link show|retry <system> <type> <id>', command: linkCommand },
  sandbox: {
    summary: 'run the local sandbox of every system: sandbox start|reset',
    command: sandboxCommand,
  },
  authorize: {
    summary: "the one-time authorization of a system that needs a person's consent: authorize <system>",
    command: authorizeCommand,
  },
  dataflows: { summary: 'list the implemented mappings (--json for tooling)', command: dataflowsCommand },
  doctor: {
    summary: 'check that server and worker answer, with a round trip through a workflow',
    command: doctorCommand,
  },
  bench: {
    summary: 'the API-budget benchmark against rate-limited sandboxes (--quick: a few minutes)',
    command: benchCommand,
  },
  chaos: { summary: 'fault campaign: nothing lost or duplicated (--quick)', command: chaosCommand },
  contract: {
    summary: 'check a Custom CRM implementation: contract check <base-url> [--api-key K] [--json]',
    command: contractCommand,
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
  return command.command.run(args);
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
