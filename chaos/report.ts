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
  const { convergence: c } = figures;
  const problems: string[] = [];
  if (figures.kills.done < figures.kills.planned) problems.push(`only ${figures.kills.done} of ${figures.kills.planned} worker kills were made`);
  if (figures.serverRestarts.done.length < figures.serverRestarts.planned) {
    problems.push(`only ${figures.serverRestarts.done.length} of ${figures.serverRestarts.planned} server restarts were made`);
  }
  if (c.edits.lost.length > 0) problems.push(`${c.edits.lost.length} lost edits`);
  if (c.edits.converged < c.edits.edits) problems.push(`edits converged ${convergedShare(figures).toFixed(1)} % (not 100 %)`);
  if (c.duplicates.length > 0) problems.push(`${c.duplicates.length} duplicates`);
  if (c.targets.missing.length > 0) problems.push(`${c.targets.missing.length} records without their target`);
  if (c.targets.mismatches.length > 0) problems.push(`${c.targets.mismatches.length} target fields that differ from the mapping of their source`);
  if (c.targets.unmappable.length > 0) problems.push(`${c.targets.unmappable.length} good records the mapping refuses`);
  const badOk = figures.bad.filter((outcome) => outcome.ok).length;
  if (badOk < figures.bad.length) problems.push(`${figures.bad.length - badOk} of ${figures.bad.length} bad records not parked with a reason naming record and field`);
  if (figures.goodParked.length > 0) problems.push(`${figures.goodParked.length} good records parked`);
  if (figures.secrets.hits.length > 0) problems.push(`${figures.secrets.hits.length} secrets found in histories or logs`);
  return problems;
}

function table(rows: string[][], widths: number[]): string[] {
  return rows.map((row) => row.map((cell, i) => truncate(cell, widths[i] ?? 40).padEnd(widths[i] ?? 40)).join('  ').trimEnd());
}

const show = (value: unknown): string => (value === undefined || value === null ? '(empty)' : truncate(typeof value === 'string' ? value : JSON.stringify(value), 40));

export function printReport(figures: CampaignFigures, out: (line: string) => void): void {
  const { convergence: c } = figures;
  out('\nBad-input corpus (each must end parked with a reason naming the record and the field):');
  const badRows = figures.bad.map((outcome, index) => [
    String(index + 1),
    `${outcome.record.resource}/${outcome.record.id}`,
    outcome.record.problem,
    outcome.record.plantedVia,
    outcome.status,
    outcome.ok ? 'yes' : `no${outcome.status === 'parked' ? ` (${outcome.namesRecord ? '' : 'record '}${outcome.namesField ? '' : 'field '}not named)` : ''}`,
    outcome.reason === '' ? '-' : outcome.reason,
  ]);
  for (const line of table([['#', 'record', 'what is wrong', 'via', 'link', 'ok', 'parked reason'], ...badRows], [3, 46, 36, 5, 9, 22, 110])) out(`  ${line}`);

  if (c.edits.lost.length > 0) {
    out('\nLost edits (the latest edit of a property is not held on both sides):');
    const rows = c.edits.lost.map((lost) => [lost.subject, lost.property, lost.expected, lost.madeIn, show(lost.poweroffice), show(lost.chargebee), lost.olderWon ? 'yes' : 'no']);
    for (const line of table([['record', 'property', 'latest edit', 'made in', 'PowerOffice holds', 'Chargebee holds', 'older won'], ...rows], [28, 10, 18, 14, 30, 30, 9])) out(`  ${line}`);
  }
  if (c.edits.races.length > 0) {
    out('\nRacing edits (the later of two edits 1 s apart must win on both sides):');
    const rows = c.edits.races.map((race) => [
      String(race.race), race.subject, race.property, `${race.first.system}: ${race.first.value}`, `${race.later.system}: ${race.later.value}`,
      show(race.poweroffice), show(race.chargebee), race.laterWonOnBoth ? 'yes' : 'NO',
    ]);
    for (const line of table([['#', 'record', 'property', 'first edit', 'later edit', 'PowerOffice', 'Chargebee', 'later won'], ...rows], [3, 26, 10, 28, 28, 22, 22, 9])) out(`  ${line}`);
  }
  if (c.duplicates.length > 0) {
    out('\nDuplicates:');
    for (const duplicate of c.duplicates) out(`  ${duplicate.kind.padEnd(26)} ${truncate(duplicate.key, 50).padEnd(50)} ${duplicate.ids.join(', ')}`);
  }
  if (c.targets.missing.length > 0) {
    out(`\nRecords without their target (${c.targets.missing.length}, first 25):`);
    for (const missing of c.targets.missing.slice(0, 25)) out(`  ${missing}`);
  }
  if (c.targets.mismatches.length > 0) {
    out(`\nTargets that differ from the mapping of their source (${c.targets.mismatches.length}, first 25):`);
    for (const m of c.targets.mismatches.slice(0, 25)) out(`  ${m.source} → ${m.target}: ${m.field} expected ${show(m.expected)}, holds ${show(m.actual)}`);
  }
  if (c.targets.unmappable.length > 0) {
    out('\nGood records the mapping refuses:');
    for (const u of c.targets.unmappable.slice(0, 25)) out(`  ${truncate(u, 160)}`);
  }
  if (figures.goodParked.length > 0) {
    out(`\nGood records parked (${figures.goodParked.length}, first 25):`);
    for (const link of figures.goodParked.slice(0, 25)) out(`  ${link.workflowId}: ${truncate(link.parkedReason ?? '', 140)}`);
  }
  if (figures.secrets.hits.length > 0) {
    out('\nSecrets found:');
    for (const hit of figures.secrets.hits.slice(0, 50)) out(`  ${hit.secret} in ${hit.where}: ${hit.excerpt}`);
  }

  const badOk = figures.bad.filter((outcome) => outcome.ok).length;
  const races = c.edits.races;
  const restarts = figures.serverRestarts.done;
  const meanRestart = figures.kills.restartMs.length > 0 ? figures.kills.restartMs.reduce((a, b) => a + b, 0) / figures.kills.restartMs.length : 0;
  out('\n==================== linkflow chaos: summary ====================');
  out(`flags               ${JSON.stringify(figures.flags)}`);
  out(`machine             ${figures.machine}`);
  out(`worker kills        ${figures.kills.done} of ${figures.kills.planned} SIGKILLs (worker back after ${(meanRestart / 1000).toFixed(1)} s on average)`);
  out(`server restarts     ${restarts.length} of ${figures.serverRestarts.planned} (${restarts.map((r) => `${r.signal}, down ${(r.downMs / 1000).toFixed(0)} s`).join('; ')})`);
  out(`unexpected exits    ${JSON.stringify(figures.unexpectedExits)} (restarted by the campaign)`);
  out(`outages             ${figures.outages.map((o) => `${o.vendor} ${o.minutes} min`).join(', ')}`);
  out(`other faults        10 % 5xx on both throughout; ${figures.faultWindows.join('; ')}`);
  out(`edits made          ${figures.edits.made} (PowerOffice GO ${figures.edits.byPowerOffice}, Chargebee ${figures.edits.byChargebee}; ${figures.edits.duringOutage} during an outage; ${figures.edits.refused} refused by the API after retries, not counted)`);
  out(`edits converged     ${c.edits.converged} of ${c.edits.edits} = ${convergedShare(figures).toFixed(1)} % (${c.edits.properties} edited properties)`);
  out(`lost edits          ${c.edits.lost.length}${c.edits.lost.length > 0 ? ` (older edit won in ${c.edits.lost.filter((l) => l.olderWon).length})` : ''}`);
  out(`racing edits        ${races.filter((r) => r.laterWonOnBoth).length} of ${races.length} races won by the later edit on both sides`);
  out(`replayed deliveries ${figures.replays.duplicates} duplicates and ${figures.replays.stale} stale snapshots sent (${figures.replays.unsent} could not be sent)`);
  out(`targets             ${c.targets.matching} of ${c.targets.sources} equal the mapping of their source; ${c.targets.missing.length} missing; ${c.targets.mismatches.length} fields differ`);
  out(`sales orders        ${c.targets.ordersInvoiced} of ${c.targets.orders} confirmed orders invoiced once with their order`);
  out(`duplicates          ${c.duplicates.length}`);
  out(`bad records         ${badOk} of ${figures.bad.length} parked with a reason naming record and field; ${figures.goodParked.length} good records parked`);
  out(`links               ${JSON.stringify(figures.linkStatuses)}`);
  out(`secrets found       ${figures.secrets.hits.length} (scanned ${figures.secrets.histories} histories, ${figures.secrets.historyEvents} events, ${figures.secrets.logLines} log lines in ${figures.secrets.logFiles} files; ${figures.secrets.expected.length} in the sandboxes' own output, which lists the keys they issue)`);
  out(`settling            ${figures.settle.outcome} after ${minutesText(figures.settle.ms)} (${figures.settle.checks} checks)`);
  out(`time taken          ${minutesText(figures.durationMs)} (faults ${minutesText(figures.chaosMs)})`);
  out(`logs                ${figures.logDir}`);
  const problems = failures(figures);
  out(problems.length === 0 ? 'RESULT              PASS: nothing lost, nothing duplicated' : `RESULT              FAIL: ${problems.join('; ')}`);
}
