// Turns a lesson's outcome into the side-by-side report and the narration under it.
import chalk from 'chalk';
import type { Lesson } from '../lesson.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import { layout } from './columns.js';
import { containmentSentence, describeExit, sideSummary, whatHappened } from './sentences.js';
import { wrap } from './text.js';
import { views } from './views.js';

const OUTPUT_LINES = 6;

function statusColour(side: SideOutcome): (text: string) => string {
  const { status } = side.verdict;
  if (status !== side.expected) return chalk.yellow;
  return status === 'manifested' ? chalk.red : chalk.green;
}

function sideBlock(side: SideOutcome, lesson: Lesson, columnWidth: number): string[] {
  const mark = side.verdict.status === 'manifested' ? '✗' : side.verdict.status === 'clean' ? '✓' : '?';
  const colour = statusColour(side);
  // A C build meant to stay clean (the fix in C, or the build where the source happens to work) is not "broken".
  const heading = side.side === 'safe' ? chalk.bold.green('SAFE') : side.expected === 'clean' ? chalk.bold.cyan('C') : chalk.bold.red('BROKEN');
  const lines = [`${heading}  ${chalk.bold(side.label)}`, colour(`${mark} ${sideSummary(side)}`)];
  for (const line of side.verdict.evidence) lines.push(`  • ${line}`);
  for (const name of lesson.views ?? []) {
    const view = views[name];
    if (view) lines.push('', ...view(side, lesson, columnWidth));
  }
  lines.push('', chalk.dim(`end: ${describeExit(side.observation.exit, side.observation.stoppedBecause)}`));
  const output = side.observation.output.split('\n').filter((l) => l.trim() !== '');
  if (output.length > 0) {
    lines.push(chalk.dim(`output (${output.length} line${output.length === 1 ? '' : 's'}${output.length > OUTPUT_LINES ? `, last ${OUTPUT_LINES}` : ''}):`));
    for (const line of output.slice(-OUTPUT_LINES)) lines.push(chalk.dim(`  ${line.slice(0, 200)}`));
  }
  return lines;
}

function section(title: string, body: string | string[], width: number): string[] {
  const paragraphs = Array.isArray(body) ? body : [body];
  return ['', chalk.bold.underline(title), ...paragraphs.flatMap((p) => wrap(p, width - 2).map((l) => `  ${l}`))];
}

export function renderOutcome(outcome: LessonOutcome, lesson: Lesson, width: number): string {
  const sides = [...outcome.broken, outcome.safe];
  const columns = sides.length;
  const columnWidth = Math.max(30, Math.floor((width - 3 * (columns - 1)) / columns));
  const title = ` ${lesson.id} · ${lesson.title} `;
  const lines = [chalk.bold.inverse(title), ''];
  lines.push(...layout(sides.map((side) => sideBlock(side, lesson, columnWidth)), width));
  const n = lesson.narration;
  lines.push(...section('What happened', whatHappened(outcome), width));
  lines.push(...section('Why', n.why, width));
  lines.push(...section('The rule', n.rule, width));
  lines.push(...section('The safe way', [`TypeScript: ${n.safeWay}`, `Rust: ${n.rust}`], width));
  if (n.today) lines.push(...section('On today\'s Linux and glibc', n.today, width));
  const cap = outcome.broken[0]?.observation.cap ?? 0;
  lines.push('', ...wrap(`Containment (${outcome.containment}): ${containmentSentence[outcome.containment](cap)}; when a side ended, every process it started was killed and reaped.`, width).map((l) => chalk.dim(l)));
  if (!outcome.asTaught) {
    lines.push('', ...wrap('This lesson did not behave as taught this run: see the evidence above. Run it again, or run `npx pitfalls doctor`.', width).map((l) => chalk.yellow.bold(l)));
  } else if (n.tryNext?.length) {
    lines.push('', `Try next: ${n.tryNext.map((c) => chalk.cyan(c)).join('   ')}`);
  }
  return lines.join('\n');
}
