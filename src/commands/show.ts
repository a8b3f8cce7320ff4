// `pitfalls show`: the broken C and the safe TypeScript side by side, the PITFALL lines marked, then the
// lesson's references.
import chalk from 'chalk';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLesson } from '../catalog.js';
import type { Reference } from '../lesson.js';
import { fitsSideBySide, GUTTER, layout } from '../render/columns.js';
import { sourceLines } from '../render/source.js';
import { whenStdoutCloses } from '../render/stdout.js';
import { terminalWidth, wrap } from '../render/text.js';
import { lessonSourcesDir, packageRoot } from '../paths.js';

export async function show(id: string): Promise<number> {
  // A reader that goes away (`| head`) ends the listing quietly.
  whenStdoutCloses();
  // 1. Find the lesson and its two sources (the twin's TypeScript, not the built JavaScript).
  const lesson = await findLesson(id);
  const twinName = lesson.safe.twin ?? 'safe.ts';
  const twinSource = [join(lessonSourcesDir, lesson.id, twinName), lesson.twinPath].find(existsSync)!;
  const name = (path: string) => (relative(packageRoot, path).startsWith('..') ? path : relative(packageRoot, path));
  // 2. Lay them out side by side (stacked on a narrow terminal).
  //    Each is numbered and wrapped to its column, continuation lines under the code.
  const width = terminalWidth();
  const column = fitsSideBySide(2, width) ? Math.floor((width - GUTTER.length) / 2) : width;
  const broken = [...wrap(chalk.bold.red(`BROKEN  ${name(lesson.fixturePath)}`), column, '  '), '', ...sourceLines(readFileSync(lesson.fixturePath, 'utf8'), column)];
  const safe = [...wrap(chalk.bold.green(`SAFE  ${name(twinSource)}`), column, '  '), '', ...sourceLines(readFileSync(twinSource, 'utf8'), column)];
  console.log(wrap(chalk.bold.inverse(` ${lesson.id} · ${lesson.title} `), width).join('\n'));
  console.log(`${wrap(lesson.summary, width).join('\n')}\n`);
  console.log(layout([broken, safe], width).join('\n'));
  console.log(['', ...wrap(`${chalk.red('▶')} marks the pitfall. Watch it happen: ${chalk.cyan(`npx pitfalls run ${lesson.id}`)}`, width, '  ')].join('\n'));
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
