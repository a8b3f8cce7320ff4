// One lesson, end to end: compile the fixture, run every broken build and the twin, judge each.
import { dirname, relative } from 'node:path';
import { brokenLimits, safeLimits } from '../catalog.js';
import type { Lesson, Limits } from '../lesson.js';
import { fixturesDir, packageRoot } from '../paths.js';
import { compile } from './compile.js';
import { detectContainment } from './containment.js';
import { runSide, type SideHooks, type SideSpec } from './launch.js';
import type { LessonOutcome, SideOutcome } from './outcome.js';
import { EXIT, PitfallsError } from '../errors.js';

export interface RunOptions {
  /** Overrides each side's wall clock, in milliseconds. */
  timeoutMs?: number;
  /** Added to the wall clock of a side that waits for a keystroke, while a person may take their time to press it. */
  keystrokeGraceMs?: number;
  /** Told before each side starts, for spinners. */
  onSideStart?: (spec: SideSpec) => SideHooks | undefined;
  /** Awaited before each side starts, told the sides already run (`run --step` pauses here). */
  beforeSide?: (spec: SideSpec, done: SideOutcome[]) => Promise<void>;
  signal?: AbortSignal;
}

function withTimeout(limits: Limits, timeoutMs: number | undefined, graceMs = 0): Limits {
  return { ...limits, timeoutMs: (timeoutMs ?? limits.timeoutMs) + graceMs };
}

/** A path as the learner knows it: relative to `base` when inside it. */
function displayPath(path: string, base: string): string {
  const inside = relative(base, path);
  return inside.startsWith('..') ? path : inside;
}

/**
 * The specs of the lesson's broken side, one per build, compiling `source` (the fixture, or a
 * learner's file for `check`, which builds it only the ways the lesson checks) from the cache when it can.
 */
export function brokenSpecs(lesson: Lesson, options: Pick<RunOptions, 'timeoutMs' | 'keystrokeGraceMs'> = {}, source?: string): SideSpec[] {
  const builds = (lesson.broken.builds ?? [{ label: '', flags: [] }]).filter((build) => !source || build.check !== false);
  const path = source ?? lesson.fixturePath;
  const shown = source ? displayPath(source, process.cwd()) : displayPath(path, packageRoot);
  // The lesson's header, pitfalls.h, is found beside the fixture; a learner's file finds it here.
  const include = source ? [`-I${fixturesDir}`] : [];
  return builds.map((build) => {
    const { binary } = compile(path, [...build.flags, ...include], lesson.broken.link ?? []);
    return {
      side: 'broken',
      expected: build.expect ?? 'manifested',
      label: build.label ? `${shown} (${build.label})` : shown,
      command: [binary, ...(lesson.broken.args ?? [])],
      files: [binary],
      limits: withTimeout(brokenLimits(lesson), options.timeoutMs, lesson.broken.keystrokes ? options.keystrokeGraceMs : 0),
      terminal: lesson.broken.terminal ?? false,
      keystrokes: lesson.broken.keystrokes,
      watchAfterProofMs: lesson.broken.watchAfterProofMs,
      expectation: lesson.expectation,
    };
  });
}

/** The specs of every side of the lesson: each build of the fixture, then the twin. */
export function planSides(lesson: Lesson, options: Pick<RunOptions, 'timeoutMs' | 'keystrokeGraceMs'> = {}): SideSpec[] {
  const broken = brokenSpecs(lesson, options);
  const twinSource = displayPath(lesson.twinPath, packageRoot).replace(/^dist\//, '').replace(/\.js$/, '.ts');
  const safe: SideSpec = {
    side: 'safe',
    expected: 'clean',
    label: twinSource,
    command: [process.execPath, lesson.twinPath, ...(lesson.safe.args ?? [])],
    files: [dirname(lesson.twinPath)],
    limits: withTimeout(safeLimits(lesson), options.timeoutMs, lesson.safe.keystrokes ? options.keystrokeGraceMs : 0),
    terminal: lesson.safe.terminal ?? false,
    keystrokes: lesson.safe.keystrokes,
    expectation: lesson.expectation,
  };
  return [...broken, safe];
}

export async function runLesson(lesson: Lesson, options: RunOptions = {}): Promise<LessonOutcome> {
  const containment = detectContainment();
  const specs = planSides(lesson, options);
  const outcomes: SideOutcome[] = [];
  for (const spec of specs) {
    if (options.signal?.aborted) break;
    await options.beforeSide?.(spec, outcomes);
    if (options.signal?.aborted) break;
    const hooks = options.onSideStart?.(spec) ?? {};
    outcomes.push(await runSide(spec, containment, { ...hooks, signal: options.signal }));
  }
  const broken = outcomes.filter((o) => o.side === 'broken');
  const safe = outcomes.find((o) => o.side === 'safe');
  if (!safe || options.signal?.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
  return {
    id: lesson.id,
    title: lesson.title,
    broken,
    safe,
    // Each build shows what it is expected to (manifested, unless the lesson says a build stays clean).
    asTaught: broken.length > 0 && outcomes.every((o) => o.verdict.status === o.expected),
    containment: containment.mode,
  };
}
