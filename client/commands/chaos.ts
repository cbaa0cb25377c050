/**
 * `linkflow chaos [--quick] [flags]`: the fault campaign of docs/RELIABILITY.md. It runs linkflow's parts as
 * separate processes on a Temporal server, ports and data directory of its own (never the shared dev server),
 * injects faults, and exits non-zero when anything was lost, duplicated, left unparked or leaked.
 */
import { runCampaign } from '../../chaos/campaign';
import { CHAOS_USAGE, ChaosUsageError, parseChaosArgs, type ChaosOptions } from '../../chaos/options';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(CHAOS_USAGE);
    return 0;
  }
  let options: ChaosOptions;
  try {
    options = parseChaosArgs(args);
  } catch (error) {
    // node:util parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown or malformed flags.
    const code = error instanceof TypeError && 'code' in error ? String(error.code) : '';
    const parseError = code.startsWith('ERR_PARSE_ARGS');
    if ((error instanceof ChaosUsageError || parseError) && error instanceof Error) {
      process.stderr.write(`linkflow chaos: ${error.message}\n${CHAOS_USAGE}`);
      return 2;
    }
    throw error;
  }
  return runCampaign(options);
}
