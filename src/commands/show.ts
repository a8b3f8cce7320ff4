// `pitfalls show`: the broken C and the safe TypeScript side by side, the PITFALL lines marked, then the
// lesson's references.
import chalk from 'chalk';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLesson, loadCatalog } from '../catalog.js';
import { slideLesson } from '../classroom/slide.js';
import type { Reference } from '../lesson.js';
import { fitsSideBySide, GUTTER, layout } from '../render/columns.js';
import { sourceLines } from '../render/source.js';
import { whenStdoutCloses } from '../render/stdout.js';
import { terminalWidth, wrap } from '../render/text.js';
import { lessonSourcesDir, packageRoot } from '../paths.js';

export async function show(id: string, options: { slide?: boolean } = {}): Promise<number> {
  // A reader that goes away (`| head`) ends the listing quietly.
  whenStdoutCloses();
  // 1. Find the lesson and its two sources (the twin's TypeScript, not the built JavaScript); with --slide,
  //    the lecture's own program and the fixture made from it.
  const lesson = await findLesson(id);
  if (options.slide) slideLesson(lesson, await loadCatalog());
  const twinName = lesson.safe.twin ?? 'safe.ts';
  const twinSource = [join(lessonSourcesDir, lesson.id, twinName), lesson.twinPath].find(existsSync)!;
  const name = (path: string) => (relative(packageRoot, path).startsWith('..') ? path : relative(packageRoot, path));
  // 2. Lay them out side by side (stacked on a narrow terminal).
  //    Each is numbered and wrapped to its column, continuation lines under the code.
  const width = terminalWidth();
  const column = fitsSideBySide(2, width) ? Math.floor((width - GUTTER.length) / 2) : width;
  const listing = (title: string, path: string) => [...wrap(title, column, '  '), '', ...sourceLines(readFileSync(path, 'utf8'), column)];
  const [left, right] = options.slide
    ? [listing(chalk.bold.yellow(`THE LECTURE'S PROGRAM  ${name(lesson.slidePath!)}`), lesson.slidePath!), listing(chalk.bold.red(`THE FIXTURE  ${name(lesson.fixturePath)}`), lesson.fixturePath)]
    : [listing(chalk.bold.red(`BROKEN  ${name(lesson.fixturePath)}`), lesson.fixturePath), listing(chalk.bold.green(`SAFE  ${name(twinSource)}`), twinSource)];
  console.log(wrap(chalk.bold.inverse(` ${lesson.id} · ${lesson.title} `), width).join('\n'));
  const about = options.slide
    ? `From ${lesson.broken.slide!.source}. The fixture beside it does the same job and adds what makes the pitfall show every run; the comment at the top of each says what and why.`
    : lesson.summary;
  console.log(`${wrap(about, width).join('\n')}\n`);
  console.log(layout([left, right], width).join('\n'));
  const watch = options.slide
    ? `Run the lecture's program, contained, N times: ${chalk.cyan(`npx pitfalls run ${lesson.id} --slide --runs 20`)}`
    : `${chalk.red('▶')} marks the pitfall. Watch it happen: ${chalk.cyan(`npx pitfalls run ${lesson.id}`)}`;
  console.log(['', ...wrap(watch, width, '  ')].join('\n'));
  // 3. Where the lesson's facts come from: man pages, the lecture's slides, the versions a claim holds for.
  const references = lesson.narration.references ?? [];
  if (references.length > 0) {
    console.log(`\n${chalk.bold('References')}`);
    for (const line of referenceLines(references).flatMap((l) => wrap(l, terminalWidth(), '  '))) console.log(line);
  }
  return 0;
}

/** One line per reference: what it is, where to find it, and what it backs up. */
export function referenceLines(references: Reference[]): string[] {
  return references.map(({ title, where, note }) => `  • ${title} — ${chalk.cyan(where)}${note ? chalk.dim(`: ${note}`) : ''}`);
}
