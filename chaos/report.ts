/**
 * The campaign's figures: what was done to the sync, and what the checks found. Printed as a summary with
 * tables, and written as JSON beside the logs; `failures` lists every figure that is off (non-zero exit).
 */
import type { ConvergenceReport } from './convergence';
import type { ReplayCounts } from './replays';
import type { SecretsReport } from './secrets';
import { minutesText, truncate } from './util';
import type { BadRecordOutcome, LinkView } from './visibility';

export interface CampaignFigures {
  startedAt: string;
  flags: Record<string, unknown>;
  machine: string;
  idPrefix: string;
  logDir: string;
  durationMs: number;
  chaosMs: number;
  settle: { outcome: 'clean' | 'stable' | 'timeout'; ms: number; checks: number };
  kills: { planned: number; done: number; restartMs: number[] };
  serverRestarts: { planned: number; done: { signal: string; downMs: number }[] };
  /** Main-thread blocks of the worker; `stuck`: the same process polled nothing a minute later. */
  blocks: { planned: number; done: number; stuck: number; ms: number };
  unexpectedExits: Record<string, number>;
  outages: { vendor: string; minutes: number }[];
  faultWindows: string[];
  edits: { made: number; byPowerOffice: number; byChargebee: number; duringOutage: number; refused: number };
  replays: ReplayCounts;
  convergence: ConvergenceReport;
  linkStatuses: Record<string, number>;
  goodParked: LinkView[];
  bad: BadRecordOutcome[];
  secrets: SecretsReport;
}

export function convergedShare(figures: CampaignFigures): number {
  const { edits } = figures.convergence;
  return edits.edits === 0 ? 100 : (100 * edits.converged) / edits.edits;
}

export function failures(figures: CampaignFigures): string[] {
  const { convergence: c, kills, serverRestarts, blocks, bad, secrets } = figures;
  const problems: string[] = [];
  const off = (condition: boolean, text: string): void => {
    if (condition) problems.push(text);
  };
  const restarts = serverRestarts.done.length;
  const badOk = bad.filter((outcome) => outcome.ok).length;
  off(kills.done < kills.planned, `only ${kills.done} of ${kills.planned} worker kills were made`);
  off(restarts < serverRestarts.planned, `only ${restarts} of ${serverRestarts.planned} server restarts`);
  off(blocks.done < blocks.planned, `only ${blocks.done} of ${blocks.planned} main-thread blocks were made`);
  off(blocks.stuck > 0, `the worker stopped serving after ${blocks.stuck} of ${blocks.done} main-thread blocks`);
  off(c.edits.lost.length > 0, `${c.edits.lost.length} lost edits`);
  off(c.edits.converged < c.edits.edits, `edits converged ${convergedShare(figures).toFixed(1)} % (not 100 %)`);
  off(c.duplicates.length > 0, `${c.duplicates.length} duplicates`);
  off(c.targets.missing.length > 0, `${c.targets.missing.length} records without their target`);
  const mismatches = c.targets.mismatches.length;
  off(mismatches > 0, `${mismatches} target fields differ from their source's mapping`);
  off(c.targets.unmappable.length > 0, `${c.targets.unmappable.length} good records the mapping refuses`);
  off(badOk < bad.length, `${bad.length - badOk} of ${bad.length} bad records not parked with a reason naming both`);
  off(figures.goodParked.length > 0, `${figures.goodParked.length} good records parked`);
  off(secrets.hits.length > 0, `${secrets.hits.length} secrets found in histories or logs`);
  return problems;
}

function table(header: string[], rows: string[][], widths: number[]): string[] {
  const line = (row: string[]): string =>
    row
      .map((cell, i) => truncate(cell, widths[i] ?? 40).padEnd(widths[i] ?? 40))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map((row) => `  ${line(row)}`);
}

const show = (value: unknown): string => {
  if (value === undefined || value === null) return '(empty)';
  return truncate(typeof value === 'string' ? value : JSON.stringify(value), 40);
};

function badVerdict(outcome: BadRecordOutcome): string {
  if (outcome.ok) return 'yes';
  if (outcome.status !== 'parked') return 'no';
  return `no (${outcome.namesRecord ? '' : 'record '}${outcome.namesField ? '' : 'field '}not named)`;
}

function printTables(figures: CampaignFigures, out: (line: string) => void): void {
  const { convergence: c } = figures;
  out('\nBad-input corpus (each must end parked with a reason naming the record and the field):');
  const badRows = figures.bad.map((outcome, index) => [
    String(index + 1),
    `${outcome.record.resource}/${outcome.record.id}`,
    outcome.record.problem,
    outcome.record.plantedVia,
    outcome.status,
    badVerdict(outcome),
    outcome.reason === '' ? '-' : outcome.reason,
  ]);
  const badHeader = ['#', 'record', 'what is wrong', 'via', 'link', 'ok', 'parked reason'];
  for (const line of table(badHeader, badRows, [3, 46, 36, 5, 9, 22, 110])) out(line);

  if (c.edits.lost.length > 0) {
    out('\nLost edits (the latest edit of a property is not held on both sides):');
    const header = ['record', 'property', 'latest edit', 'made in', 'PowerOffice', 'Chargebee', 'older won'];
    const rows = c.edits.lost.map((lost) => [
      lost.subject,
      lost.property,
      lost.expected,
      lost.madeIn,
      show(lost.poweroffice),
      show(lost.chargebee),
      lost.olderWon ? 'yes' : 'no',
    ]);
    for (const line of table(header, rows, [28, 10, 18, 14, 30, 30, 9])) out(line);
  }
  if (c.edits.races.length > 0) {
    out('\nRacing edits (the later of two edits 1 s apart must win on both sides):');
    const header = ['#', 'record', 'property', 'first edit', 'later edit', 'PowerOffice', 'Chargebee', 'later won'];
    const rows = c.edits.races.map((race) => [
      String(race.race),
      race.subject,
      race.property,
      `${race.first.system}: ${race.first.value}`,
      `${race.later.system}: ${race.later.value}`,
      show(race.poweroffice),
      show(race.chargebee),
      race.laterWonOnBoth ? 'yes' : 'NO',
    ]);
    for (const line of table(header, rows, [3, 26, 10, 28, 28, 22, 22, 9])) out(line);
  }
  if (c.duplicates.length > 0) {
    out('\nDuplicates:');
    for (const d of c.duplicates) out(`  ${d.kind.padEnd(26)} ${truncate(d.key, 50).padEnd(50)} ${d.ids.join(', ')}`);
  }
  if (c.targets.missing.length > 0) {
    out(`\nRecords without their target (${c.targets.missing.length}, first 25):`);
    for (const missing of c.targets.missing.slice(0, 25)) out(`  ${missing}`);
  }
  if (c.targets.mismatches.length > 0) {
    out(`\nTargets that differ from the mapping of their source (${c.targets.mismatches.length}, first 25):`);
    for (const m of c.targets.mismatches.slice(0, 25)) {
      out(`  ${m.source} → ${m.target}: ${m.field} expected ${show(m.expected)}, holds ${show(m.actual)}`);
    }
  }
  if (c.targets.unmappable.length > 0) {
    out('\nGood records the mapping refuses:');
    for (const u of c.targets.unmappable.slice(0, 25)) out(`  ${truncate(u, 160)}`);
  }
  if (figures.goodParked.length > 0) {
    out(`\nGood records parked (${figures.goodParked.length}, first 25):`);
    for (const link of figures.goodParked.slice(0, 25)) {
      out(`  ${link.workflowId}: ${truncate(link.parkedReason ?? '', 140)}`);
    }
  }
  if (figures.secrets.hits.length > 0) {
    out('\nSecrets found:');
    for (const hit of figures.secrets.hits.slice(0, 50)) out(`  ${hit.secret} in ${hit.where}: ${hit.excerpt}`);
  }
}

const seconds = (ms: number, digits = 0): string => `${(ms / 1000).toFixed(digits)} s`;

export function printReport(figures: CampaignFigures, out: (line: string) => void): void {
  printTables(figures, out);
  const { convergence: c, edits, secrets, replays } = figures;
  const badOk = figures.bad.filter((outcome) => outcome.ok).length;
  const races = c.edits.races;
  const restarts = figures.serverRestarts.done;
  const restartMs = figures.kills.restartMs;
  const meanRestart = restartMs.length > 0 ? restartMs.reduce((a, b) => a + b, 0) / restartMs.length : 0;
  const olderWon = c.edits.lost.filter((l) => l.olderWon).length;
  const row = (label: string, text: string): void => out(`${label.padEnd(20)}${text}`);
  const downs = restarts.map((r) => `${r.signal}, down ${seconds(r.downMs)}`).join('; ');
  const wonRaces = races.filter((r) => r.laterWonOnBoth).length;
  const { targets } = c;
  out('\n==================== linkflow chaos: summary ====================');
  row('flags', JSON.stringify(figures.flags));
  row('machine', figures.machine);
  const { kills } = figures;
  row('worker kills', `${kills.done} of ${kills.planned} SIGKILLs (serving again after ${seconds(meanRestart, 1)})`);
  row('server restarts', `${restarts.length} of ${figures.serverRestarts.planned} (${downs})`);
  const { blocks } = figures;
  const blocked = `${blocks.done} of ${blocks.planned} blocks of ${seconds(blocks.ms)} (SIGUSR2)`;
  row('main-thread blocks', `${blocked}; ${blocks.stuck} left the worker alive but not polling`);
  row('unexpected exits', `${JSON.stringify(figures.unexpectedExits)} (restarted by the campaign)`);
  row('outages', figures.outages.map((o) => `${o.vendor} ${o.minutes} min`).join(', '));
  row('other faults', `10 % 5xx on both throughout; ${figures.faultWindows.join('; ')}`);
  row('edits made', `${edits.made} (PowerOffice GO ${edits.byPowerOffice}, Chargebee ${edits.byChargebee})`);
  row('', `${edits.duringOutage} of them in the other system during an outage`);
  row('edits refused', `${edits.refused} (refused by the API even after retries: not made, not counted)`);
  row('edits converged', `${c.edits.converged} of ${c.edits.edits} = ${convergedShare(figures).toFixed(1)} %`);
  row('', `${c.edits.properties} edited properties`);
  row('lost edits', `${c.edits.lost.length}${c.edits.lost.length > 0 ? ` (the older edit won in ${olderWon})` : ''}`);
  row('racing edits', `${wonRaces} of ${races.length} races won by the later edit on both sides`);
  row('replays', `${replays.duplicates} duplicate, ${replays.stale} stale snapshots (${replays.unsent} not sent)`);
  row('targets', `${targets.matching} of ${targets.sources} equal the mapping of their source`);
  row('', `${targets.missing.length} missing, ${targets.mismatches.length} fields differ`);
  row('sales orders', `${targets.ordersInvoiced} of ${targets.orders} confirmed orders invoiced once, with an order`);
  row('duplicates', String(c.duplicates.length));
  row('bad records', `${badOk} of ${figures.bad.length} parked with a reason naming record and field`);
  row('good records parked', String(figures.goodParked.length));
  row('links', JSON.stringify(figures.linkStatuses));
  row('secrets found', `${secrets.hits.length} in ${secrets.histories} histories (${secrets.historyEvents} events)`);
  row('', `and ${secrets.logLines} log lines of ${secrets.logFiles} files; ${secrets.expected.length} more in the`);
  row('', "sandboxes' own output, which lists the keys they issue (the vendor side)");
  const { settle } = figures;
  row('settling', `${settle.outcome} after ${minutesText(settle.ms)} (${settle.checks} checks)`);
  row('time taken', `${minutesText(figures.durationMs)} (faults ${minutesText(figures.chaosMs)})`);
  row('logs', figures.logDir);
  const problems = failures(figures);
  row('RESULT', problems.length === 0 ? 'PASS: nothing lost, nothing duplicated' : `FAIL: ${problems.join('; ')}`);
}
