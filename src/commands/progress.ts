// `pitfalls progress [--json]`: where the learner is in the course, lesson by lesson in teaching order.
// Also the one place that turns progress into marks and the next step, for `next` and the menu.
import chalk from 'chalk';
import { loadCatalog } from '../catalog.js';
import { EXIT } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { progressFile, progressOf, readProgress, warnOnce, type LessonProgress } from '../practice/progress.js';
import { flow, padTo, terminalWidth, wrap } from '../render/text.js';

/** One lesson of the course and how far the learner got with it. */
export interface CourseRow {
  lesson: Lesson;
  progress: LessonProgress;
  /** The lesson has a broken C side to fix (practice data); the others are watched only. */
  practisable: boolean;
  /** Fixed, or for a lesson watched only, run once. */
  done: boolean;
}

/** Every lesson in teaching order with its progress; warnings about the state file are printed once. */
export async function courseRows(env: NodeJS.ProcessEnv = process.env): Promise<CourseRow[]> {
  const lessons = await loadCatalog(env);
  const { lessons: saved, warnings } = readProgress(env);
  warnings.forEach(warnOnce);
  return lessons.map((lesson) => {
    const progress = progressOf(saved, lesson.id);
    const practisable = lesson.practice !== undefined;
    return { lesson, progress, practisable, done: practisable ? progress.fixed : progress.ran };
  });
}

/** The first lesson in teaching order not yet done, or undefined when all are. */
export function nextRow(rows: CourseRow[]): CourseRow | undefined {
  return rows.find((row) => !row.done);
}

/** What to type for a lesson: practise it when it can be fixed, else watch it. */
export function nextCommand(row: CourseRow): string {
  return row.practisable ? `npx pitfalls practice ${row.lesson.id}` : `npx pitfalls run ${row.lesson.id}`;
}

/** The legend of the marks, in the order a lesson goes through them. */
export const MARK_LEGEND = `${chalk.dim('·')} not started  ${chalk.cyan('◐')} watched  ${chalk.yellow('✗')} tried, not fixed yet  ${chalk.green('✓')} fixed (or watched, for a lesson with nothing to fix)`;

/** One character per state; not ○ or ●, which the menu's radio buttons use. */
export function markOf(row: CourseRow): string {
  if (row.done) return chalk.green('✓');
  if (row.progress.checked) return chalk.yellow('✗');
  if (row.progress.ran) return chalk.cyan('◐');
  return chalk.dim('·');
}

/** The state in words, e.g. "watched · tried · 2 hints". */
export function statusOf(row: CourseRow): string {
  const { ran, checked, fixed, hintsUsed } = row.progress;
  const words: string[] = [];
  if (fixed) words.push('fixed');
  else if (checked) words.push('tried, not fixed yet');
  if (ran) words.push('watched');
  if (hintsUsed > 0) words.push(`${hintsUsed} hint${hintsUsed === 1 ? '' : 's'}`);
  if (!row.practisable) words.push('nothing to fix: watch it');
  return words.length > 0 ? words.join(' · ') : 'not started';
}

/** "███████░░░░░░░ 5 of 14 fixed", for the lessons that can be fixed; `width` is the bar's. */
export function progressBar(rows: CourseRow[], width = 28): string {
  const practisable = rows.filter((r) => r.practisable);
  const watchOnly = rows.filter((r) => !r.practisable);
  const watched = watchOnly.filter((r) => r.progress.ran).length;
  const watchedPart = watchOnly.length > 0 ? `; ${watched} of ${watchOnly.length} watch-only lesson${watchOnly.length === 1 ? '' : 's'} watched` : '';
  if (practisable.length === 0) return `${watched} of ${watchOnly.length} lessons watched`;
  const fixed = practisable.filter((r) => r.progress.fixed).length;
  const filled = Math.round((fixed / practisable.length) * width);
  return `${chalk.green('█'.repeat(filled))}${chalk.dim('░'.repeat(width - filled))} ${fixed} of ${practisable.length} fixed${watchedPart}`;
}

/** The lines that say what to do next (or congratulate), within `width` columns, each command kept whole. */
export function nextLines(rows: CourseRow[], width = terminalWidth()): string[] {
  return unwrappedNextLines(rows).flatMap((line) => wrap(line, width, '  '));
}

function unwrappedNextLines(rows: CourseRow[]): string[] {
  const row = nextRow(rows);
  if (!row) {
    const fixed = rows.filter((r) => r.practisable).length;
    const others = rows.length - fixed;
    const what = fixed === 0 ? 'Every lesson watched' : `All ${fixed} lessons with something to fix are fixed${others > 0 ? `, and the other${others === 1 ? '' : 's'} watched` : ''}`;
    return [`${chalk.green('✓')} ${what}. Well done!`, `  Go over one again any time: ${chalk.cyan('npx pitfalls reset <lesson>')} starts it afresh.`];
  }
  const place = `${rows.indexOf(row) + 1} of ${rows.length}`;
  const lines = [`Next: ${chalk.bold(row.lesson.id)} (${place}): ${row.lesson.title}`];
  if (row.practisable && !row.progress.ran) lines.push(`  Watch it happen first: ${chalk.cyan(`npx pitfalls run ${row.lesson.id}`)}`);
  lines.push(row.practisable ? `  Fix it yourself: ${chalk.cyan(nextCommand(row))}` : `  Watch it: ${chalk.cyan(nextCommand(row))}`);
  return lines;
}

export async function progress(options: { json?: boolean }): Promise<number> {
  // 1. The lessons and the learner's progress (a damaged state file is set aside, with a warning).
  const rows = await courseRows();

  // 2. As data: one record per lesson, in teaching order.
  if (options.json) {
    const lessons = rows.map(({ progress: p, practisable }) => ({ id: p.id, ran: p.ran, checked: p.checked, fixed: p.fixed, hintsUsed: p.hintsUsed, practisable }));
    const fixed = rows.filter((r) => r.practisable && r.progress.fixed).length;
    console.log(JSON.stringify({ file: progressFile(), fixed, total: rows.filter((r) => r.practisable).length, lessons }, null, 2));
    return EXIT.ok;
  }

  // 3. As a bar, one line per lesson with its mark, and what to do next, every line within the width.
  const width = terminalWidth();
  const idWidth = Math.max(...rows.map((r) => r.lesson.id.length)) + 2;
  // The bar leaves room for its count on a narrow terminal; what follows the count wraps under it.
  console.log(wrap(progressBar(rows, Math.max(8, Math.min(28, width - 24))), width, '  ').join('\n'));
  console.log('');
  // "NN ✓ id" then the state beside it while that leaves it 12 columns, else under the id.
  const lead = 5;
  const isBeside = width - lead - idWidth >= 12;
  rows.forEach((row, i) => {
    const head = `${chalk.dim(String(i + 1).padStart(2))} ${markOf(row)} ${chalk.bold(isBeside ? padTo(row.lesson.id, idWidth) : row.lesson.id)}`;
    const room = isBeside ? width - lead - idWidth : width - lead;
    // The state's parts ("watched · 4 hints") kept whole while they fit.
    const status = flow('', statusOf(row).split(' · '), room, ' · ').map((l) => chalk.dim(l));
    if (isBeside) status.forEach((l, j) => console.log(j === 0 ? head + l : ' '.repeat(lead + idWidth) + l));
    else [head, ...status.map((l) => ' '.repeat(lead) + l)].forEach((l) => console.log(l));
  });
  console.log(['', ...wrap(MARK_LEGEND, width, '  '), ''].join('\n'));
  for (const line of nextLines(rows, width)) console.log(line);
  return EXIT.ok;
}
