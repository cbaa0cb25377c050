/**
 * `linkflow bench [--quick] [--json] [flags]`: the API-budget benchmark of docs/BENCHMARKS.md (bench/run.ts).
 * It runs linkflow's parts as separate processes on a Temporal server, ports and data directory of its own
 * (never the shared dev server), under the vendors' real rate limits, beside a naive baseline script, and prints
 * every figure with its target; a standard run also rewrites its section of docs/BENCHMARKS.md.
 */
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchOptions } from '../../bench/options';
import { runBench } from '../../bench/run';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseBenchArgs(args);
  } catch (error) {
    // node:util parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags.
    const code = error instanceof TypeError && 'code' in error ? String(error.code) : '';
    if ((error instanceof BenchUsageError || code.startsWith('ERR_PARSE_ARGS')) && error instanceof Error) {
      process.stderr.write(`linkflow bench: ${error.message}\n${BENCH_USAGE}`);
      return 2;
    }
    throw error;
  }
  return runBench(options);
}
