/**
 * Runs the conformance checks against a live implementation of the Custom CRM contract and collects one result
 * per check: PASS, FAIL (with what the contract expects and what was seen) or SKIP (with why). A run passes
 * when no check fails; a skipped check (the rate limit when not probed, ties that did not occur) is reported,
 * not counted against the implementation.
 */
import { randomBytes } from 'node:crypto';
import { CUSTOMCRM_CONTRACT_VERSION } from '../generated/customcrm';
import { CONTRACT_CHECKS, type ContractCheck } from './checks';
import { ContractHttp } from './http';
import { CheckFailed, CheckSkipped, createRecord, type CheckContext, type ContractRecord } from './support';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** For a failure: what the contract expects. */
  expected?: string;
  /** For a failure: what the implementation did. */
  seen?: string;
  /** For a pass or a skip: a remark (what was exercised, or why not). */
  note?: string;
  ms: number;
}

export interface ContractReport {
  baseUrl: string;
  contractVersion: string;
  /** Tags every record this run created: `linkflow-contract-check-<runId>-…`. */
  runId: string;
  startedAt: string;
  passed: number;
  failed: number;
  skipped: number;
  requests: number;
  results: CheckResult[];
}

export interface ContractCheckOptions {
  baseUrl: string;
  apiKey: string;
  /** Check ids (or prefixes such as `feed`) to run; all when absent. */
  only?: readonly string[];
  /** Requests the rate-limit probe may send; 0 or absent skips that check. */
  rateLimitProbe?: number;
  /** Called as each check ends (the CLI prints as it goes). */
  onResult?: (result: CheckResult) => void;
  timeoutMs?: number;
}

export const CONTRACT_CHECK_IDS: readonly string[] = CONTRACT_CHECKS.map((check) => check.id);

/** The checks `only` selects: exact ids, or every check under a prefix (`feed` → `feed.*`). */
export function selectChecks(only: readonly string[] | undefined): ContractCheck[] {
  if (only === undefined || only.length === 0) return [...CONTRACT_CHECKS];
  const unknown = only.filter(
    (name) => !CONTRACT_CHECKS.some((check) => check.id === name || check.id.startsWith(`${name}.`)),
  );
  if (unknown.length > 0) {
    throw new Error(`no check ${unknown.join(', ')} (checks: ${CONTRACT_CHECK_IDS.join(', ')})`);
  }
  return CONTRACT_CHECKS.filter((check) => only.some((name) => check.id === name || check.id.startsWith(`${name}.`)));
}

/** A customer and a product made once per run, for the checks that need one to point at. */
function fixtures(ctx: Omit<CheckContext, 'fixtures'>): CheckContext['fixtures'] {
  let customer: Promise<ContractRecord> | undefined;
  let product: Promise<ContractRecord> | undefined;
  const needed = (what: string, making: Promise<ContractRecord>): Promise<ContractRecord> =>
    making.catch((error: unknown) => {
      if (error instanceof CheckFailed) {
        throw new CheckFailed(`to create the ${what} this check needs: ${error.expected}`, error.seen);
      }
      throw error;
    });
  return {
    customer: () =>
      (customer ??= needed(
        'customer',
        createRecord(ctx, 'customers', { externalId: ctx.externalId('fixture-customer'), name: ctx.label('fixture') }),
      )),
    product: () =>
      (product ??= needed(
        'product',
        createRecord(ctx, 'products', {
          externalId: ctx.externalId('fixture-product'),
          code: `LF-${ctx.runId}-FIXTURE`.toUpperCase(),
          name: ctx.label('fixture'),
          price: '1.00',
          currency: 'NOK',
        }),
      )),
  };
}

export async function runContractChecks(options: ContractCheckOptions): Promise<ContractReport> {
  const checks = selectChecks(options.only);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const http = new ContractHttp({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const base = {
    http,
    runId,
    externalId: (purpose: string) => `linkflow-contract-check-${runId}-${purpose}`.slice(0, 100),
    label: (purpose: string) => `linkflow contract check ${runId} ${purpose}`.slice(0, 100),
    rateLimitProbe: options.rateLimitProbe ?? 0,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
  const ctx: CheckContext = { ...base, fixtures: fixtures(base) };
  const report: ContractReport = {
    baseUrl: options.baseUrl,
    contractVersion: CUSTOMCRM_CONTRACT_VERSION,
    runId,
    startedAt: new Date().toISOString(),
    passed: 0,
    failed: 0,
    skipped: 0,
    requests: 0,
    results: [],
  };
  for (const check of checks) {
    const started = Date.now();
    let result: CheckResult;
    try {
      const note = await check.run(ctx);
      result = { id: check.id, title: check.title, status: 'pass', ...(note ? { note } : {}), ms: 0 };
    } catch (error: unknown) {
      if (error instanceof CheckFailed) {
        result = {
          id: check.id,
          title: check.title,
          status: 'fail',
          expected: error.expected,
          seen: error.seen,
          ms: 0,
        };
      } else if (error instanceof CheckSkipped) {
        result = { id: check.id, title: check.title, status: 'skip', note: error.note, ms: 0 };
      } else {
        const message = error instanceof Error ? error.message : String(error);
        result = {
          id: check.id,
          title: check.title,
          status: 'fail',
          expected: 'the check to run',
          seen: `it broke: ${message}`,
          ms: 0,
        };
      }
    }
    result.ms = Date.now() - started;
    report.results.push(result);
    if (result.status === 'pass') report.passed += 1;
    else if (result.status === 'fail') report.failed += 1;
    else report.skipped += 1;
    options.onResult?.(result);
  }
  report.requests = http.requests;
  return report;
}

/** One line per check: `PASS  id  title`, `FAIL  id  title — expected …; seen …`, `SKIP  id  title — why`. */
export function formatResult(result: CheckResult, idWidth = 24): string {
  const head = `${result.status.toUpperCase()}  ${result.id.padEnd(idWidth)}  ${result.title}`;
  if (result.status === 'fail')
    return `${head}\n      expected: ${result.expected ?? ''}\n      seen:     ${result.seen ?? ''}`;
  return result.note ? `${head} (${result.note})` : head;
}

export function formatSummary(report: ContractReport): string {
  const verdict = report.failed === 0 ? 'conforms' : 'does NOT conform';
  return (
    `${report.baseUrl} ${verdict} to the Custom CRM contract ${report.contractVersion}: ` +
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped, ${report.requests} requests. ` +
    `Records created by this run carry externalIds starting linkflow-contract-check-${report.runId}-.`
  );
}
