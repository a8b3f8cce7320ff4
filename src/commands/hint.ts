// `pitfalls hint <lesson>`: the next hint, in order (practice shows first the one a run's evidence asks for).
import { findLesson } from '../catalog.js';
import { usageError } from '../errors.js';
import { nextHint } from '../practice/hints.js';
import { progressOf, readProgress, updateProgress } from '../practice/progress.js';
import { renderHint } from '../render/practice.js';
import { terminalWidth, wrap } from '../render/text.js';

export type HintOptions = Record<string, never>;

export async function hint(id: string, _options: HintOptions = {}): Promise<number> {
  // 1. The lesson, which must have hints.
  const lesson = await findLesson(id);
  if (!lesson.practice || lesson.practice.hints.length === 0) {
    throw usageError(`Lesson ${lesson.id} has no hints yet. Watch it and read why: \`npx pitfalls run ${lesson.id}\`, then \`npx pitfalls show ${lesson.id}\`.`);
  }
  // 2. The next one after those already shown.
  const { lessons, warnings } = readProgress();
  for (const warning of warnings) process.stderr.write(`pitfalls: ${warning}\n`);
  const next = nextHint(lesson, progressOf(lessons, lesson.id).hintsUsed);
  console.log(renderHint(next, lesson.id, terminalWidth()));
  // 3. Remembered, so the next `hint` goes on from here.
  if (next.kind === 'hint') {
    updateProgress(lesson.id, (p) => ({ ...p, hintsUsed: Math.max(p.hintsUsed, next.hintsUsed) }));
    if (next.number < next.total) console.log(wrap(`(\`npx pitfalls hint ${lesson.id}\` again for the next one.)`, terminalWidth()).join('\n'));
  }
  return 0;
}
