// `pitfalls list`: the lessons in teaching order.
import chalk from 'chalk';
import { loadCatalog } from '../catalog.js';
import { padTo, terminalWidth, wrap } from '../render/text.js';

export async function list(options: { json?: boolean }): Promise<number> {
  // 1. Load the catalogue (sorted by teaching order).
  const lessons = await loadCatalog();
  // 2. Print it as data or as a table.
  if (options.json) {
    console.log(JSON.stringify(lessons.map(({ id, title, summary, order }) => ({ id, title, summary, order })), null, 2));
    return 0;
  }
  const idWidth = Math.max(...lessons.map((l) => l.id.length)) + 2;
  const width = terminalWidth();
  lessons.forEach((lesson, i) => {
    const number = String(i + 1).padStart(2);
    console.log(`${chalk.dim(number)}  ${chalk.bold(padTo(lesson.id, idWidth))}${lesson.title}`);
    for (const line of wrap(lesson.summary, width - idWidth - 4)) console.log(`    ${' '.repeat(idWidth)}${chalk.dim(line)}`);
  });
  console.log(`\nRun one: ${chalk.cyan(`npx pitfalls run ${lessons[0]?.id ?? '<lesson>'}`)}   all of them: ${chalk.cyan('npx pitfalls run --all')}`);
  return 0;
}
