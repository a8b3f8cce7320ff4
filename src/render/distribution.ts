// `run <lesson> --runs N`: what N runs of the broken side observed, drawn: the lesson's key number per run
// as a histogram (a count against the children that ended), the verdicts, the times to verdict, and
// whether every run behaved as taught. Plain data in (src/classroom/runs.ts), lines out.
import chalk from 'chalk';
import { spread, type Distribution, type RunRecord } from '../classroom/runs.js';
import { padTo, widthOf, wrap } from './text.js';

/** The longest bar: wider than this, a histogram is harder to read across, not easier. */
const MAX_BAR = 50;

/** A time as a person reads it: milliseconds below a second, else seconds with two decimals. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One histogram row per value: every whole number from the least to the most of the values seen and what they are
 * measured against (a count of 3..8 beside 10 children shows 9 and 10 empty), when that is a short range; else the values seen.
 */
export function histogramRows(records: RunRecord[]): Array<{ value: number; runs: number }> {
  const values = records.flatMap((r) => (r.figure ? [r.figure.value] : []));
  if (values.length === 0) return [];
  const against = records.flatMap((r) => (r.figure?.of !== undefined ? [r.figure.of] : []));
  const low = Math.min(...values, ...against);
  const high = Math.max(...values, ...against);
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const everyValue = Number.isInteger(low) && Number.isInteger(high) && high - low <= 16;
  const shown = everyValue ? Array.from({ length: high - low + 1 }, (_, i) => low + i) : [...counts.keys()].sort((a, b) => a - b);
  return shown.map((value) => ({ value, runs: counts.get(value) ?? 0 }));
}

/** "the program's count of child exits, against 10 children ended (every run)" */
function figureHeading(records: RunRecord[]): string | undefined {
  const figures = records.flatMap((r) => (r.figure ? [r.figure] : []));
  if (figures.length === 0) return undefined;
  const { name, ofWhat } = figures[0];
  const ofs = [...new Set(figures.flatMap((f) => (f.of !== undefined ? [f.of] : [])))].sort((a, b) => a - b);
  if (ofs.length === 0 || !ofWhat) return `How many runs gave each value of ${name}:`;
  const against = ofs.length === 1 ? `${ofWhat}: ${ofs[0]}${figures.length > 1 ? ', every run' : ''}` : `${ofWhat}: ${ofs[0]} to ${ofs[ofs.length - 1]}`;
  return `How many runs gave each value of ${name} (${against}):`;
}

function verdictLine(records: RunRecord[]): string {
  const count = (status: string) => records.filter((r) => r.status === status).length;
  const reasons = new Map<string, number>();
  for (const r of records) if (r.status === 'inconclusive') reasons.set(r.reason ?? 'unknown', (reasons.get(r.reason ?? 'unknown') ?? 0) + 1);
  const why = reasons.size > 0 ? ` (${[...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ')})` : '';
  return `pitfall shown ${count('manifested')} · clean ${count('clean')} · inconclusive ${count('inconclusive')}${why}`;
}

/** Whether the runs behaved as taught, in words: what "as taught" means for this program, and the first run that was not. */
export function asTaughtSentence(d: Distribution): string {
  const n = d.runs.length;
  const missed = d.runs.find((r) => !r.asTaught);
  const first = missed ? ` Run ${missed.run}: ${missed.status}${missed.reason ? ` (${missed.reason})` : ''}${missed.evidence ? `: ${missed.evidence}` : ''}.` : '';
  if (d.expected === 'manifested or clean') {
    const race = `a race, so each run shows the pitfall or does the job cleanly; it showed in ${d.shown} of ${plural(n, 'run')}`;
    return d.asTaught ? `yes: ${race}.` : `no: ${plural(d.runs.filter((r) => !r.asTaught).length, 'run')} proved nothing either way (${race}).${first}`;
  }
  if (d.expected === 'clean') return d.asTaught ? `yes: clean in every run, as this build should be.` : `no: not clean in ${plural(d.runs.filter((r) => !r.asTaught).length, 'run')} of ${n}.${first}`;
  return d.asTaught ? `yes: the pitfall showed in every run (${n} of ${n}).` : `no: the pitfall showed in ${d.shown} of ${plural(n, 'run')}, and it should in every one.${first}`;
}

/** The distribution of `d`'s runs, at `width` columns. */
export function renderDistribution(d: Distribution, width: number): string {
  const n = d.runs.length;
  const what = d.program === 'slide' ? "the lecture's own program" : 'the fixture';
  const lines: string[] = [];
  lines.push(...wrap(chalk.bold(`${d.id}: ${what}, ${plural(n, 'run')}`), width, '  '));
  lines.push(...wrap(`  ${d.label}`, width, '  '));
  if (d.source) lines.push(...wrap(chalk.dim(`  from ${d.source}`), width, '  '));
  lines.push('');

  const heading = figureHeading(d.runs);
  const rows = histogramRows(d.runs);
  if (heading && rows.length > 0) {
    lines.push(...wrap(`  ${heading}`, width, '  '));
    const labelWidth = Math.max(...rows.map((r) => String(r.value).length));
    const countWidth = Math.max(...rows.map((r) => String(r.runs).length));
    // "  " label " " bar " " count: the bar gets what is left, at least a few columns.
    const room = Math.max(4, Math.min(MAX_BAR, width - 2 - labelWidth - 1 - 1 - countWidth - 2));
    const most = Math.max(...rows.map((r) => r.runs));
    for (const row of rows) {
      const length = most === 0 ? 0 : Math.round((row.runs / most) * room);
      const bar = row.runs > 0 ? '█'.repeat(Math.max(1, length)) : '';
      lines.push(`  ${String(row.value).padStart(labelWidth)} ${padTo(chalk.cyan(bar), room)} ${String(row.runs).padStart(countWidth)}`);
    }
    lines.push('');
  }

  const label = (text: string) => padTo(text, 12);
  const times = spread(d.runs.map((r) => r.atMs));
  lines.push(...wrap(`  ${label('verdicts')}${verdictLine(d.runs)}`, width, ' '.repeat(14)));
  if (times) lines.push(...wrap(`  ${label('to verdict')}min ${formatMs(times.min)} · median ${formatMs(times.median)} · max ${formatMs(times.max)}`, width, ' '.repeat(14)));
  const taught = asTaughtSentence(d);
  lines.push(...wrap(`  ${label('as taught')}${d.asTaught ? chalk.green(taught) : chalk.red.bold(taught)}`, width, ' '.repeat(14)));
  // Never wider than asked: a cell that could not wrap (a long path) is the only exception, and wrap breaks those hard.
  return lines.map((l) => (widthOf(l) > width ? wrap(l, width).join('\n') : l)).join('\n');
}

/** The distribution as plain data for --json: every run, and the counts the picture is drawn from. */
export function distributionJson(d: Distribution) {
  return {
    id: d.id,
    title: d.title,
    program: d.program,
    label: d.label,
    source: d.source ?? null,
    expected: d.expected,
    runs: d.runs.map((r) => ({
      run: r.run,
      status: r.status,
      reason: r.reason ?? null,
      timeToVerdictMs: r.atMs,
      durationMs: r.durationMs,
      figure: r.figure ?? null,
      asTaught: r.asTaught,
      evidence: r.evidence ?? null,
    })),
    histogram: histogramRows(d.runs),
    verdicts: {
      manifested: d.runs.filter((r) => r.status === 'manifested').length,
      clean: d.runs.filter((r) => r.status === 'clean').length,
      inconclusive: d.runs.filter((r) => r.status === 'inconclusive').length,
    },
    timeToVerdictMs: spread(d.runs.map((r) => r.atMs)) ?? null,
    asTaught: d.asTaught,
  };
}
