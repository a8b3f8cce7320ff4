// `run <lesson> --step`: the report cut into phases, one screen each (80x24 at least): the program with its
// PITFALL lines, each side as it ended, the verdict, the prediction revealed, why, the rule. Built from the
// same sentences as the report (sentences.ts, outcome.ts); every phase fits `rows` rows of `width` columns.
import chalk from 'chalk';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Lesson, Question } from '../lesson.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import type { ObservedValue, Reveal } from '../classroom/predict.js';
import { choiceKey } from '../classroom/predict.js';
import { packageRoot } from '../paths.js';
import { Glossary } from './glossary.js';
import { markedSummary, summaryLines } from './outcome.js';
import { describeExit, lessonHeadline, sideRole, whatHappened } from './sentences.js';
import { pitfallLines, sourceLines } from './source.js';
import { fit, fitLines, flow, wrap } from './text.js';
import { views } from './views.js';

/** Rows a phase leaves for the line that asks for a key and the shell's prompt after the last one. */
export const PROMPT_ROWS = 2;

/** At most `rows` lines: what does not fit gives way to a last line saying where the rest is. */
function clip(lines: string[], rows: number, rest: string, width: number): string[] {
  if (lines.length <= rows) return lines;
  return [...lines.slice(0, Math.max(0, rows - 1)), chalk.dim(fit(`… ${rest}`, width))];
}

/** The phase's title line: which phase of how many, and what it is. */
export function phaseTitle(index: number, total: number, name: string, lesson: Lesson, width: number): string {
  return chalk.bold.inverse(fit(` ${index} of ${total} · ${name} · ${lesson.id} `, width));
}

/** The line under a phase: the keys it takes. */
export function promptLine(width: number, options: { canGoBack: boolean; isLast?: boolean; next?: string; answer?: string }): string {
  const next = options.answer ? `${options.answer}: answer` : options.isLast ? 'Enter: end' : `Enter/Space: ${options.next ?? 'next'}`;
  const keys = [next, ...(options.canGoBack ? ['b: back'] : []), 'q: quit'].join(' · ');
  return chalk.cyan(fit(`▶ ${keys}`, width));
}

/** The program: the fixture's source around its PITFALL: lines (the window that fits), those lines marked. */
export function programLines(lesson: Lesson, width: number, rows: number): string[] {
  const source = readFileSync(lesson.fixturePath, 'utf8');
  const name = relative(packageRoot, lesson.fixturePath).startsWith('..') ? lesson.fixturePath : relative(packageRoot, lesson.fixturePath);
  const head = wrap(`${chalk.bold.red('BROKEN')} ${chalk.bold(name)}: ${lesson.summary}`, width, '  ');
  const foot = wrap(chalk.dim(`${chalk.red('▶')} marks the pitfall. The whole program beside the safe twin: \`npx pitfalls show ${lesson.id}\``), width, '  ');
  const room = Math.max(3, rows - head.length - foot.length - 2);
  const code = sourceLines(source, width);
  // The window starts a few lines above the first PITFALL: line, so the code it marks is in view.
  const lines = source.replace(/\n$/, '').split('\n');
  const firstMarked = Math.max(0, pitfallLines(lines).indexOf(true));
  // The rows the lines above it take (a long line wraps onto more than one).
  const firstRow = firstMarked === 0 ? 0 : sourceLines(lines.slice(0, firstMarked).join('\n'), width).length;
  const start = Math.max(0, Math.min(code.length - room, firstRow - Math.floor(room / 3)));
  return [...head, '', ...code.slice(start, start + room), '', ...foot];
}

/** One side as it ended: its verdict, the evidence, the pictures that fit, how it ended, its last output. */
export function sideLines(side: SideOutcome, lesson: Lesson, width: number, rows: number, many = false): string[] {
  const glossary = new Glossary();
  const role = sideRole(side, many);
  const colour = side.side === 'safe' ? chalk.bold.green : side.expected === 'clean' ? chalk.bold.cyan : chalk.bold.red;
  const lines = [...wrap(`${colour(role)}  ${chalk.bold(side.label)}`, width, '  '), ...wrap(markedSummary(side), width, '  ')];
  for (const line of side.verdict.evidence) lines.push(...wrap(`  • ${glossary.explain(line)}`, width, '    '));
  const end = wrap(chalk.dim(`end: ${describeExit(side.observation.exit, side.observation.stoppedBecause)}`), width, '  ');
  const output = side.observation.output.split('\n').filter((l) => l.trim() !== '');
  const tail = output.length > 0 ? [chalk.dim(`output (${output.length} line${output.length === 1 ? '' : 's'}${output.length > 3 ? ', last 3' : ''}):`), ...output.slice(-3).map((l) => chalk.dim(fit(`  ${l}`, width)))] : [];
  // Pictures only where they fit whole: a picture cut would mislead.
  let used = lines.length + end.length + tail.length + 2;
  const pictures: string[] = [];
  for (const name of lesson.views ?? []) {
    const drawn = views[name]?.(side, lesson, width, { brief: true }) ?? [];
    if (drawn.length > 0 && used + drawn.length + 1 <= rows) {
      pictures.push('', ...drawn);
      used += drawn.length + 1;
    }
  }
  return clip([...lines, ...pictures, '', ...end, ...tail], rows, `the whole report: \`npx pitfalls run ${lesson.id} --full\``, width);
}

/** The verdict: the lesson's headline, then a line per side. */
export function verdictLines(outcome: LessonOutcome, width: number): string[] {
  const headline = wrap(lessonHeadline(outcome), width, '  ').map((l) => (outcome.asTaught ? chalk.green.bold(l) : chalk.red.bold(l)));
  return [...headline, '', ...summaryLines(outcome, width)];
}

/** The question before the run, its choices keyed 1-4; once answered, the answer marked. */
export function questionLines(question: Question, width: number, picked?: number): string[] {
  const choices = question.choices.flatMap((choice, i) => wrap(`  ${chalk.bold.cyan(choiceKey(i))}  ${choice.text}${i === picked ? chalk.bold('  ◀ your answer') : ''}`, width, '     '));
  const how =
    picked === undefined
      ? `Press ${question.choices.map((_, i) => choiceKey(i)).join(', ')} (or ${question.choices.map((_, i) => String.fromCharCode(97 + i)).join(', ')}) to answer; the run then shows which is right.`
      : 'The run shows which is right.';
  return [...wrap(chalk.bold(`Predict: ${question.ask}`), width, '  '), '', ...choices, '', chalk.dim(fit(how, width))];
}

/** A value in words: a word for how a program ended, else the number with what it is measured against. */
function valueWords(observed: ObservedValue): string {
  if (observed.value === undefined) return 'nothing this run showed';
  const end: Record<string, string> = { exited: 'it ended by itself', killed: 'a signal killed it', running: 'still running when the runner stopped it' };
  if (observed.kind === 'end') return end[String(observed.value)] ?? String(observed.value);
  return `${observed.value}${observed.against ? ` (${observed.against})` : ''}`;
}

/** The reveal: the pick, what this run observed with its evidence, right or wrong, and why. */
export function revealLines(r: Reveal, width: number): string[] {
  const { question, picked, observed, twin } = r;
  const pick = wrap(`${chalk.bold('You said:')} ${choiceKey(picked)}  ${question.choices[picked].text}`, width, '  ');
  const seen = wrap(`${chalk.bold('This run:')} ${observed.name}: ${chalk.bold(valueWords(observed))}`, width, '  ');
  const evidence = wrap(chalk.dim(`  • ${observed.evidence}`), width, '    ');
  const answer =
    r.isRight === undefined
      ? wrap(chalk.yellow.bold('No choice describes what this run observed: it proved nothing either way. Run it again.'), width, '  ')
      : r.isRight
        ? wrap(chalk.green.bold(`✓ Right: this run observed what ${choiceKey(picked)} says.`), width, '  ')
        : wrap(chalk.red.bold(`✗ Not this run: it observed what ${r.right.map(choiceKey).join(' and ')} says: ${question.choices[r.right[0]].text}`), width, '  ');
  const contrast = wrap(chalk.dim(`The safe twin, the same job: ${valueWords(twin)}.`), width, '  ');
  const why = wrap(`${chalk.bold('Why:')} ${question.why}`, width, '  ');
  return [...pick, '', ...seen, ...evidence, '', ...answer, ...contrast, '', ...why];
}

/** Why: the mechanism, after what happened on each side. */
export function whyLines(outcome: LessonOutcome, lesson: Lesson, width: number, rows: number): string[] {
  const glossary = new Glossary();
  const n = lesson.narration;
  const why = [chalk.bold.underline('Why'), ...wrap(glossary.explain(n.why), width - 2).map((l) => `  ${l}`)];
  const today = n.today ? ['', chalk.bold.underline('On today\'s Linux and glibc'), ...wrap(glossary.explain(n.today), width - 2).map((l) => `  ${l}`)] : [];
  const happened = ['', chalk.bold.underline('What happened'), ...whatHappened(outcome).flatMap((p) => wrap(p, width - 2).map((l) => `  ${l}`))];
  // The mechanism first; what happened (the evidence again, in prose) only when it fits too.
  const lines = [...why, ...(why.length + today.length <= rows ? today : [])];
  if (lines.length + happened.length <= rows) lines.push(...happened);
  return clip(fitLines(lines, width), rows, `the whole story: \`npx pitfalls run ${lesson.id} --full\``, width);
}

/** The rule, the safe way in TypeScript and Rust, and what to try next. */
export function ruleLines(lesson: Lesson, width: number, rows: number): string[] {
  const n = lesson.narration;
  const body = (text: string) => wrap(text, width - 2).map((l) => `  ${l}`);
  const lines = [chalk.bold.underline('The rule'), ...body(chalk.bold(n.rule)), '', chalk.bold.underline('The safe way'), ...body(`TypeScript: ${n.safeWay}`), ...body(`Rust: ${n.rust}`)];
  const tryNext = n.tryNext?.length ? ['', ...flow('Try next: ', n.tryNext.map((c) => chalk.cyan(c)), width)] : [];
  if (lines.length + tryNext.length <= rows) lines.push(...tryNext);
  return clip(fitLines(lines, width), rows, `the whole story: \`npx pitfalls run ${lesson.id} --full\``, width);
}
