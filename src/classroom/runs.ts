// `run <lesson> --runs N`: the broken side (the fixture, or with --slide the lecture's own program) run N times,
// each run judged as `run` judges it, and what was observed gathered as plain data for the distribution.
import type { Lesson, Sign } from '../lesson.js';
import type { Containment } from '../runner/containment.js';
import { runSide, type SideSpec } from '../runner/launch.js';
import type { InconclusiveReason, SideOutcome, Status } from '../runner/outcome.js';
import { brokenSpecs } from '../runner/run-lesson.js';
import { processHistory, reportsOf } from '../runner/signs/common.js';
import { EXIT, PitfallsError } from '../errors.js';
import { runAsTaught, slideExpect, slideLesson, type ProgramKind } from './slide.js';

/** The number a lesson's pitfall is about, as one run observed it: a count beside what it should have been. */
export interface KeyFigure {
  /** What the number is, e.g. "the program's count of child exits". */
  name: string;
  value: number;
  /** What it is measured against, when the lesson has such a number (the children that ended, the processes needed). */
  of?: number;
  /** What `of` counts, e.g. "children ended". */
  ofWhat?: string;
}

/** One run of the broken side, as judged. */
export interface RunRecord {
  run: number;
  status: Status;
  reason?: InconclusiveReason;
  /** Milliseconds from the start to the verdict. */
  atMs: number;
  durationMs: number;
  figure?: KeyFigure;
  /** This run behaved as the lesson teaches for this program (see runAsTaught). */
  asTaught: boolean;
  /** The first evidence line: what the verdict rests on. */
  evidence?: string;
}

/** Every run of one build of the broken side. */
export interface Distribution {
  id: string;
  title: string;
  program: ProgramKind;
  /** What ran, e.g. "lessons/sigchld-count/slide.c". */
  label: string;
  /** Where the slide's program comes from (lecture, slide title), for --slide. */
  source?: string;
  /** What each run should show: 'manifested' every run, 'clean' (a build meant to stay clean), or 'manifested or clean' for a racy slide. */
  expected: Status | 'manifested or clean';
  runs: RunRecord[];
  /** Runs whose pitfall showed. */
  shown: number;
  /** Every run behaved as taught. */
  asTaught: boolean;
}

/**
 * The lesson's key number in one run, from what the run observed (never a canned value): the program's own
 * report beside the children that ended, for a count the judge compares; the processes, for a tree the judge
 * counts. Undefined for a lesson whose signs have no number (a hang, a leak).
 */
export function keyFigure(signs: Sign[], side: SideOutcome): KeyFigure | undefined {
  const obs = side.observation;
  for (const sign of signs) {
    if (sign.kind === 'count-below-children') {
      const reported = reportsOf(obs, sign.report);
      if (reported.length === 0) continue;
      const value = Number(reported[reported.length - 1]);
      if (!Number.isFinite(value)) continue;
      const { processes, complete } = processHistory(obs);
      const ended = processes.filter((p) => p.parent === obs.programPid && (p.ending || !complete)).length;
      return { name: `the program's count of ${sign.counts}`, value, of: ended, ofWhat: 'children ended' };
    }
    if (sign.kind === 'runaway-processes') return { name: 'live processes at once (peak)', value: side.peakProcesses, of: sign.needed, ofWhat: 'the job needs' };
    if (sign.kind === 'extra-processes') {
      // The program itself and every process it (or its children) started.
      const value = processHistory(obs).processes.length + 1;
      return { name: 'processes over the run', value, of: sign.needed, ofWhat: 'the job needs' };
    }
  }
  return undefined;
}

export interface RepeatOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Told before each run starts (for a spinner). */
  onRun?: (spec: SideSpec, run: number, runs: number) => void;
}

/** Runs the broken side of `lesson` (every build; with program 'slide', the lecture's own program) `runs` times. */
export async function runBrokenRepeatedly(lesson: Lesson, program: ProgramKind, runs: number, containment: Containment, catalog: Lesson[], options: RepeatOptions = {}): Promise<Distribution[]> {
  const ran = program === 'slide' ? slideLesson(lesson, catalog) : lesson;
  const slide = program === 'slide' ? lesson.broken.slide : undefined;
  // Compiled once (from the cache when it can), run `runs` times.
  const specs = brokenSpecs(ran, { timeoutMs: options.timeoutMs });
  const records: RunRecord[][] = specs.map(() => []);
  for (let run = 1; run <= runs; run++) {
    for (const [i, spec] of specs.entries()) {
      if (options.signal?.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      options.onRun?.(spec, run, runs);
      const side = await runSide(spec, containment, { signal: options.signal });
      if (options.signal?.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      const { verdict, observation } = side;
      records[i].push({
        run,
        status: verdict.status,
        ...(verdict.reason ? { reason: verdict.reason } : {}),
        atMs: verdict.atMs,
        durationMs: observation.durationMs,
        ...(() => {
          const figure = keyFigure(ran.expectation.signs, side);
          return figure ? { figure } : {};
        })(),
        asTaught: runAsTaught(verdict.status, spec.expected, program, slide),
        ...(verdict.evidence[0] ? { evidence: verdict.evidence[0] } : {}),
      });
    }
  }
  return specs.map((spec, i) => ({
    id: lesson.id,
    title: lesson.title,
    program,
    label: spec.label,
    ...(slide ? { source: slide.source } : {}),
    expected: slide && slideExpect(slide) === 'sometimes' ? 'manifested or clean' : spec.expected,
    runs: records[i],
    shown: records[i].filter((r) => r.status === 'manifested').length,
    asTaught: records[i].length === runs && records[i].every((r) => r.asTaught),
  }));
}

/** Minimum, median and maximum of a list of numbers (the lower median for an even count: a value that was observed). */
export function spread(values: number[]): { min: number; median: number; max: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}
