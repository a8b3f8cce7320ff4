// Turns a lesson's outcome into the report: a headline, the sides (stacked or side by side), the
// narration, and a one-line summary last, so the verdict opens and closes what the learner reads.
import chalk from 'chalk';
import type { Lesson } from '../lesson.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import { fitsSideBySide, GUTTER, layout } from './columns.js';
import { Glossary } from './glossary.js';
import { containmentSentence, describeExit, isAsExpected, keyEvidence, lessonHeadline, notAsTaughtAdvice, referencesPointer, sideRole, sideSummary, whatHappened } from './sentences.js';
import { fit, fitLines, flow, wrap } from './text.js';
import { views } from './views.js';

const OUTPUT_LINES = 6;

export interface RenderOptions {
  /** Headline, evidence, pictures, the rule and the summary only: one screen at 80x24. */
  brief?: boolean;
}

/** The side's mark: ✓ when it did what it was expected to (green), ✗ when it did not (red, bold). */
export function markedSummary(side: SideOutcome): string {
  return isAsExpected(side) ? chalk.green(`✓ ${sideSummary(side)}`) : chalk.red.bold(`✗ ${sideSummary(side)}`);
}

function sideHeading(side: SideOutcome): string {
  // A C build meant to stay clean (the fix in C, or the build where the source happens to work) is not "broken".
  const role = sideRole(side);
  const colour = side.side === 'safe' ? chalk.bold.green : side.expected === 'clean' ? chalk.bold.cyan : chalk.bold.red;
  return `${colour(role)}  ${chalk.bold(side.label)}`;
}

/** A terminal echoes the Ctrl-C it turns into SIGINT as "^C": the output shows it where the key was pressed. */
function echoNote(side: SideOutcome, lesson: Lesson, output: string[]): string[] {
  const isTerminal = side.side === 'safe' ? lesson.safe.terminal : lesson.broken.terminal;
  if (!isTerminal || !output.some((line) => line.includes('^C'))) return [];
  return [chalk.dim('  (^C is the terminal\'s echo of the Ctrl-C it turned into SIGINT, written when the key arrived: not part of a record)')];
}

function sideBlock(side: SideOutcome, lesson: Lesson, columnWidth: number, glossary: Glossary): string[] {
  const lines = [sideHeading(side), markedSummary(side)];
  for (const line of side.verdict.evidence) lines.push(...wrap(`  • ${glossary.explain(line)}`, columnWidth, '  '));
  for (const name of lesson.views ?? []) {
    const view = views[name];
    if (view) lines.push('', ...view(side, lesson, columnWidth));
  }
  lines.push('', chalk.dim(`end: ${describeExit(side.observation.exit, side.observation.stoppedBecause)}`));
  const output = side.observation.output.split('\n').filter((l) => l.trim() !== '');
  if (output.length > 0) {
    const shown = output.slice(-OUTPUT_LINES);
    lines.push(chalk.dim(`output (${output.length} line${output.length === 1 ? '' : 's'}${output.length > OUTPUT_LINES ? `, last ${OUTPUT_LINES}` : ''}):`));
    for (const line of shown) lines.push(chalk.dim(`  ${line.slice(0, 200)}`));
    lines.push(...echoNote(side, lesson, shown));
  }
  return lines;
}

function section(title: string, body: string | string[], width: number, glossary: Glossary): string[] {
  const paragraphs = Array.isArray(body) ? body : [body];
  return ['', chalk.bold.underline(title), ...paragraphs.flatMap((p) => wrap(glossary.explain(p), width - 2).map((l) => `  ${l}`))];
}

/**
 * The last lines: the lesson and whether it behaved as taught, then one line per side with its mark and
 * the evidence that says most (whole evidence lines while they fit; the report above has them all).
 */
export function summaryLines(outcome: LessonOutcome, width: number): string[] {
  const verdict = outcome.asTaught ? chalk.green.bold('behaved as taught') : chalk.red.bold('did NOT behave as taught this run');
  const lines = wrap(`${chalk.bold(`■ ${outcome.id}`)}: ${verdict}`, width, '  ');
  const many = outcome.broken.length > 1;
  for (const side of [...outcome.broken, outcome.safe]) {
    const mark = isAsExpected(side) ? chalk.green('✓') : chalk.red.bold('✗');
    lines.push(fit(`  ${mark} ${sideRole(side, many)}: ${keyEvidence(side)}`, width));
  }
  return lines;
}

/** The lesson's title and its verdict in a line: what the report opens with. */
function headLines(outcome: LessonOutcome, lesson: Lesson, width: number): string[] {
  return [
    ...wrap(` ${lesson.id} · ${lesson.title} `, width).map((l) => chalk.bold.inverse(l)),
    ...wrap(lessonHeadline(outcome), width, '  ').map((l) => (outcome.asTaught ? chalk.green.bold(l) : chalk.red.bold(l))),
  ];
}

/** The rows --brief may fill at 80 columns: 24, less the one the shell's prompt takes after it. */
export const BRIEF_ROWS = 23;

/** Narrower, the same words take more rows: --brief keeps what fits 80x24, at any width. */
export function briefRows(width: number): number {
  return width >= 80 ? BRIEF_ROWS : Math.ceil((BRIEF_ROWS * 80) / width);
}

/**
 * --brief: one screen. Always the headline, each side in a line (its mark, its role, what it showed),
 * the rule and the verdict last; then, while they fit: the pictures of the sides that showed the
 * pitfall (whole or not at all: a picture cut would mislead), then each side's key evidence (wrapped,
 * or in one line cut short when only that fits).
 */
function briefLines(outcome: LessonOutcome, lesson: Lesson, width: number): string[] {
  const glossary = new Glossary();
  const budget = briefRows(width);
  const sides = [...outcome.broken, outcome.safe];
  const many = outcome.broken.length > 1;
  const head = headLines(outcome, lesson, width);
  const headings = sides.map((side) => {
    const mark = isAsExpected(side) ? chalk.green('✓') : chalk.red.bold('✗');
    const words = sideSummary(side);
    // With several builds the role names the build; the file is in the title's lesson anyway.
    const what = many && side.side === 'broken' ? chalk.bold(sideRole(side, true)) : `${chalk.bold(sideRole(side))} ${side.label}`;
    return wrap(`${mark} ${what}: ${isAsExpected(side) ? chalk.green(words) : chalk.red.bold(words)}`, width, '  ');
  });
  const rule = wrap(`${chalk.bold('The rule:')} ${lesson.narration.rule}`, width, '  ');
  const asExpected = sides.filter(isAsExpected).length;
  const verdict = outcome.asTaught
    ? chalk.green.bold(`behaved as taught (${asExpected} of ${sides.length} sides as expected)`)
    : chalk.red.bold(`did NOT behave as taught this run (${sides.length - asExpected} of ${sides.length} sides not as expected)`);
  const summary = wrap(`${chalk.bold(`■ ${outcome.id}`)}: ${verdict}`, width, '  ');
  // What to do about a miss (a --timeout too short for the lesson names the command that gives it enough).
  if (!outcome.asTaught) summary.push(...wrap(chalk.yellow(notAsTaughtAdvice(outcome, lesson)), width, '  '));
  summary.push(...wrap(chalk.dim(`The whole story (what happened, why, the safe way): \`npx pitfalls run ${outcome.id} --full\``), width, '  '));
  let used = head.length + headings.flat().length + rule.length + summary.length;
  const pictures = sides.map((side) => {
    if (side.verdict.status !== 'manifested') return [];
    const drawn = (lesson.views ?? []).flatMap((name) => views[name]?.(side, lesson, width, { brief: true }) ?? []);
    if (drawn.length === 0 || used + drawn.length > budget) return [];
    used += drawn.length;
    return drawn;
  });
  // First each side's key evidence, then the rest of the proof of a side that showed the pitfall.
  const evidence = sides.map((side) => {
    const text = `  • ${keyEvidence(side)}`;
    const wrapped = wrap(glossary.explain(text), width, '  ');
    if (used + wrapped.length <= budget) {
      used += wrapped.length;
      return wrapped;
    }
    if (used + 1 > budget) return [];
    used += 1;
    return [fit(text, width)];
  });
  sides.forEach((side, i) => {
    if (side.verdict.status !== 'manifested' || evidence[i].length === 0) return;
    for (const line of side.verdict.evidence.filter((e) => e !== keyEvidence(side))) {
      const wrapped = wrap(glossary.explain(`  • ${line}`), width, '  ');
      if (used + wrapped.length > budget) break;
      used += wrapped.length;
      evidence[i].push(...wrapped);
    }
  });
  const lines = [...head, ...sides.flatMap((_, i) => [...headings[i], ...evidence[i], ...pictures[i]]), ...rule, ...summary];
  return fitLines(lines, width);
}

/** The lines of the report; `width` is the terminal's, and no line is wider. */
export function renderOutcomeLines(outcome: LessonOutcome, lesson: Lesson, width: number, options: RenderOptions = {}): string[] {
  if (options.brief) return briefLines(outcome, lesson, width);
  const glossary = new Glossary();
  const sides = [...outcome.broken, outcome.safe];
  // Stacked, each side (and its pictures) has the whole width; beside, its column.
  const columnWidth = fitsSideBySide(sides.length, width) ? Math.floor((width - GUTTER.length * (sides.length - 1)) / sides.length) : width;
  const lines = [...headLines(outcome, lesson, width), ''];
  lines.push(...layout(sides.map((side) => sideBlock(side, lesson, columnWidth, glossary)), width));
  const n = lesson.narration;
  lines.push(...section('What happened', whatHappened(outcome), width, glossary));
  lines.push(...section('Why', n.why, width, glossary));
  lines.push(...section('The rule', n.rule, width, glossary));
  lines.push(...section('The safe way', [`TypeScript: ${n.safeWay}`, `Rust: ${n.rust}`], width, glossary));
  if (n.today) lines.push(...section('On today\'s Linux and glibc', n.today, width, glossary));
  const cap = outcome.broken[0]?.observation.cap ?? 0;
  const containment = `Containment (${outcome.containment}): ${containmentSentence(outcome.containment, cap, [...outcome.broken, outcome.safe].every((s) => s.observation.pidNamespace))}; when a side ended, every process it started was killed and reaped.`;
  lines.push('', ...wrap(glossary.explain(containment), width).map((l) => chalk.dim(l)));
  if (!outcome.asTaught) {
    lines.push('', ...wrap(notAsTaughtAdvice(outcome, lesson), width).map((l) => chalk.yellow.bold(l)));
  } else if (n.tryNext?.length) {
    lines.push('', ...flow('Try next: ', n.tryNext.map((c) => chalk.cyan(c)), width));
  }
  if (n.references?.length) lines.push(...wrap(referencesPointer(lesson.id, n.references, width), width).map((l) => chalk.dim(l)));
  lines.push('', ...summaryLines(outcome, width));
  return fitLines(lines, width);
}

export function renderOutcome(outcome: LessonOutcome, lesson: Lesson, width: number, options: RenderOptions = {}): string {
  return renderOutcomeLines(outcome, lesson, width, options).join('\n');
}
