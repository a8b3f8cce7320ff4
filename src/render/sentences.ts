// The one place where outcome records become sentences.
import { DEFAULT_LIMITS, DEFAULT_TWIN_LIMITS, type Lesson, type Reference } from '../lesson.js';
import type { ExitInfo, LessonOutcome, SideOutcome, Status } from '../runner/outcome.js';
import type { ContainmentMode } from '../runner/outcome.js';

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Whether a side showed what it is expected to when the lesson runs as taught. */
export function isAsExpected(side: SideOutcome): boolean {
  return side.verdict.status === side.expected;
}

/**
 * The headline of a side, by what it showed and what it was expected to show: said as expected in so
 * many words, or unmistakably not.
 */
export function headline(status: Status, expected: Status): string {
  if (status === expected) {
    if (status === 'manifested') return 'pitfall shown, as expected';
    if (status === 'clean') return 'clean, as expected';
    return 'no pitfall and no job done, as this build should';
  }
  if (status === 'inconclusive') return 'NOT as expected: inconclusive, this run proved nothing either way';
  if (status === 'manifested') return 'NOT as expected: the pitfall showed here too';
  return 'NOT as expected: the pitfall did not show this run';
}

/** What a side is, in a word or two: "BROKEN", "SAFE", "C" (a build meant to stay clean); with `build`, which build. */
export function sideRole(side: SideOutcome, build = false): string {
  const role = side.side === 'safe' ? 'SAFE' : side.expected === 'clean' ? 'C' : 'BROKEN';
  // The label is "fixtures/x.c (build label)", and a build label may hold parentheses of its own.
  const which = /^\S+ \((.+)\)$/.exec(side.label)?.[1];
  return build && which && side.side === 'broken' ? `${role} (${which})` : role;
}

/**
 * The fact that says most about a side, for the summary: for a side that showed the pitfall, its proof
 * (the first evidence line); for one that stayed clean, the pitfall's absence rather than the job done.
 */
export function keyEvidence(side: SideOutcome): string {
  const { evidence, status } = side.verdict;
  if (status === 'clean') {
    const absence = evidence.find((line) => !line.startsWith('job done'));
    if (absence) return absence;
  }
  return evidence[0] ?? sideSummary(side);
}

/** The lesson's verdict in one line, for the top of its report. */
export function lessonHeadline(outcome: LessonOutcome): string {
  const sides = [...outcome.broken, outcome.safe];
  if (outcome.asTaught) {
    if (outcome.broken.length === 1 && outcome.broken[0].expected === 'manifested') {
      return '✓ As taught: the broken C showed its pitfall, and the safe twin stayed clean.';
    }
    return `✓ As taught: each of the ${outcome.broken.length} builds of the C did what it shows, and the safe twin stayed clean.`;
  }
  const missed = sides.filter((side) => !isAsExpected(side)).map((side) => `${sideRole(side, outcome.broken.length > 1)} ${headline(side.verdict.status, side.expected).replace(/^NOT as expected: /, '')}`);
  return `✗ NOT as taught this run: ${missed.join('; ')}.`;
}

/** How the program ended, as the supervisor saw it. */
export function describeExit(exit: ExitInfo, stoppedBecause?: string): string {
  let how: string;
  if (exit.reason === 'stopped' && stoppedBecause === 'the pitfall was proven') how = 'stopped by the runner once the pitfall was proven';
  else if (exit.reason === 'stopped') how = `stopped by the runner (${stoppedBecause ?? 'asked to stop'})`;
  else if (exit.reason === 'timeout') how = 'still running at its time limit, so the runner ended it';
  else if (exit.signal) how = `killed by ${exit.signal}`;
  else how = `exited with code ${exit.code ?? '?'}`;
  // The supervisor reaped the program itself too; the rest were orphans or killed at the end.
  const others = exit.reaped - (exit.code !== undefined || exit.signal !== undefined ? 1 : 0);
  // Zombies count among what was left: they are gone only once reaped.
  if (exit.killedAtEnd > 0) return `${how}; the runner ended the ${exit.killedAtEnd} process${exit.killedAtEnd === 1 ? '' : 'es'} left in the run`;
  if (others > 0) return `${how}; ${exit.reapedBy === 'init' ? "the run's init (PID 1 of its PID namespace)" : 'the supervisor'} reaped ${others} orphan${others === 1 ? '' : 's'} the program left`;
  return how;
}

/** "What happened", side by side in prose: built from the verdicts and their evidence only. */
export function whatHappened(outcome: LessonOutcome): string[] {
  const lines: string[] = [];
  for (const side of outcome.broken) {
    const { status, evidence, atMs } = side.verdict;
    if (status === 'manifested') lines.push(`The broken program (${side.label}) showed the pitfall, proven ${seconds(atMs)} after it started: ${evidence.join('; ')}.`);
    else if (status === 'clean' && side.expected === 'clean') lines.push(`${side.label} stayed clean, as this build should: ${evidence.join("; ")}.`);
    else if (status === 'clean') lines.push(`The pitfall did not show this run in ${side.label}: ${evidence.join('; ')}.`);
    else if (side.expected === 'inconclusive') lines.push(`${side.label} avoided the pitfall without doing the job, as this build does: ${evidence.join('; ')}.`);
    else lines.push(`This run of ${side.label} proved nothing either way: ${evidence.join('; ')}.`);
  }
  const safe = outcome.safe;
  if (safe.verdict.status === 'clean') lines.push(`The safe twin (${safe.label}) did the same job and stayed clean: ${safe.verdict.evidence.join('; ')}.`);
  else if (safe.verdict.status === 'manifested') lines.push(`The safe twin (${safe.label}) showed the pitfall too, which it never should: ${safe.verdict.evidence.join('; ')}. Please report this.`);
  else lines.push(`The safe twin (${safe.label}) proved nothing either way this run: ${safe.verdict.evidence.join('; ')}.`);
  return lines;
}

const containmentCaps: Record<ContainmentMode, (cap: number) => string> = {
  'cgroup-v1': (cap) => `each side ran in a pids cgroup (v1) with pids.max ${cap}`,
  'cgroup-v2': (cap) => `each side ran in a pids cgroup (v2) with pids.max ${cap}`,
  rlimit: (cap) => `each side ran with RLIMIT_NPROC set to your running tasks plus ${cap}`,
  uid: (cap) => `each side ran as an unused unprivileged uid with RLIMIT_NPROC ${cap}`,
};

/** How the sides were contained: the mode's cap, and who reaped what no parent of the run waited for. */
export function containmentSentence(mode: ContainmentMode, cap: number, pidNamespace: boolean): string {
  const reaper = pidNamespace
    ? "in a PID namespace of its own whose PID 1, an init of the runner's, reaped its orphans"
    : 'in its own process group, under a subreaping supervisor';
  return `${containmentCaps[mode](cap)}, ${reaper}`;
}

export function sideSummary(side: SideOutcome): string {
  return `${headline(side.verdict.status, side.expected)} (${seconds(side.verdict.atMs)})`;
}

/**
 * The line that ends a run: as many of the lesson's man pages as fit in `width` (by name, in its order), how
 * many references more, and the command that lists them all.
 */
export function referencesPointer(id: string, references: Reference[], width = 80): string {
  const manPage = /^[\w.-]+\(\d\w*\)/;
  const pages = [...new Set(references.map((r) => manPage.exec(r.title)?.[0]).filter((name): name is string => name !== undefined))];
  const line = (shown: number) => {
    const more = references.length - references.filter((r) => pages.slice(0, shown).includes(manPage.exec(r.title)?.[0] ?? '')).length;
    const named = shown > 0 ? `${pages.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}` : `${references.length}`;
    return `References: ${named}: npx pitfalls show ${id}`;
  };
  let shown = pages.length;
  while (shown > 1 && line(shown).length > width) shown--;
  return line(shown);
}

/** The wall clock the lesson itself gives a side (its limits, else the defaults): what `--timeout` replaces. */
export function ownTimeoutMs(lesson: Lesson, side: 'broken' | 'safe'): number {
  return side === 'broken' ? { ...DEFAULT_LIMITS, ...lesson.broken.limits }.timeoutMs : { ...DEFAULT_TWIN_LIMITS, ...lesson.safe.limits }.timeoutMs;
}

/**
 * The sides a `--timeout` shorter than the lesson's own wall clock ended before they could show what
 * they are there to show: inconclusive for want of time (the verdict's reason "timeout") under a clock
 * the learner set, not the lesson.
 */
export function cutShortByTimeout(sides: SideOutcome[], lesson: Lesson): SideOutcome[] {
  return sides.filter((side) => side.verdict.status === 'inconclusive' && side.verdict.reason === 'timeout' && side.observation.timeoutMs < ownTimeoutMs(lesson, side.side));
}

/** A wall clock in seconds as `--timeout` takes it: whole seconds, rounded up. */
function timeoutSeconds(ms: number): number {
  return Math.min(600, Math.max(1, Math.ceil(ms / 1000)));
}

/**
 * What to do next when a lesson did not behave as taught: a `--timeout` too short for it is said as
 * such, with the lesson's own wall clock as a command to type; otherwise, run it again or ask doctor.
 */
export function notAsTaughtAdvice(outcome: LessonOutcome, lesson: Lesson): string {
  const cut = cutShortByTimeout([...outcome.broken, outcome.safe], lesson);
  if (cut.length === 0) return 'This lesson did not behave as taught this run: see the evidence above. Run it again, or run `npx pitfalls doctor`.';
  const given = Math.min(...cut.map((side) => side.observation.timeoutMs));
  const own = Math.max(...cut.map((side) => ownTimeoutMs(lesson, side.side)));
  const which = cut.length === outcome.broken.length + 1 ? 'every side was' : `${cut.map((side) => sideRole(side, outcome.broken.length > 1)).join(' and ')} ${cut.length === 1 ? 'was' : 'were'}`;
  return `The --timeout of ${seconds(given)} was too short for this lesson: ${which} ended before the pitfall (or its absence) could show. ` +
    `Leave --timeout out (this lesson allows ${seconds(own)}), or give it at least that: \`npx pitfalls run ${lesson.id} --timeout ${timeoutSeconds(own)}\`.`;
}

/** The same for `check`: the learner's file ended by a `--timeout` shorter than the lesson's own clock, with the command to try. */
export function checkTimeoutAdvice(sides: SideOutcome[], lesson: Lesson, file: string): string | undefined {
  const cut = cutShortByTimeout(sides, lesson);
  if (cut.length === 0) return undefined;
  const own = ownTimeoutMs(lesson, 'broken');
  return `the --timeout of ${seconds(Math.min(...cut.map((side) => side.observation.timeoutMs)))} was too short for this lesson (it allows ${seconds(own)}): leave --timeout out, or give it at least that: \`npx pitfalls check ${lesson.id} ${file} --timeout ${timeoutSeconds(own)}\``;
}
