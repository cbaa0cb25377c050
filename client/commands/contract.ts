/**
 * `linkflow contract check <base-url> [--api-key K] [--json] [--only ID,...] [--rate-limit-probe N]`: runs the
 * Custom CRM conformance checks (contract/) against a live implementation and prints one line per check. Exit
 * code 0 only when no check fails, 1 when one does, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CONTRACT_CHECK_IDS, formatResult, formatSummary, runContractChecks, selectChecks } from '../../contract';

export interface Output {
  write(text: string): unknown;
}

const USAGE = `usage: linkflow contract check <base-url> [--api-key KEY] [--json] [--only ID,...] [--rate-limit-probe N]

Checks a live implementation of the Custom CRM contract (contracts/customcrm/openapi.yaml, docs/CUSTOM-CRM.md)
and says, one line per check, what passes and what fails with what was expected and what was seen. Exit code 0
only when no check fails (a skipped check does not fail the run).

THE CHECKS CREATE RECORDS in the implementation: about 35 customers, contacts, products and orders, each with
an externalId starting "linkflow-contract-check-<run>-" and a name or last name starting "linkflow contract
check <run>", so they can be found and deleted afterwards. They change only records they created, and delete
nothing. Run them against a test tenant where you can.

  <base-url>               the API's base URL (the resources are <base-url>/customers, ...)
  --api-key KEY            the API key (default: the CUSTOMCRM_API_KEY environment variable)
  --json                   the report as JSON instead of lines
  --only ID,...            only these checks, or groups of them (auth, errors, paging, feed, ...)
  --rate-limit-probe N     also provoke a 429 with up to N quick requests (skipped otherwise)

checks: ${CONTRACT_CHECK_IDS.join(', ')}
`;

const argsSchema = z.object({
  baseUrl: z.url({ error: 'the base URL must be a URL such as https://crm.example.com/linkflow/v1' }),
  apiKey: z.string().min(1, 'give the API key with --api-key or CUSTOMCRM_API_KEY'),
  json: z.boolean(),
  only: z.array(z.string().min(1)).optional(),
  rateLimitProbe: z.coerce.number().int('--rate-limit-probe takes a whole number').min(1).max(10_000).optional(),
});

const OPTIONS = {
  'api-key': { type: 'string' },
  json: { type: 'boolean' },
  only: { type: 'string' },
  'rate-limit-probe': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const parseCommandLine = (args: string[]) =>
  parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });

export async function run(
  args: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(args);
  } catch (error) {
    err.write(`linkflow contract: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    out.write(USAGE);
    return 0;
  }
  const [subcommand, baseUrl, ...extra] = positionals;
  if (subcommand !== 'check' || baseUrl === undefined || extra.length > 0) {
    err.write(
      `linkflow contract: ${subcommand !== 'check' ? 'the subcommand is check' : 'give one base URL'}\n\n${USAGE}`,
    );
    return 2;
  }
  const options = argsSchema.safeParse({
    baseUrl,
    apiKey: values['api-key'] ?? env['CUSTOMCRM_API_KEY'] ?? '',
    json: values.json === true,
    ...(values.only !== undefined ? { only: values.only.split(',').map((id) => id.trim()) } : {}),
    ...(values['rate-limit-probe'] !== undefined ? { rateLimitProbe: values['rate-limit-probe'] } : {}),
  });
  if (!options.success) {
    err.write(`linkflow contract: ${options.error.issues.map((issue) => issue.message).join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const { json, only, rateLimitProbe } = options.data;
  try {
    selectChecks(only);
  } catch (error) {
    err.write(`linkflow contract: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (!json) out.write(`Checking ${options.data.baseUrl} against the Custom CRM contract…\n`);
  const report = await runContractChecks({
    baseUrl: options.data.baseUrl,
    apiKey: options.data.apiKey,
    ...(only !== undefined ? { only } : {}),
    ...(rateLimitProbe !== undefined ? { rateLimitProbe } : {}),
    ...(json ? {} : { onResult: (result) => out.write(`${formatResult(result)}\n`) }),
  });
  out.write(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatSummary(report)}\n`);
  return report.failed === 0 ? 0 : 1;
}
