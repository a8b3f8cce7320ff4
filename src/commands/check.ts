// `pitfalls check <lesson> <file>`: a learner's own program, judged the way the lesson's fixture is:
// built with the lesson's builds, run as the broken side under the same containment and observation,
// judged with the same signs and the same job.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { findLesson } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { updateProgress } from '../practice/progress.js';
import { answerOf, checkJson, renderCheckRun, renderCheckSummary, type CheckRun } from '../render/check.js';
import { terminalWidth } from '../render/text.js';
import { languageOf } from '../runner/compile.js';
import { detectContainment, type Containment } from '../runner/containment.js';
import { runSide, type SideSpec } from '../runner/launch.js';
import type { SideOutcome } from '../runner/outcome.js';
import { brokenSpecs } from '../runner/run-lesson.js';
import { stopOnSignals } from './common.js';

export interface CheckCommandOptions {
  json?: boolean;
  /** Runs, already validated. */
  runs?: number;
  /** Seconds, already validated. */
  timeout?: number;
}

const SOURCE_EXTENSIONS = new Set(['.c', '.cc', '.cpp', '.cxx']);

/** The learner's file, checked before anything is built: each problem named with what to do. */
export function checkSourceFile(file: string, lesson: Lesson): string {
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

/** The learner's file built the ways the lesson checks, or the compiler's own messages when it did not compile. */
export function buildLearnerFile(lesson: Lesson, source: string, timeoutMs?: number): { specs: SideSpec[] } | { compilerOutput: string } {
  try {
    return { specs: brokenSpecs(lesson, { timeoutMs }, source) };
  } catch (error) {
    if (error instanceof PitfallsError && error.compilerOutput !== undefined) return { compilerOutput: error.compilerOutput };
    throw error;
  }
}

/** One run of every build of the learner's file, contained and observed; an aborted run ends early (its sides stopped). */
export async function runLearnerFile(specs: SideSpec[], containment: Containment, run: number, signal?: AbortSignal): Promise<CheckRun> {
  const sides: SideOutcome[] = [];
  for (const spec of specs) {
    if (signal?.aborted) break;
    // The learner's program must do the job and not show the pitfall, whatever the fixture's build shows.
    sides.push(await runSide({ ...spec, expected: 'clean' }, containment, { signal }));
  }
  return { run, sides, answer: answerOf(sides) };
}

/** What one check of a file found, as plain data: for practice, which checks on every save. */
export type FileCheck = { kind: 'compile-error'; compilerOutput: string } | { kind: 'ran'; run: CheckRun };

/** Checks the learner's file once (every build the lesson checks), as `check` does. */
export async function checkFile(lesson: Lesson, source: string, options: { timeoutMs?: number; signal?: AbortSignal; containment?: Containment } = {}): Promise<FileCheck> {
  const built = buildLearnerFile(lesson, source, options.timeoutMs);
  if ('compilerOutput' in built) return { kind: 'compile-error', compilerOutput: built.compilerOutput };
  return { kind: 'ran', run: await runLearnerFile(built.specs, options.containment ?? detectContainment(), 1, options.signal) };
}

export async function check(id: string, file: string, options: CheckCommandOptions): Promise<number> {
  // 1. The lesson and the learner's file (bad input fails here, before anything is built).
  const lesson = await findLesson(id);
  const source = checkSourceFile(file, lesson);
  const runs = options.runs ?? 1;
  const containment = detectContainment();

  // 2. Build it the ways the lesson builds its fixture: a compiler error is the learner's to fix (exit 1).
  const built = buildLearnerFile(lesson, source, options.timeout ? options.timeout * 1000 : undefined);
  if ('compilerOutput' in built) {
    console.error(built.compilerOutput);
    console.error(`\npitfalls: ${file} did not compile (the compiler's messages are above). Fix it, then run \`npx pitfalls check ${lesson.id} ${file}\` again.`);
    return EXIT.notAsTaught;
  }
  const { specs } = built;

  // 3. Run it, contained and observed, as many times as asked; Ctrl-C stops cleanly.
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const results: CheckRun[] = [];
  const width = terminalWidth();
  try {
    for (let run = 1; run <= runs; run++) {
      const result = await runLearnerFile(specs, containment, run, controller.signal);
      if (controller.signal.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      results.push(result);
      if (!options.json) console.log(renderCheckRun(result, runs, lesson, width));
    }
  } finally {
    release();
  }

  // 4. The answer: fixed only when every run of every build was.
  const exitCode = results.every((r) => r.answer === 'fixed') ? EXIT.ok : EXIT.notAsTaught;
  // Progress: checked at least once; fixed stays fixed once a check said so.
  updateProgress(lesson.id, (p) => ({ ...p, checked: true, fixed: p.fixed || exitCode === EXIT.ok }));
  if (options.json) console.log(JSON.stringify(checkJson(lesson, file, results, containment.mode, exitCode), null, 2));
  else console.log(renderCheckSummary(lesson, file, results, width));
  return exitCode;
}
