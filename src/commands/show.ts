// `pitfalls show`: the broken C and the safe TypeScript side by side, the PITFALL lines marked.
import chalk from 'chalk';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findLesson } from '../catalog.js';
import { layout } from '../render/columns.js';
import { terminalWidth } from '../render/text.js';
import { lessonSourcesDir, packageRoot } from '../paths.js';

/** Numbered source lines; a `PITFALL:` comment, and the comment lines that continue it, are marked. */
export function markSource(source: string): string[] {
  let inPitfall = false;
  return source.replace(/\n$/, '').split('\n').map((line, i) => {
    if (/PITFALL:/.test(line)) inPitfall = true;
    else if (inPitfall && !/^\s*(\*|\/\/)/.test(line)) inPitfall = false;
    const number = String(i + 1).padStart(3);
    return inPitfall ? chalk.red.bold(`▶${number}  ${line}`) : chalk.dim(` ${number}  `) + line;
  });
}

export async function show(id: string): Promise<number> {
  // 1. Find the lesson and its two sources (the twin's TypeScript, not the built JavaScript).
  const lesson = await findLesson(id);
  const twinName = lesson.safe.twin ?? 'safe.ts';
  const twinSource = [join(lessonSourcesDir, lesson.id, twinName), lesson.twinPath].find(existsSync)!;
  const name = (path: string) => (relative(packageRoot, path).startsWith('..') ? path : relative(packageRoot, path));
  // 2. Lay them out side by side (stacked on a narrow terminal).
  const broken = [chalk.bold.red(`BROKEN  ${name(lesson.fixturePath)}`), '', ...markSource(readFileSync(lesson.fixturePath, 'utf8'))];
  const safe = [chalk.bold.green(`SAFE  ${name(twinSource)}`), '', ...markSource(readFileSync(twinSource, 'utf8'))];
  console.log(chalk.bold.inverse(` ${lesson.id} · ${lesson.title} `));
  console.log(`${lesson.summary}\n`);
  console.log(layout([broken, safe], terminalWidth()).join('\n'));
  console.log(`\n${chalk.red('▶')} marks the pitfall. Watch it happen: ${chalk.cyan(`npx pitfalls run ${lesson.id}`)}`);
  return 0;
}
