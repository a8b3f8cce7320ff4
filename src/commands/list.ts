// `pitfalls list`: the lessons in teaching order.
import chalk from 'chalk';
import { loadCatalog } from '../catalog.js';
import { whenStdoutCloses } from '../render/stdout.js';
import { flow, padTo, terminalWidth, wrap } from '../render/text.js';

export async function list(options: { json?: boolean }): Promise<number> {
  // A reader that goes away (`| head`) ends the listing quietly.
  whenStdoutCloses();
  // 1. Load the catalogue (sorted by teaching order).
  const lessons = await loadCatalog();
  // 2. Print it as data or as a table.
  if (options.json) {
    console.log(JSON.stringify(lessons.map(({ id, title, summary, order }) => ({ id, title, summary, order })), null, 2));
    return 0;
  }
  const idWidth = Math.max(...lessons.map((l) => l.id.length)) + 2;
  const width = terminalWidth();
  // The title and summary beside the ids while that leaves them 30 columns; under the id on a narrower terminal.
  const isBeside = width - idWidth - 4 >= 30;
  const indent = isBeside ? 4 + idWidth : 4;
  lessons.forEach((lesson, i) => {
    const number = String(i + 1).padStart(2);
    const title = wrap(lesson.title, width - indent);
    if (isBeside) console.log(`${chalk.dim(number)}  ${chalk.bold(padTo(lesson.id, idWidth))}${title[0]}`);
    else console.log(`${chalk.dim(number)}  ${chalk.bold(lesson.id)}\n${' '.repeat(indent)}${title[0]}`);
    for (const line of title.slice(1)) console.log(`${' '.repeat(indent)}${line}`);
    for (const line of wrap(lesson.summary, width - indent)) console.log(`${' '.repeat(indent)}${chalk.dim(line)}`);
  });
  console.log(['', ...flow('Run one: ', [chalk.cyan(`npx pitfalls run ${lessons[0]?.id ?? '<lesson>'}`), `or by its number: ${chalk.cyan('npx pitfalls run 1')}`, `all of them: ${chalk.cyan('npx pitfalls run --all')}`], width)].join('\n'));
  return 0;
}
