// `pitfalls solution <lesson>`: the reference fix. Plain source through a pipe (so `> fixed.c` works);
// in a terminal, what changed against the broken fixture, after a gentle "try first".
import chalk from 'chalk';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { stripVTControlCharacters } from 'node:util';
import { findLesson } from '../catalog.js';
import { usageError } from '../errors.js';
import { progressOf, readProgress } from '../practice/progress.js';
import { fitHelpLine } from '../render/help.js';
import { renderSolution } from '../render/practice.js';
import { fitCodeLine, terminalWidth, widthOf, wrap } from '../render/text.js';

export type SolutionOptions = Record<string, never>;

/** Asks a yes/no question on the terminal; no means no, and so does anything but y. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^\s*y(es)?\s*$/i.test(await prompt.question(question));
  } finally {
    prompt.close();
  }
}

export async function solution(id: string, _options: SolutionOptions = {}): Promise<number> {
  // 1. The lesson, which must have a reference fix.
  const lesson = await findLesson(id);
  if (!lesson.solutionPath) {
    throw usageError(`Lesson ${lesson.id} has no reference fix yet. Watch it and read why: \`npx pitfalls run ${lesson.id}\`, then \`npx pitfalls show ${lesson.id}\`.`);
  }
  const source = readFileSync(lesson.solutionPath, 'utf8');

  // 2. Through a pipe or into a file: the source, exactly.
  if (!process.stdout.isTTY) {
    process.stdout.write(source);
    return 0;
  }

  // 3. In a terminal: try first, unless the learner already has (a question only when it can be answered).
  const width = terminalWidth();
  const progress = progressOf(readProgress().lessons, lesson.id);
  if (!progress.checked && process.stdin.isTTY) {
    // The answer goes after "[y/N] " on the question's last line (wrapping drops the space at its end).
    const question = wrap(`You have not checked a fix of your own for ${lesson.id} yet: trying first teaches more (\`npx pitfalls practice ${lesson.id}\`). Show the reference fix anyway? [y/N]`, width - 4);
    const yes = await confirm(`${question.join('\n')} `);
    if (!yes) {
      console.log(wrap(`Not now. Start with \`npx pitfalls practice ${lesson.id}\`; \`npx pitfalls hint ${lesson.id}\` gives a hint.`, width).join('\n'));
      return 0;
    }
  }
  // Each line of the diff within the width: code continued under itself, past the "- " / "+ " mark; the rest wrapped.
  const rendered = renderSolution(lesson, readFileSync(lesson.fixturePath, 'utf8'), source, basename(lesson.solutionPath)).split('\n');
  const isCode = (line: string) => /^(?:\x1b\[[0-9;]*m)*[-+ ] /.test(line);
  // The command that saves the plain file: whole on a line of its own when the sentence does not fit, else continued as a shell takes it (` \`).
  const save = `npx pitfalls solution ${lesson.id} > ${basename(lesson.solutionPath)}`;
  const fitLine = (line: string): string[] => {
    if (isCode(line)) return fitCodeLine(line, width, 2);
    if (widthOf(line) > width && stripVTControlCharacters(line) === `The whole file, plain: ${save}`) return ['The whole file, plain:', ...fitHelpLine(`  $ ${save}`, width).map((l) => chalk.cyan(l))];
    return wrap(line, width, '  ');
  };
  console.log(rendered.flatMap(fitLine).join('\n'));
  return 0;
}
