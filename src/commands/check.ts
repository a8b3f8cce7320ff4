// `pitfalls check <lesson> <file>`: a learner's own program, judged the way the lesson's fixture is:
// built with the lesson's builds, run as the broken side under the same containment and observation,
// judged with the same signs and the same job.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { findLesson } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { answerOf, checkJson, renderCheckRun, renderCheckSummary, type CheckRun } from '../render/check.js';
import { terminalWidth } from '../render/text.js';
import { languageOf } from '../runner/compile.js';
import { detectContainment } from '../runner/containment.js';
import { runSide } from '../runner/launch.js';
import { brokenSpecs } from '../runner/run-lesson.js';

export interface CheckCommandOptions {
  json?: boolean;
  /** Runs, already validated. */
  runs?: number;
  /** Seconds, already validated. */
  timeout?: number;
}

const SOURCE_EXTENSIONS = new Set(['.c', '.cc', '.cpp', '.cxx']);

/** The learner's file, checked before anything is built: each problem named with what to do. */
function checkSourceFile(file: string, lesson: Lesson): string {
  const path = resolve(file);
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw usageError(`${file} is a directory. Give the C file itself, e.g. \`npx pitfalls check ${lesson.id} ${file.replace(/\/$/, '')}/${lesson.id}.c\`.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof PitfallsError) throw error;
    throw usageError(`${file} does not exist (or cannot be read). Give the path of your C file, e.g. \`npx pitfalls check ${lesson.id} ./${lesson.id}.c\`.`);
  }
  const head = Buffer.alloc(Math.min(size, 8192));
  try {
    const fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
  } catch {
    throw usageError(`${file} cannot be read (${process.getuid?.() === 0 ? 'even as root' : 'check its permissions'}). Make it readable, then run the check again.`);
  }
  if (head.includes(0)) throw usageError(`${file} is a binary file, not C source. Give the .c file you edited (check builds it for you).`);
  const wanted = languageOf(lesson.fixturePath);
  const extension = extname(path);
  if (!SOURCE_EXTENSIONS.has(extension)) {
    throw usageError(`${file} is not a ${wanted === 'c' ? 'C (.c)' : 'C++ (.cc)'} file. Lesson ${lesson.id} is written in ${wanted === 'c' ? 'C' : 'C++'}: give a ${wanted === 'c' ? '.c' : '.cc'} file.`);
  }
  if (languageOf(path) !== wanted) {
    throw usageError(`${file} is ${languageOf(path) === 'c' ? 'C' : 'C++'}, but lesson ${lesson.id}'s program is ${wanted === 'c' ? 'C' : 'C++'}: give a ${wanted === 'c' ? '.c' : '.cc'} file.`);
  }
  return path;
}

export async function check(id: string, file: string, options: CheckCommandOptions): Promise<number> {
  // 1. The lesson and the learner's file (bad input fails here, before anything is built).
  const lesson = await findLesson(id);
  const source = checkSourceFile(file, lesson);
  const runs = options.runs ?? 1;
  const containment = detectContainment();

  // 2. Build it the ways the lesson builds its fixture: a compiler error is the learner's to fix (exit 1).
  let specs;
  try {
    specs = brokenSpecs(lesson, { timeoutMs: options.timeout ? options.timeout * 1000 : undefined }, source);
  } catch (error) {
    if (error instanceof PitfallsError && error.compilerOutput !== undefined) {
      console.error(error.compilerOutput);
      console.error(`\npitfalls: ${file} did not compile (the compiler's messages are above). Fix it, then run \`npx pitfalls check ${lesson.id} ${file}\` again.`);
      return EXIT.notAsTaught;
    }
    throw error;
  }

  // 3. Run it, contained and observed, as many times as asked; Ctrl-C stops cleanly.
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  signals.forEach((s) => process.on(s, onSignal));
  const results: CheckRun[] = [];
  const width = terminalWidth();
  try {
    for (let run = 1; run <= runs; run++) {
      const sides = [];
      for (const spec of specs) {
        if (controller.signal.aborted) break;
        // The learner's program must do the job and not show the pitfall, whatever the fixture's build shows.
        sides.push(await runSide({ ...spec, expected: 'clean' }, containment, { signal: controller.signal }));
      }
      if (controller.signal.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      const result = { run, sides, answer: answerOf(sides) };
      results.push(result);
      if (!options.json) console.log(renderCheckRun(result, runs, lesson, width));
    }
  } finally {
    signals.forEach((s) => process.off(s, onSignal));
  }

  // 4. The answer: fixed only when every run of every build was.
  const exitCode = results.every((r) => r.answer === 'fixed') ? EXIT.ok : EXIT.notAsTaught;
  if (options.json) console.log(JSON.stringify(checkJson(lesson, file, results, containment.mode, exitCode), null, 2));
  else console.log(renderCheckSummary(lesson, file, results, width));
  return exitCode;
}
