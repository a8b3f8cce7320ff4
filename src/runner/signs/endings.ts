// Signs read from how the run ended: the exit status, and what the program wrote.
import type { Sign } from '../../lesson.js';
import type { SignJudge } from './common.js';
import { endedByItself } from './common.js';

export const judgeKilled: SignJudge<Extract<Sign, { kind: 'killed-by-signal' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const signal = obs.exit.signal;
  // A cap of ours that ended the program is not the program's pitfall.
  const shown = signal !== undefined && endedByItself(obs) && !obs.exit.cap && (!sign.signals || sign.signals.includes(signal));
  if (shown) {
    // A signal that kills a process ends all its threads: say how many it ran (the most seen at once).
    const mostThreads = obs.samples.reduce((most, s) => Math.max(most, s.processes.find((p) => p.pid === obs.programPid)?.threads ?? 0), 0);
    const threads = mostThreads > 1 ? `; it ran ${mostThreads} threads (the most seen at once), and all of them ended with it` : '';
    return { shown, evidence: [`pid ${obs.programPid} was killed by ${signal}${threads}`], atMs: obs.durationMs, settled: true };
  }
  if (!endedByItself(obs)) return { shown: undefined, evidence: [`pid ${obs.programPid} did not end by itself, so how it would have ended is unknown`], settled: true };
  return { shown: false, evidence: [signal ? `pid ${obs.programPid} was killed by ${signal}` : `pid ${obs.programPid} was not killed by a signal`], settled: true };
};

export const judgeOutput: SignJudge<Extract<Sign, { kind: 'output-matches' }>> = (sign, obs, isFinal) => {
  // The output is complete only once the run has ended.
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const pattern = new RegExp(sign.pattern);
  const lines = obs.output.split('\n');
  const found = lines.filter((line) => pattern.test(line));
  if (found.length === 0) {
    const count = lines.filter(Boolean).length;
    return { shown: false, evidence: [`no line of the output (${count} line${count === 1 ? '' : 's'}) shows ${sign.meaning}`], settled: true };
  }
  return {
    shown: true,
    evidence: found.slice(0, 3).map((line) => `the output has ${JSON.stringify(line)}: ${sign.meaning}`),
    atMs: obs.durationMs,
    settled: true,
  };
};
