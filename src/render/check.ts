// What `pitfalls check` says: each run of the learner's program, then one answer with the next step.
import chalk from 'chalk';
import type { Lesson } from '../lesson.js';
import type { ContainmentMode, InconclusiveReason, SideOutcome } from '../runner/outcome.js';
import { sideJson } from './json.js';
import { checkTimeoutAdvice, describeExit, seconds } from './sentences.js';
import { wrap } from './text.js';

/** fixed: the job done and the pitfall gone; not-fixed: the pitfall showed; not-judged: neither could be said. */
export type CheckAnswer = 'fixed' | 'not-fixed' | 'not-judged';

export interface CheckRun {
  run: number;
  /** One per build the lesson checks. */
  sides: SideOutcome[];
  answer: CheckAnswer;
}

export function answerOf(sides: SideOutcome[]): CheckAnswer {
  if (sides.some((s) => s.verdict.status === 'manifested')) return 'not-fixed';
  return sides.length > 0 && sides.every((s) => s.verdict.status === 'clean') ? 'fixed' : 'not-judged';
}

const NEXT_STEP: Record<InconclusiveReason, string> = {
  'failed-to-start': 'the program could not be started: run `npx pitfalls doctor`',
  'too-short': 'the program ended before it could be watched: make sure it still does the job',
  'killed-by-cap': 'the program hit a limit of the runner: look for a loop that never ends or forks without end',
  crashed: 'the program crashed: run it in your head (or under a debugger, contained) where the signal says',
  timeout: 'the program did not finish in time: look for a wait that never ends, or work that is too slow',
  stopped: 'the run was stopped before the program finished: run the check again',
  'job-not-done': 'the program must still do the lesson\'s whole job, not just avoid the pitfall',
  'sign-unknown': 'the run could not tell: run the check again, with --runs 3',
};

const MARK: Record<CheckAnswer, string> = { fixed: chalk.green('✓ fixed'), 'not-fixed': chalk.red('✗ not fixed'), 'not-judged': chalk.yellow('? not judged') };

export function sideLines(side: SideOutcome, width: number): string[] {
  const { verdict, observation } = side;
  const status = verdict.status === 'manifested' ? chalk.red('the pitfall showed') : verdict.status === 'clean' ? chalk.green('job done, no pitfall') : chalk.yellow(`not judged: ${verdict.reason}`);
  const lines = wrap(`  ${chalk.bold(side.label)}: ${status} (${seconds(verdict.atMs)})`, width, '    ');
  for (const part of verdict.job ?? []) {
    const mark = part.done === true ? chalk.green('✓') : part.done === false ? chalk.red('✗') : chalk.yellow('?');
    lines.push(...wrap(`${mark} job: ${part.part}: ${part.evidence}`, width - 4, '  ').map((l) => `    ${l}`));
  }
  for (const line of verdict.evidence.filter((e) => !e.startsWith('job done: '))) lines.push(...wrap(`• ${line}`, width - 4, '  ').map((l) => `    ${l}`));
  lines.push(...wrap(`end: ${describeExit(observation.exit, observation.stoppedBecause)}`, width - 4, '  ').map((l) => chalk.dim(`    ${l}`)));
  return lines;
}

export function renderCheckRun(result: CheckRun, runs: number, lesson: Lesson, width: number): string {
  const title = runs > 1 ? `run ${result.run} of ${runs}` : `${lesson.id}`;
  return [`${chalk.bold(title)}: ${MARK[result.answer]}`, ...result.sides.flatMap((s) => sideLines(s, width)), ''].join('\n');
}

export function renderCheckSummary(lesson: Lesson, file: string, results: CheckRun[], width: number): string {
  const counts = (answer: CheckAnswer) => results.filter((r) => r.answer === answer).length;
  const all = results.length;
  const lines: string[] = [];
  if (counts('fixed') === all) {
    lines.push(`${MARK.fixed}: ${file} does the job of ${lesson.id} (${lesson.expectation.job}) and the pitfall never showed${all > 1 ? `, in ${all} runs of ${all}` : ''}.`);
  } else if (counts('not-fixed') > 0) {
    lines.push(`${MARK['not-fixed']}: the pitfall still shows in ${file}${all > 1 ? ` (${counts('not-fixed')} runs of ${all})` : ''}: see the evidence above. ` +
      `Read the rule with \`npx pitfalls show ${lesson.id}\` and run the lesson again with \`npx pitfalls run ${lesson.id}\`.`);
  } else {
    const first = results.flatMap((r) => r.sides).find((s) => s.verdict.status === 'inconclusive');
    const reason = first?.verdict.reason ?? 'sign-unknown';
    // A --timeout shorter than the lesson's own clock is said as such, not as a program too slow.
    const next = checkTimeoutAdvice(results.flatMap((r) => r.sides), lesson, file) ?? NEXT_STEP[reason];
    lines.push(`${MARK['not-judged']}: ${first?.verdict.evidence[0] ?? 'this run proved nothing either way'}. Next: ${next}.`);
  }
  return lines.flatMap((l) => wrap(l, width)).join('\n');
}

export function checkJson(lesson: Lesson, file: string, results: CheckRun[], containment: ContainmentMode, exitCode: number) {
  const answers = results.map((r) => r.answer);
  return {
    lesson: lesson.id,
    file,
    containment,
    answer: answers.every((a) => a === 'fixed') ? 'fixed' : answers.includes('not-fixed') ? 'not-fixed' : 'not-judged',
    runs: results.map((r) => ({ run: r.run, answer: r.answer, builds: r.sides.map(sideJson) })),
    exitCode,
  };
}
