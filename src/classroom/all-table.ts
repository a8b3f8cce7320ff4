// The table that ends `run --all`: per lesson, whether it behaved as taught, and for the broken side and the
// twin, the time to verdict and the evidence it rests on (the lesson's key number where it has one).
import chalk from 'chalk';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import type { Lesson } from '../lesson.js';
import { formatMs } from '../render/distribution.js';
import { fit, padTo, widthOf, wrap } from '../render/text.js';
import { keyFigure } from './runs.js';

export interface AllTableRow {
  id: string;
  asTaught: boolean | 'skipped';
  broken?: { timeToVerdictMs: number; evidence: string; builds: number };
  twin?: { timeToVerdictMs: number; evidence: string };
  /** Why the lesson did not run (no C++ compiler). */
  skipped?: string;
}

/** The evidence a side's verdict rests on, in one line: the key number where the lesson has one, else the first evidence line. */
function keyEvidence(side: SideOutcome, lesson: Lesson | undefined): string {
  const figure = lesson ? keyFigure(lesson.expectation.signs, side) : undefined;
  const status = side.verdict.status === 'manifested' ? 'shown' : side.verdict.status;
  if (figure && side.side === 'broken') return `${status}: ${figure.name} ${figure.value}${figure.of !== undefined ? ` (${figure.ofWhat} ${figure.of})` : ''}`;
  return `${status}: ${side.verdict.evidence[0] ?? 'no evidence'}`;
}

/** The rows, as plain data (also for --json). */
export function allTableRows(outcomes: LessonOutcome[], lessons: Lesson[], skipped: Array<{ id: string; reason: string }>): AllTableRow[] {
  const rows: AllTableRow[] = outcomes.map((o) => {
    const lesson = lessons.find((l) => l.id === o.id);
    // Several builds: the slowest verdict, and the evidence of the first build that did not do as expected, else of the
    // first build meant to show the pitfall (a build meant to stay clean is the contrast, not the lesson's evidence).
    const slowest = Math.max(...o.broken.map((b) => b.verdict.atMs));
    const telling = o.broken.find((b) => b.verdict.status !== b.expected) ?? o.broken.find((b) => b.expected === 'manifested') ?? o.broken[0];
    return {
      id: o.id,
      asTaught: o.asTaught,
      broken: { timeToVerdictMs: slowest, evidence: keyEvidence(telling, lesson), builds: o.broken.length },
      twin: { timeToVerdictMs: o.safe.verdict.atMs, evidence: keyEvidence(o.safe, lesson) },
    };
  });
  return [...rows, ...skipped.map((s) => ({ id: s.id, asTaught: 'skipped' as const, skipped: s.reason }))];
}

function mark(row: AllTableRow): string {
  if (row.asTaught === 'skipped') return chalk.yellow('skipped');
  return row.asTaught ? chalk.green('✓ yes') : chalk.red.bold('✗ NO');
}

function sideCell(side: { timeToVerdictMs: number; evidence: string; builds?: number } | undefined): string {
  if (!side) return '';
  const builds = side.builds && side.builds > 1 ? ` (${side.builds} builds, slowest)` : '';
  return `${formatMs(side.timeToVerdictMs)}${builds} ${side.evidence}`;
}

/** The table at `width` columns: one line per lesson when wide enough (100+), else the lesson, then its broken side and twin beneath. */
export function renderAllTable(rows: AllTableRow[], width: number): string {
  const taught = rows.filter((r) => r.asTaught === true).length;
  const ran = rows.filter((r) => r.asTaught !== 'skipped').length;
  const lines = wrap(chalk.bold(`Every lesson: ${taught} of ${ran} behaved as taught${rows.length > ran ? `, ${rows.length - ran} skipped` : ''}`), width, '  ');
  const idWidth = Math.max(6, ...rows.map((r) => widthOf(r.id)));
  const taughtWidth = 9;
  if (width >= 100) {
    const rest = width - idWidth - taughtWidth - 2 - 4;
    const brokenWidth = Math.floor(rest / 2);
    const twinWidth = rest - brokenWidth;
    lines.push(chalk.dim(`${padTo('lesson', idWidth)}  ${padTo('as taught', taughtWidth)}  ${padTo('broken side: time to verdict, evidence', brokenWidth)}  ${fit('twin: time to verdict, evidence', twinWidth)}`));
    for (const row of rows) {
      const broken = row.skipped ? fit(row.skipped, brokenWidth + twinWidth + 2) : fit(sideCell(row.broken), brokenWidth);
      const twin = row.skipped ? '' : fit(sideCell(row.twin), twinWidth);
      lines.push(`${padTo(row.id, idWidth)}  ${padTo(mark(row), taughtWidth)}  ${row.skipped ? broken : `${padTo(broken, brokenWidth)}  ${twin}`}`.trimEnd());
    }
  } else {
    for (const row of rows) {
      lines.push(`${padTo(mark(row), taughtWidth)} ${fit(row.id, width - taughtWidth - 1)}`);
      if (row.skipped) lines.push(`  ${fit(row.skipped, width - 2)}`);
      else {
        lines.push(`  ${fit(`broken ${sideCell(row.broken)}`, width - 2)}`);
        lines.push(`  ${fit(`twin   ${sideCell(row.twin)}`, width - 2)}`);
      }
    }
  }
  return lines.join('\n');
}
