// `pitfalls next`: the first lesson in teaching order not yet fixed, and what to type; or well done.
import { EXIT } from '../errors.js';
import { courseRows, nextLines } from './progress.js';

export async function next(): Promise<number> {
  // 1. The course and the learner's progress.
  const rows = await courseRows();
  // 2. The next step in words (the same lines `progress` ends with).
  for (const line of nextLines(rows)) console.log(line);
  return EXIT.ok;
}
