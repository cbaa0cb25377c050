/**
 * `linkflow contract check` against the reference sandbox: it passes there, and against sandboxes broken on
 * purpose (their `deviations`) exactly the checks for the broken rule fail, each saying what was expected and
 * what was seen. In-process, on port 0.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run as runContractCommand } from '../../client/commands/contract';
import { formatResult, runContractChecks, type ContractReport } from '../../contract';
import { startCustomCrmSandbox, type CustomCrmSandbox, type CustomCrmSandboxOptions } from '../../sandboxes/customcrm';

describe('linkflow contract check', () => {
  let dir: string;
  const running: CustomCrmSandbox[] = [];

  const start = async (options: Partial<CustomCrmSandboxOptions> = {}): Promise<CustomCrmSandbox> => {
    const sandbox = await startCustomCrmSandbox({
      port: 0,
      dataFile: path.join(dir, `crm-${running.length}.sqlite`),
      rateLimitPerMinute: 100_000,
      ...options,
    });
    running.push(sandbox);
    return sandbox;
  };
  const check = async (
    sandbox: CustomCrmSandbox,
    options: { only?: string[]; rateLimitProbe?: number } = {},
  ): Promise<ContractReport> =>
    runContractChecks({ baseUrl: sandbox.baseUrl, apiKey: sandbox.credentials['apiKey'] ?? '', ...options });
  const failing = (report: ContractReport): string[] =>
    report.results.filter((result) => result.status === 'fail').map((result) => result.id);
  const resultOf = (report: ContractReport, id: string) => report.results.find((result) => result.id === id);

  const capture = () => {
    let text = '';
    return { write: (chunk: string) => (text += chunk), text: () => text };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkflow-contract-check-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((sandbox) => sandbox.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the reference sandbox passes every check', async () => {
    const report = await check(await start());
    expect(failing(report)).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(19);
    expect(resultOf(report, 'rate-limit')).toMatchObject({ status: 'skip', note: expect.stringMatching(/not probed/) });
    // The records it made are tagged with the run.
    expect(report.requests).toBeLessThan(120);
  });

  test('with a clock of whole seconds the records created at once share an instant, and the ties check passes', async () => {
    const report = await check(await start({ clockResolutionMs: 1000 }), { only: ['feed'] });
    expect(failing(report)).toEqual([]);
    expect(resultOf(report, 'feed.ties')).toMatchObject({
      status: 'pass',
      note: expect.stringMatching(/records shared/),
    });
  });

  test('the rate limit is provoked when asked: 429, Retry-After and a problem', async () => {
    const limited = await check(await start({ rateLimitPerMinute: 20 }), { only: ['rate-limit'], rateLimitProbe: 100 });
    expect(resultOf(limited, 'rate-limit')).toMatchObject({
      status: 'pass',
      note: expect.stringMatching(/Retry-After/),
    });
    const generous = await check(await start(), { only: ['rate-limit'], rateLimitProbe: 16 });
    expect(resultOf(generous, 'rate-limit')).toMatchObject({
      status: 'skip',
      note: expect.stringMatching(/no 429 after 16/),
    });
  });

  test.each([
    {
      deviation: 'inclusiveUpdatedSince' as const,
      fails: ['feed.exclusive'],
      seen: /listed: the filter is inclusive \(>=\)/,
    },
    {
      deviation: 'offsetCursor' as const,
      fails: ['feed.edit-after-cursor'],
      seen: /cus_\d+ 0 times/,
    },
    {
      deviation: 'createIgnoresExternalId' as const,
      fails: ['create.idempotent'],
      seen: /201 and a new record customers\/cus_\d+: a retried create duplicates/,
    },
    {
      deviation: 'patchReplaces' as const,
      fails: ['patch.merge', 'patch.no-op'],
      seen: /email "contract-check@example.com" → null \(not in the patch\)/,
    },
    {
      deviation: 'plainErrors' as const,
      fails: [
        'auth.missing-key',
        'auth.wrong-key',
        'errors.not-found',
        'errors.bad-parameter',
        'errors.validation',
        'errors.unknown-field',
      ],
      seen: /application\/json .*the media type must be application\/problem\+json/,
    },
  ])('a sandbox with $deviation fails exactly $fails, saying why', async ({ deviation, fails, seen }) => {
    const report = await check(await start({ deviations: [deviation] }));
    expect(failing(report)).toEqual(fails);
    const first = resultOf(report, fails[0] ?? '');
    expect(first?.seen).toMatch(seen);
    expect(first?.expected).toBeTruthy();
  });

  test('a cursor that keeps only updatedAt loses records sharing an instant', async () => {
    // A clock of whole minutes: the four records the edit check creates share an instant even on a loaded
    // machine (with whole seconds they straddled a tick now and then, and nothing was lost to show).
    const report = await check(await start({ deviations: ['cursorWithoutId'], clockResolutionMs: 60_000 }), {
      only: ['feed.ties', 'feed.edit-after-cursor'],
    });
    expect(failing(report)).toEqual(['feed.edit-after-cursor', 'feed.ties']);
    const ties = resultOf(report, 'feed.ties');
    expect(ties?.seen).toMatch(/lost .*; 8 shared/);
    expect(formatResult(ties ?? { id: '', title: '', status: 'fail', ms: 0 })).toMatch(
      /^FAIL {2}feed\.ties .*\n {6}expected: each of 8 records created at once exactly once.*\n {6}seen: {5}\d+ lost/,
    );
  });

  test('the command prints one line per check and exits 0 only when nothing fails', async () => {
    const good = await start();
    const out = capture();
    const err = capture();
    const key = good.credentials['apiKey'] ?? '';
    expect(await runContractCommand(['check', good.baseUrl, '--api-key', key, '--only', 'auth,create'], out, err)).toBe(
      0,
    );
    expect(out.text()).toMatch(/^PASS {2}auth\.missing-key /m);
    expect(out.text()).toMatch(/^PASS {2}create\.idempotent /m);
    expect(out.text()).toMatch(/conforms to the Custom CRM contract 1\.0\.0: 3 passed, 0 failed/);

    const broken = await start({ deviations: ['createIgnoresExternalId'] });
    const brokenOut = capture();
    const env = { CUSTOMCRM_API_KEY: key };
    expect(await runContractCommand(['check', broken.baseUrl, '--only', 'create'], brokenOut, err, env)).toBe(1);
    expect(brokenOut.text()).toMatch(/^FAIL {2}create\.idempotent .*\n {6}expected: POST \/customers again/m);
    expect(brokenOut.text()).toMatch(/does NOT conform/);

    const json = capture();
    expect(await runContractCommand(['check', broken.baseUrl, '--json', '--only', 'create'], json, err, env)).toBe(1);
    expect(JSON.parse(json.text())).toMatchObject({
      failed: 1,
      results: [{ id: 'create.idempotent', status: 'fail' }],
    });

    expect(await runContractCommand(['check'], out, err, {})).toBe(2);
    expect(await runContractCommand(['check', good.baseUrl], out, err, {})).toBe(2);
    expect(err.text()).toMatch(/--api-key or CUSTOMCRM_API_KEY/);
    expect(await runContractCommand(['check', good.baseUrl, '--only', 'nothing'], out, err, env)).toBe(2);
    const help = capture();
    expect(await runContractCommand(['--help'], help, err)).toBe(0);
    expect(help.text()).toMatch(/THE CHECKS CREATE RECORDS/);
  });

  test('an address where nothing answers fails every check with the reason, not a crash', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const report = await runContractChecks({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'k',
      only: ['auth.missing-key', 'paging.orders'],
      timeoutMs: 2000,
    });
    expect(failing(report)).toEqual(['auth.missing-key', 'paging.orders']);
    expect(resultOf(report, 'paging.orders')?.seen).toMatch(/failed: fetch failed \(connect ECONNREFUSED/);
  });
});
