// `pitfalls run`: compile, run both sides under containment, judge, narrate.
import chalk from 'chalk';
import { loadCatalog } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { updateProgress } from '../practice/progress.js';
import { outcomesJson } from '../render/json.js';
import { renderOutcome } from '../render/outcome.js';
import { drainStdout, whenStdoutCloses } from '../render/stdout.js';
import { terminalWidth } from '../render/text.js';
import { findCompiler, languageOf } from '../runner/compile.js';
import { detectContainment } from '../runner/containment.js';
import type { LessonOutcome } from '../runner/outcome.js';
import { runLesson } from '../runner/run-lesson.js';
import { resolveLesson, stopOnSignals } from './common.js';
import { INVITATION_MS, KeyInput, SideWatch } from './watch-side.js';

export interface RunCommandOptions {
  all?: boolean;
  json?: boolean;
  /** Headline, evidence, pictures, the rule and the summary: one screen at 80x24. */
  brief?: boolean;
  /** The full narration even on a small terminal. */
  full?: boolean;
  /** Seconds, already validated. */
  timeout?: number;
  /** The lecture's own program in place of the fixture (src/classroom). */
  slide?: boolean;
  /** Run the broken side this many times and draw the distribution (src/classroom). */
  runs?: number;
  /** Pause between the phases of the run (src/classroom/step.ts). */
  step?: boolean;
  /** Ask the lesson's question before the run, reveal after it; implies --step (src/classroom/predict.ts). */
  predict?: boolean;
  /** Record the session as an asciicast file, the outcome as JSON beside it (src/classroom/record.ts). */
  record?: string;
}


/** A lesson `run --all` did not run, and why (the machine lacks what it needs, with the install hint). */
interface SkippedLesson {
  id: string;
  reason: string;
}

/** Why this machine cannot build the lesson's fixture (no C++ compiler, for a .cc fixture), or undefined when it can. */
function missingCompiler(lesson: Lesson): string | undefined {
  if (languageOf(lesson.fixturePath) !== 'c++') return undefined;
  try {
    findCompiler('c++');
    return undefined;
  } catch (error) {
    if (error instanceof PitfallsError && error.exitCode === EXIT.environment) return error.message;
    throw error;
  }
}

export async function run(ids: string[], options: RunCommandOptions): Promise<number> {
  // 1. Resolve the lessons (unknown ids fail here, before anything runs).
  if (options.all && ids.length > 0) throw usageError('Give lesson names or --all, not both. Try `npx pitfalls run fork-bomb` or `npx pitfalls run --all`.');
  if (options.brief && options.full) throw usageError('Give --brief or --full, not both. Try `npx pitfalls run fork-bomb --full`.');
  // Classroom mode: the lecture's own program, N runs drawn as a distribution, the run in phases.
  const stepped = options.step || options.predict;
  if (stepped && (options.all || options.json || options.slide || options.runs !== undefined)) {
    throw usageError('`--step` and `--predict` run named lessons in phases, without --all, --json, --slide or --runs. Try `npx pitfalls run sigchld-count --predict`.');
  }
  if (options.record !== undefined && (options.slide || options.runs !== undefined)) throw usageError('`--record` records `run` and `run --step`, not --slide or --runs. Try `npx pitfalls run fork-bomb --record fork-bomb.cast`.');
  if (options.slide || options.runs !== undefined || stepped) {
    if (options.all) throw usageError('`--slide` and `--runs` take lesson names, not --all. Try `npx pitfalls run sigchld-count --slide --runs 20`.');
    return (await import('../classroom/command.js')).runClassroom(ids, options);
  }
  if (!options.all && ids.length === 0) throw usageError('Which lesson? Try `npx pitfalls run fork-bomb`, or `npx pitfalls list` to see them all.');
  const lessons: Lesson[] = options.all ? await loadCatalog() : await Promise.all(ids.map(resolveLesson));
  const containment = detectContainment();
  // --record: what is written from here on goes to the .cast file too, a marker at each side and each report.
  const recording = options.record !== undefined ? (await import('../classroom/record.js')).Recording.start(options.record, { title: `pitfalls run ${options.all ? '--all' : ids.join(' ')}`, width: terminalWidth(), height: process.stdout.rows || 24 }) : undefined;

  // 2. Run each lesson, watched live in a terminal, stopping cleanly on Ctrl-C or when the reader of
  //    our output goes away (`| head`): every process of the run is killed and reaped either way.
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const stdoutClosed = whenStdoutCloses(() => controller.abort());
  const outcomes: LessonOutcome[] = [];
  const skipped: SkippedLesson[] = [];
  const width = terminalWidth();
  const json = Boolean(options.json);
  // A person may press the lesson's key: a terminal on both ends, and not CI (which never waits).
  const interactive = !json && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;
  // A live region moves the cursor: only on a terminal that can (not TERM=dumb) and where escape sequences
  // are welcome (not NO_COLOR, --no-color); else a plain line per side.
  const live = !json && Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb' && chalk.level > 0;
  // A small terminal (a projector's 80x24) gets one screen per lesson unless --full asks for the whole story.
  const isSmallTerminal = Boolean(process.stdout.isTTY) && ((process.stdout.columns || 80) < 100 || (process.stdout.rows || 24) < 30);
  const brief = Boolean(options.brief) || (!options.full && isSmallTerminal);
  let watch: SideWatch | undefined;
  const keys = interactive ? new KeyInput(() => controller.abort()) : undefined;
  try {
    for (const lesson of lessons) {
      // Without a C++ compiler, --all runs every other lesson and says which it skipped, and why.
      const missing = options.all ? missingCompiler(lesson) : undefined;
      if (missing) {
        skipped.push({ id: lesson.id, reason: missing });
        if (!json && !stdoutClosed()) console.log(`■ ${lesson.id}: skipped: ${missing}\n`);
        continue;
      }
      // Every build of the fixture, then the twin.
      const total = (lesson.broken.builds?.length ?? 1) + 1;
      let index = 0;
      const outcome = await runLesson(lesson, {
        timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
        keystrokeGraceMs: interactive ? INVITATION_MS : 0,
        signal: controller.signal,
        onSideStart: (spec) => {
          recording?.mark(`${lesson.id}: ${spec.side === 'safe' ? 'the safe twin' : 'the broken side'}, ${spec.label}`);
          watch?.end();
          watch = new SideWatch(spec, { index: ++index, total }, { live, keys, quiet: json });
          return watch.hooks();
        },
      }).finally(() => {
        watch?.end();
        keys?.stop();
      });
      outcomes.push(outcome);
      // Progress: this lesson was watched (whatever it showed this run).
      updateProgress(lesson.id, (p) => ({ ...p, ran: true }));
      // 3. Narrate each lesson as soon as it is judged.
      recording?.mark(`${lesson.id}: the verdict`);
      if (!json && !stdoutClosed()) console.log(`${renderOutcome(outcome, lesson, width, { brief })}\n`);
    }
  } catch (error) {
    recording?.stop();
    // The reader went away: nobody is left to tell, and the code says the run was cut short.
    if (stdoutClosed() && error instanceof PitfallsError && error.exitCode === EXIT.interrupted) return EXIT.interrupted;
    throw error;
  } finally {
    release();
  }
  await drainStdout();
  if (stdoutClosed()) {
    recording?.stop();
    return EXIT.interrupted;
  }

  // 4. Exit code: 0 when every lesson behaved as taught, 1 when one did not, else 3 when --all skipped one (no C++ compiler).
  const exitCode = !outcomes.every((o) => o.asTaught) ? EXIT.notAsTaught : skipped.length > 0 ? EXIT.environment : EXIT.ok;
  // --all ends with a table: each lesson, as taught or not, and each side's time to verdict and evidence.
  const table = options.all ? await import('../classroom/all-table.js') : undefined;
  const rows = table?.allTableRows(outcomes, lessons, skipped);
  if (!json && table && rows) console.log(`${table.renderAllTable(rows, width)}\n`);
  if (!json && skipped.length > 0) console.log(`Ran ${outcomes.length} of ${lessons.length} lessons; skipped ${skipped.map((k) => k.id).join(', ')}: see above.`);
  const document = { ...outcomesJson(outcomes, containment, exitCode), skipped, ...(rows ? { table: rows } : {}) };
  if (json) console.log(JSON.stringify(document, null, 2));
  recording?.saveOutcome(document);
  recording?.stop();
  return exitCode;
}
