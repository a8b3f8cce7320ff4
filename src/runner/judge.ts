// The judge: a pure function from a lesson's signs and one run's observations to a verdict.
// It never looks at which program ran, only at what the run did. The signs are in ./signs/.
import type { Expectation, Sign } from '../lesson.js';
import type { Observation, Verdict } from './outcome.js';
import type { SignJudge, SignResult } from './signs/common.js';
import { signJudges } from './signs/index.js';

export { countSeries, peakProcesses } from './signs/common.js';

function judgeSign(sign: Sign, observation: Observation, isFinal: boolean): SignResult {
  return (signJudges[sign.kind] as SignJudge<Sign>)(sign, observation, isFinal);
}

/**
 * Judges one side. While the run goes on (`isFinal` false) it returns a settled verdict only when
 * the pitfall has been proven; at the end it always returns one.
 */
export function judge(expectation: Expectation, observation: Observation, isFinal: boolean): Verdict {
  const results = expectation.signs.map((sign) => judgeSign(sign, observation, isFinal));
  const shown = results.filter((r) => r.shown === true);
  if (shown.length > 0 && (isFinal || shown.some((r) => r.settled))) {
    return {
      status: 'manifested',
      evidence: shown.flatMap((r) => r.evidence),
      atMs: Math.min(...shown.map((r) => r.atMs ?? observation.durationMs)),
      settled: true,
    };
  }
  const evidence = results.flatMap((r) => r.evidence);
  if (!isFinal) return { status: 'inconclusive', evidence, atMs: observation.durationMs, settled: false };
  if (observation.exit.reason === 'timeout') {
    evidence.push(`the run did not finish its job within the ${observation.durationMs} ms allowed and was ended`);
    return { status: 'inconclusive', evidence, atMs: observation.durationMs, settled: true };
  }
  const status = results.some((r) => r.shown === undefined) ? 'inconclusive' : 'clean';
  return { status, evidence, atMs: observation.durationMs, settled: true };
};
