// `pitfalls run <lesson> --slide` and `--runs N`: the lecture's own program run contained in place of the
// fixture, and the broken side run N times with the distribution of what was observed; `--step` and `--predict`
// go on to step.ts. `run` hands these options here; everything else of `run` stays in src/commands/run.ts.
import chalk from 'chalk';
import ora, { type Ora } from 'ora';
import { loadCatalog } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { distributionJson, renderDistribution } from '../render/distribution.js';
import { outcomesJson } from '../render/json.js';
import { renderOutcome } from '../render/outcome.js';
import { terminalWidth, wrap } from '../render/text.js';
import { detectContainment } from '../runner/containment.js';
import { runSide } from '../runner/launch.js';
import type { LessonOutcome, SideOutcome } from '../runner/outcome.js';
import { brokenSpecs, planSides } from '../runner/run-lesson.js';
import { resolveLesson, stopOnSignals } from '../commands/common.js';
import { SideWatch } from '../commands/watch-side.js';
import { runBrokenRepeatedly, type Distribution } from './runs.js';
import { runAsTaught, slideExpect, slideLesson } from './slide.js';

export interface ClassroomOptions {
  json?: boolean;
  brief?: boolean;
  full?: boolean;
  /** Seconds, already validated. */
  timeout?: number;
  /** Run the lecture's own program in place of the fixture. */
  slide?: boolean;
  /** Run the broken side this many times and draw the distribution. */
  runs?: number;
  /** The run in phases, paused between them (step.ts). */
  step?: boolean;
  /** The lesson's question before the run, the answer against what it observed after (predict.ts); implies step. */
  predict?: boolean;
  /** With step: the session recorded as an asciicast file (record.ts). */
  record?: string;
}


/** One line before a slide's run: which program this is and where it comes from. */
function slideHeading(lesson: Lesson, width: number): string {
  const slide = lesson.broken.slide!;
  const race = slideExpect(slide) === 'sometimes' ? ' It is a race: a run may show the pitfall or end cleanly, and either is what the slide teaches.' : '';
  return wrap(chalk.bold(`The lecture's own program, in place of the fixture: ${slide.source}.`) + race, width).join('\n');
}

/**
 * The outcome of one run with the slide as the broken side. A racy slide that ends clean did what the slide
 * teaches (the race did not happen this time): its side is marked expected clean, so the report says so truly.
 */
function slideOutcome(outcome: LessonOutcome, lesson: Lesson): LessonOutcome {
  const slide = lesson.broken.slide!;
  const broken = outcome.broken.map((side) =>
    slideExpect(slide) === 'sometimes' && side.verdict.status === 'clean' ? { ...side, expected: 'clean' as const } : side,
  );
  const asTaught = broken.every((s) => runAsTaught(s.verdict.status, s.expected, 'slide', slide)) && outcome.safe.verdict.status === 'clean';
  return { ...outcome, broken, asTaught };
}

export async function runClassroom(ids: string[], options: ClassroomOptions): Promise<number> {
  if (options.step || options.predict) return (await import('./step.js')).runStepped(ids, options);
  if (ids.length === 0) throw usageError('Which lesson? `--slide` and `--runs` take lesson names, e.g. `npx pitfalls run sigchld-count --slide --runs 20`.');
  const catalog = await loadCatalog();
  const lessons = await Promise.all(ids.map(resolveLesson));
  // Every lesson asked for must have its slide program before anything runs.
  if (options.slide) lessons.forEach((lesson) => slideLesson(lesson, catalog));
  const containment = detectContainment();
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const width = terminalWidth();
  const json = Boolean(options.json);
  try {
    if (options.runs !== undefined) {
      // N runs of the broken side; a spinner (a plain line per run through a pipe) says which.
      const distributions: Distribution[] = [];
      for (const lesson of lessons) {
        let spinner: Ora | undefined;
        try {
          // In a terminal a spinner says which run; through a pipe, one plain line per run on stderr (stdout holds the report).
          spinner = !json && process.stderr.isTTY ? ora({ text: `${lesson.id}: starting`, discardStdin: false, stream: process.stderr }).start() : undefined;
          distributions.push(
            ...(await runBrokenRepeatedly(lesson, options.slide ? 'slide' : 'fixture', options.runs, containment, catalog, {
              timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
              signal: controller.signal,
              onRun: (spec, run, runs) => {
                const text = `${lesson.id}: run ${run} of ${runs}: ${spec.label}`;
                if (spinner) spinner.text = text;
                else if (!json) process.stderr.write(`- ${text}\n`);
              },
            })),
          );
        } finally {
          spinner?.stop();
        }
      }
      const exitCode = distributions.every((d) => d.asTaught) ? EXIT.ok : EXIT.notAsTaught;
      if (json) {
        console.log(JSON.stringify({ containment: { mode: containment.mode, why: containment.why }, distributions: distributions.map(distributionJson), exitCode }, null, 2));
      } else {
        console.log(distributions.map((d) => renderDistribution(d, width)).join('\n\n'));
      }
      return exitCode;
    }

    // --slide alone: one run of each side, the slide as the broken one, narrated as `run` narrates.
    const outcomes: LessonOutcome[] = [];
    const live = !json && Boolean(process.stderr.isTTY);
    const isSmallTerminal = Boolean(process.stdout.isTTY) && ((process.stdout.columns || 80) < 100 || (process.stdout.rows || 24) < 30);
    const brief = Boolean(options.brief) || (!options.full && isSmallTerminal);
    for (const lesson of lessons) {
      const slid = slideLesson(lesson, catalog);
      if (!json) console.log(`${slideHeading(lesson, width)}\n`);
      // The slide as the broken side, judged by the slide's job; the twin as always, judged by the lesson's own.
      const timeoutMs = options.timeout ? options.timeout * 1000 : undefined;
      const specs = [...brokenSpecs(slid, { timeoutMs }), ...planSides(lesson, { timeoutMs }).filter((s) => s.side === 'safe')];
      const sides: SideOutcome[] = [];
      for (const [i, spec] of specs.entries()) {
        if (controller.signal.aborted) break;
        const watch = new SideWatch(spec, { index: i + 1, total: specs.length }, { live, quiet: json });
        try {
          sides.push(await runSide(spec, containment, { ...watch.hooks(), signal: controller.signal }));
        } finally {
          watch.end();
        }
      }
      const safe = sides.find((s) => s.side === 'safe');
      if (!safe || controller.signal.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      const raw: LessonOutcome = { id: lesson.id, title: lesson.title, broken: sides.filter((s) => s.side === 'broken'), safe, asTaught: false, containment: containment.mode };
      const outcome = slideOutcome(raw, lesson);
      outcomes.push(outcome);
      if (!json) console.log(`${renderOutcome(outcome, slid, width, { brief })}\n`);
    }
    const exitCode = outcomes.every((o) => o.asTaught) ? EXIT.ok : EXIT.notAsTaught;
    if (json) console.log(JSON.stringify({ ...outcomesJson(outcomes, containment, exitCode), program: 'slide' }, null, 2));
    return exitCode;
  } catch (error) {
    if (controller.signal.aborted && error instanceof PitfallsError) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
    throw error;
  } finally {
    release();
  }
}
