/**
 * Writes a run's figures into docs/BENCHMARKS.md: the section of its mode (quick or full) between the markers
 * `<!-- bench:<mode> -->` and `<!-- /bench:<mode> -->` is replaced; everything else in the file stays.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/config';
import { renderText, type BenchReport } from './report';

export const BENCHMARKS_FILE = path.join(REPO_ROOT, 'docs', 'BENCHMARKS.md');

function section(report: BenchReport): string {
  const { machine, company, budgets, pollIntervals } = report;
  const companyText = Object.entries(company)
    .map(([name, value]) => `${value} ${name}`)
    .join(', ');
  const lines = [
    `Command: \`${report.command}\`, started ${report.startedAt} on commit ${report.commit}, ${Math.round(report.durationSeconds / 60)} minutes in all. ` +
      `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.ramGiB} GiB RAM, Node ${machine.node}; the Temporal ` +
      'dev server (SQLite), both pairs of sandboxes, the worker and the benchmark on this one machine ' +
      `(load average ${machine.loadAverage.before} before, ${machine.loadAverage.after} after).`,
    '',
    `Company: ${companyText}. Budgets: PowerOffice GO ${budgets.powerofficePerSecond} requests/s, Chargebee ` +
      `${budgets.chargebeePerMinute}/min. Poll intervals in force (\`sync start\` derives them from the budgets): ` +
      `${pollIntervals.powerofficeMs / 1000} s for PowerOffice GO, ${pollIntervals.chargebeeMs / 1000} s for Chargebee, ` +
      `doubling while idle up to ${pollIntervals.idleCeilingMs / 1000} s, and those of the raised budgets from the ` +
      `throughput phase on; orders settle for ${pollIntervals.orderSettleMs / 1000} s.`,
    '',
    '```',
    renderText(report).trimStart(),
    '```',
  ];
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

export function writeBenchmarksSection(report: BenchReport, file = BENCHMARKS_FILE): void {
  const start = `<!-- bench:${report.mode} -->`;
  const end = `<!-- /bench:${report.mode} -->`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const body = `${start}\n\n${section(report)}\n\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${body}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${body}\n`;
  fs.writeFileSync(file, next);
}
