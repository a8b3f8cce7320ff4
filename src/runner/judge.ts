// The judge: a pure function from a lesson's expectation and one run's observations to a verdict.
// It never looks at which program ran, only at what the run did. Three questions, answered apart:
// did it run (and how did it end), was the job done (./signs/job.ts), did the pitfall show (./signs/).
import type { Expectation, Sign } from '../lesson.js';
import type { InconclusiveReason, Observation, Verdict } from './outcome.js';
import type { SignJudge, SignResult } from './signs/common.js';
import { endedByItself, programSamples } from './signs/common.js';
import { signJudges } from './signs/index.js';
import { judgeJob } from './signs/job.js';

export { countSeries, peakProcesses } from './signs/common.js';

function judgeSign(sign: Sign, observation: Observation, isFinal: boolean): SignResult {
  return (signJudges[sign.kind] as SignJudge<Sign>)(sign, observation, isFinal);
}

/** Signals a sign of the lesson names: dying of one is the pitfall, not a crash. */
function signSignals(expectation: Expectation): string[] | 'any' {
  const killed = expectation.signs.filter((s): s is Extract<Sign, { kind: 'killed-by-signal' }> => s.kind === 'killed-by-signal');
  if (killed.some((s) => !s.signals)) return 'any';
  return killed.flatMap((s) => s.signals ?? []);
}

/** Did it run, and end in a way that lets the job be judged? The first reason it did not, in words. */
function howItRan(expectation: Expectation, obs: Observation): { reason: InconclusiveReason; evidence: string } | undefined {
  const { exit } = obs;
  if (exit.startFailed) return { reason: 'failed-to-start', evidence: `the program never ran: ${exit.startFailed}` };
  if (exit.cap) return { reason: 'killed-by-cap', evidence: `the program was ended by ${exit.cap}, a cap of the runner's, before it finished its job` };
  if (exit.reason === 'timeout') return { reason: 'timeout', evidence: `the program did not finish within the ${obs.timeoutMs} ms allowed and was ended` };
  if (exit.reason === 'stopped') return { reason: 'stopped', evidence: `the run was stopped (${obs.stoppedBecause ?? 'asked to stop'}) before the program finished` };
  const ends = expectation.ends ?? {};
  if (exit.signal) {
    const named = signSignals(expectation);
    if (ends.signals?.includes(exit.signal) || named === 'any' || named.includes(exit.signal)) return undefined;
    return { reason: 'crashed', evidence: `the program was killed by ${exit.signal} before it finished its job` };
  }
  const codes = ends.codes ?? [0];
  if (codes !== 'any' && exit.code !== undefined && !codes.includes(exit.code)) {
    return { reason: 'job-not-done', evidence: `the program exited with code ${exit.code} (the job ends with ${codes.join(' or ')})` };
  }
  if (programSamples(obs).length === 0 && !obs.eventsComplete) {
    return { reason: 'too-short', evidence: 'the program ended before the observer could see it run, and the kernel\'s process events were not available' };
  }
  return undefined;
}

/**
 * Judges one side. While the run goes on (`isFinal` false) it returns a settled verdict only when
 * the pitfall has been proven; at the end it always returns one: manifested when a sign is proven;
 * clean when the program ran and ended as the job says, every part of the job is done and every
 * sign is excluded by what was observed; inconclusive otherwise, with the first reason in words.
 */
export function judge(expectation: Expectation, observation: Observation, isFinal: boolean): Verdict {
  const results = expectation.signs.map((sign) => judgeSign(sign, observation, isFinal));
  const shown = results.filter((r) => r.shown === true);
  if (shown.length > 0 && (isFinal || shown.some((r) => r.settled))) {
    return {
      status: 'manifested',
      evidence: shown.flatMap((r) => r.evidence),
      shownSigns: expectation.signs.filter((_, i) => results[i].shown === true).map((sign) => sign.kind),
      atMs: Math.min(...shown.map((r) => r.atMs ?? observation.durationMs)),
      settled: true,
    };
  }
  const signEvidence = results.flatMap((r) => r.evidence);
  if (!isFinal) return { status: 'inconclusive', evidence: signEvidence, atMs: observation.durationMs, settled: false };

  const job = judgeJob(expectation.done, observation);
  const final = (status: Verdict['status'], evidence: string[], reason?: InconclusiveReason): Verdict => ({
    status, ...(reason ? { reason } : {}), job, evidence, atMs: observation.durationMs, settled: true,
  });
  const ran = howItRan(expectation, observation);
  if (ran) return final('inconclusive', [ran.evidence, ...signEvidence], ran.reason);
  const notDone = job.find((j) => j.done === false);
  if (notDone) return final('inconclusive', [`the job was not done: ${notDone.part}: ${notDone.evidence}`, ...signEvidence], 'job-not-done');
  const unknown = job.find((j) => j.done === undefined);
  if (unknown) return final('inconclusive', [`whether the job was done is unknown: ${unknown.part}: ${unknown.evidence}`, ...signEvidence], 'job-not-done');
  if (results.some((r) => r.shown === undefined) || !endedByItself(observation)) {
    const open = results.filter((r) => r.shown === undefined).flatMap((r) => r.evidence);
    return final('inconclusive', [`the pitfall could be neither proven nor ruled out: ${open.join('; ') || 'the run was cut short'}`, ...signEvidence], 'sign-unknown');
  }
  return final('clean', [...job.map((j) => `job done: ${j.part}: ${j.evidence}`), ...signEvidence]);
}
