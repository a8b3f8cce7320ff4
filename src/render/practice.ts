// What `practice`, `hint` and `solution` say: the task, each check beside the fixture's run, hints,
// and the reference fix against the broken fixture.
import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import type { Lesson, Sign } from '../lesson.js';
import type { NextHint } from '../practice/hints.js';
import type { SideOutcome } from '../runner/outcome.js';
import { sideLines, type CheckAnswer, type CheckRun } from './check.js';
import { layout, fitsSideBySide, GUTTER } from './columns.js';
import { seconds } from './sentences.js';
import { widthOf, wrap } from './text.js';
import { views } from './views.js';

/** What must no longer happen, one short line per sign of the lesson. */
export function signLine(sign: Sign): string {
  switch (sign.kind) {
    case 'runaway-processes':
      return `no fork bomb: no children forking in their turn to push the live processes past ${sign.needed} at once (the program included)`;
    case 'lock-without-owner':
      return 'no process asleep for ever on a lock that no thread of it can release';
    case 'pipe-deadlock':
      return 'no process blocked for ever on a pipe: reading one that nobody will write to or close, or writing one that nobody will read';
    case 'leaked-descriptors':
      return 'no program started by exec holding, beyond its stdin, stdout and stderr, a pipe or socket it inherited by accident';
    case 'count-below-children':
      return `the count reported as "${sign.report}" no smaller than the ${sign.counts} that happened`;
    case 'zombies':
      return 'no child left a zombie (state Z, not reaped) for long while its parent lives';
    case 'extra-processes':
      return `no more than ${sign.needed} processes in all, the program included`;
    case 'work-done-elsewhere':
      return `no ${sign.meaning} done by any process but the program itself${sign.times > 1 ? `, nor by more than ${sign.times} processes` : ''}`;
    case 'killed-by-signal':
      return `the program not killed by a signal${sign.signals ? ` (${sign.signals.join(', ')})` : ''}`;
    case 'wait-without-children':
      return `no process ${sign.meaning} with no child left to wake it`;
    case 'output-matches':
      return `no line in the output showing ${sign.meaning}`;
    case 'misplaced-data':
      return `no line meant for one of ${sign.files.map((f) => `"${f.name}"`).join(', ')} written into another`;
    case 'unmeant-files':
      return `no file left but ${sign.meant.map((name) => `"${name}"`).join(', ')}`;
    case 'unmeant-program':
      return `no program run but ${sign.programs.join(', ')} (no shell handed a command line, nothing it would start)`;
  }
}

export const KEYS_LINE = `keys: ${chalk.bold('h')} hint · ${chalk.bold('s')} solution · ${chalk.bold('r')} reset the file · ${chalk.bold('n')} next lesson · ${chalk.bold('q')} quit`;

export interface TaskContext {
  file: string;
  /** The learner's file was there already: kept and checked as it is. */
  resumed: boolean;
  /** Keys work (a terminal); else each save is checked until stdin closes. */
  interactive: boolean;
  once: boolean;
}

export function renderTask(lesson: Lesson, context: TaskContext, width: number): string {
  const lines = [chalk.bold.inverse(` practise ${lesson.id} · ${lesson.title} `), ''];
  lines.push(context.resumed
    ? `Your file: ${chalk.cyan(context.file)}, kept from last time and checked as it is${context.interactive ? ` (${chalk.bold('r')} puts the broken fixture back)` : ''}.`
    : `Your file: ${chalk.cyan(context.file)}, a copy of the broken program.`);
  lines.push(`${chalk.bold('The job')} it must still do: ${lesson.expectation.job}.`);
  lines.push(`${chalk.bold('What must no longer happen')}:`);
  for (const sign of lesson.expectation.signs) lines.push(...wrap(`• ${signLine(sign)}`, width, '  ').map((l) => `  ${l}`));
  if (lesson.practice?.task.length) {
    lines.push(`${chalk.bold('The task')}:`);
    for (const line of lesson.practice.task) lines.push(...wrap(line, width - 2).map((l) => `  ${l}`));
  }
  if (context.once) lines.push(`${chalk.bold('Now')}: one check of your file, beside the original program's run.`);
  else if (context.interactive) lines.push(`${chalk.bold('How')}: edit the file in your editor and save: each save is checked, contained, beside the original program's run.`, KEYS_LINE);
  else lines.push(`${chalk.bold('How')}: edit the file and save: each save is checked, contained, beside the original program's run, until stdin closes or Ctrl-C.`);
  return lines.flatMap((l) => (l === '' ? [''] : wrap(l, width))).join('\n');
}

/** The pictures the lesson draws, for one side, in one column. */
function pictures(side: SideOutcome, lesson: Lesson, width: number): string[] {
  const lines: string[] = [];
  for (const name of lesson.views ?? []) {
    const view = views[name];
    if (view) lines.push('', ...view(side, lesson, width));
  }
  return lines;
}

/** The pitfall and the job, each in a few words, from every build the check ran. */
export function answerParts(run: CheckRun): { pitfall: 'gone' | 'shows' | 'unproven'; job: 'done' | 'not-done' | 'unknown'; missing: string[] } {
  const verdicts = run.sides.map((s) => s.verdict);
  const pitfall = verdicts.some((v) => v.status === 'manifested') ? 'shows' : verdicts.length > 0 && verdicts.every((v) => v.status === 'clean') ? 'gone' : 'unproven';
  const parts = verdicts.flatMap((v) => v.job ?? []);
  const missing = parts.filter((p) => p.done === false).map((p) => p.part);
  // Done only when every build judged every part done (clean says so): a build whose job was not judged leaves it unknown.
  const everyBuildDone = verdicts.length > 0 && verdicts.every((v) => v.status === 'clean' || ((v.job ?? []).length > 0 && v.job!.every((p) => p.done === true)));
  const job = missing.length > 0 ? 'not-done' : everyBuildDone ? 'done' : 'unknown';
  return { pitfall, job, missing };
}

const ANSWER_MARK: Record<CheckAnswer, string> = { fixed: chalk.green.bold('✓ fixed'), 'not-fixed': chalk.red.bold('✗ not fixed'), 'not-judged': chalk.yellow.bold('? not judged') };

export interface CheckHeading {
  number: number;
  file: string;
  /** Compile and run, in milliseconds. */
  durationMs: number;
}

function heading(text: string, width: number): string {
  return chalk.bold(`── ${text} ${'─'.repeat(Math.max(3, Math.min(width, 100) - text.length - 4))}`);
}

/** A line wrapped to its column, keeping its indent even when a colour starts before it (the "end:" line). */
function fitColumn(line: string, width: number): string[] {
  if (widthOf(line) <= width) return [line];
  const lead = /^\s*/.exec(stripVTControlCharacters(line))![0];
  return wrap(lead + line.replace(lead, ''), width, '  ');
}

/** One check of the learner's file, each build beside the fixture's run of the same build. */
export function renderPracticeCheck(lesson: Lesson, run: CheckRun, fixture: SideOutcome[], meta: CheckHeading, width: number): string {
  const lines = [heading(`check ${meta.number} · ${meta.file} · checked in ${seconds(Math.round(meta.durationMs))}`, width)];
  run.sides.forEach((side, i) => {
    const original = fixture[i];
    const count = original ? 2 : 1;
    // Each block is drawn for its column, so the pictures fit it.
    const columnWidth = fitsSideBySide(count, width) ? Math.floor((width - GUTTER.length * (count - 1)) / count) : width;
    const block = (title: string, outcome: SideOutcome) => [title, ...sideLines(outcome, columnWidth).flatMap((l) => fitColumn(l, columnWidth)), ...pictures(outcome, lesson, columnWidth - 4).map((l) => `    ${l}`)];
    const blocks = [block(chalk.bold.cyan('YOUR FILE'), side)];
    if (original) blocks.push(block(chalk.bold.red('THE ORIGINAL'), original));
    lines.push(...layout(blocks, width), '');
  });
  const { pitfall, job, missing } = answerParts(run);
  const pitfallText = pitfall === 'gone' ? chalk.green('✓ the pitfall is gone') : pitfall === 'shows' ? chalk.red('✗ the pitfall still shows') : chalk.yellow('? the pitfall did not show, but this run could not prove it gone');
  const jobText = job === 'done' ? chalk.green('✓ the job is done') : job === 'not-done' ? chalk.red(`✗ the job is not done: ${missing.join('; ')}`) : chalk.yellow('? the job could not be judged');
  lines.push(`${ANSWER_MARK[run.answer]}: ${pitfallText} · ${jobText}`);
  return lines.flatMap((l) => (widthOf(l) > width ? wrap(l, width) : [l])).join('\n');
}

export function renderCompileError(compilerOutput: string, meta: CheckHeading, width: number): string {
  return [
    heading(`check ${meta.number} · ${meta.file} · did not compile`, width),
    compilerOutput.replace(/\n+$/, ''),
    '',
    ...wrap(`${chalk.red.bold('✗ did not compile')}: the compiler's messages are above, as it gave them. Fix the first one and save again.`, width),
  ].join('\n');
}

/** A hint, numbered, saying when it was chosen for what the last run showed. */
export function renderHint(next: NextHint, lessonId: string, width: number): string {
  if (next.kind === 'no-practice') return `Lesson ${lessonId} has no hints.`;
  if (next.kind === 'no-more') {
    return wrap(`No more hints for ${lessonId}: all ${next.total} have been shown. Compare with the reference fix: \`npx pitfalls solution ${lessonId}\`.`, width).join('\n');
  }
  const label = chalk.bold.yellow(`hint ${next.number} of ${next.total}${next.matched ? ' (for what this run showed)' : ''}`);
  return wrap(`${label}: ${next.hint.text}`, width).join('\n');
}

type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string };

/** A line diff (longest common subsequence): the fixture and its fix are short files. */
export function lineDiff(before: string[], after: string[]): DiffLine[] {
  const rows = before.length;
  const cols = after.length;
  const common: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) common[i][j] = before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const diff: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < cols) {
    if (i < rows && j < cols && before[i] === after[j]) {
      diff.push({ kind: 'same', text: before[i++] });
      j++;
    } else if (i < rows && (j === cols || common[i + 1][j] >= common[i][j + 1])) diff.push({ kind: 'removed', text: before[i++] });
    else diff.push({ kind: 'added', text: after[j++] });
  }
  return diff;
}

/** Lines of the diff kept around each change, so the fix reads in its place. */
const CONTEXT_LINES = 3;

/**
 * The reference fix for a terminal: what changed against the broken fixture, as a diff with a few
 * lines of context, the `FIX:` comments marked; then where the whole file is.
 */
export function renderSolution(lesson: Lesson, fixture: string, solution: string, solutionName: string): string {
  const diff = lineDiff(fixture.replace(/\n$/, '').split('\n'), solution.replace(/\n$/, '').split('\n'));
  const near = diff.map((_, index) => diff.slice(Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1).some((d) => d.kind !== 'same'));
  const lines = [chalk.bold.inverse(` the reference fix for ${lesson.id} `), chalk.dim(`${chalk.red('-')} the broken fixture   ${chalk.green('+')} the fix   (${solutionName})`), ''];
  let skipped = false;
  let inFix = false;
  diff.forEach((line, index) => {
    if (!near[index]) {
      if (!skipped) lines.push(chalk.dim('  ⋮'));
      skipped = true;
      return;
    }
    skipped = false;
    if (/FIX:/.test(line.text)) inFix = true;
    else if (inFix && !/^\s*(\*|\/\/)/.test(line.text)) inFix = false;
    if (line.kind === 'removed') lines.push(chalk.red(`- ${line.text}`));
    else if (line.kind === 'added') lines.push(inFix ? chalk.green.bold(`+ ${line.text}`) : chalk.green(`+ ${line.text}`));
    else lines.push(inFix ? chalk.green.bold(`  ${line.text}`) : chalk.dim(`  ${line.text}`));
  });
  lines.push('', `The whole file, plain: ${chalk.cyan(`npx pitfalls solution ${lesson.id} > ${solutionName}`)}`);
  return lines.join('\n');
}
