// The one place where outcome records become sentences.
import type { ExitInfo, LessonOutcome, SideOutcome, Status } from '../runner/outcome.js';
import type { ContainmentMode } from '../runner/outcome.js';

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The headline of a side, by what it showed and what it was expected to show. */
export function headline(status: Status, expected: Status): string {
  if (status === 'inconclusive' && expected === 'inconclusive') return 'no pitfall, and the job not done: as this build should';
  if (status === 'inconclusive') return 'inconclusive: this run proved nothing either way';
  if (status === 'manifested') return expected === 'manifested' ? 'the pitfall showed' : 'the pitfall showed here too';
  return expected === 'clean' ? 'clean: the pitfall never showed' : 'the pitfall did not show this run';
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
  if (exit.killedAtEnd > 0) return `${how}; the supervisor killed the ${exit.killedAtEnd} process${exit.killedAtEnd === 1 ? '' : 'es'} still running and reaped them`;
  if (others > 0) return `${how}; the supervisor reaped ${others} orphan${others === 1 ? '' : 's'} the program left`;
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

export const containmentSentence: Record<ContainmentMode, (cap: number) => string> = {
  'cgroup-v1': (cap) => `each side ran in a pids cgroup (v1) with pids.max ${cap}, in its own process group, under a subreaping supervisor`,
  'cgroup-v2': (cap) => `each side ran in a pids cgroup (v2) with pids.max ${cap}, in its own process group, under a subreaping supervisor`,
  rlimit: (cap) => `each side ran with RLIMIT_NPROC set to your running tasks plus ${cap}, in its own process group, under a subreaping supervisor`,
  uid: (cap) => `each side ran as an unused unprivileged uid with RLIMIT_NPROC ${cap}, in its own process group, under a subreaping supervisor`,
};

export function sideSummary(side: SideOutcome): string {
  return `${headline(side.verdict.status, side.expected)} (${seconds(side.verdict.atMs)})`;
}
