// The judge: a pure function from a lesson's signs and one run's observations to a verdict.
// It never looks at which program ran, only at what the run did.
import type { Expectation, Sign } from '../lesson.js';
import type { Observation, ProcessSnapshot, Sample, Verdict } from './outcome.js';

/** How one sign came out: shown, not shown, or undecidable from this run. */
interface SignResult {
  shown: boolean | undefined;
  evidence: string[];
  /** When the sign was shown, the time the evidence was complete. */
  atMs?: number;
  /** Whether more running could change the result. */
  settled: boolean;
}

type SignJudge<S extends Sign> = (sign: S, observation: Observation, isFinal: boolean) => SignResult;

function describe(p: ProcessSnapshot): string {
  return `pid ${p.pid} (${p.comm})`;
}

export function countSeries(samples: Sample[]): Array<[number, number]> {
  return samples.map((s) => [s.t, s.processes.length]);
}

export function peakProcesses(samples: Sample[]): number {
  return samples.reduce((peak, s) => Math.max(peak, s.processes.length), 0);
}

/** The counts at which the process count first reached each new high, e.g. 1, 2, 4, 8 ... */
function growthSteps(samples: Sample[]): Array<[number, number]> {
  const steps: Array<[number, number]> = [];
  for (const [t, n] of countSeries(samples)) {
    if (steps.length === 0 || n > steps[steps.length - 1][1]) steps.push([t, n]);
  }
  return steps;
}

function reportsOf(observation: Observation, key: string): string[] {
  return observation.reports.filter((r) => r.key === key).map((r) => r.value);
}

const judgeRunaway: SignJudge<Extract<Sign, { kind: 'runaway-processes' }>> = (sign, obs, isFinal) => {
  const peak = peakProcesses(obs.samples);
  const firstOver = obs.samples.find((s) => s.processes.length > sign.needed);
  const forkFailures = reportsOf(obs, 'fork_failed');
  if (!firstOver) {
    return {
      shown: isFinal ? false : undefined,
      evidence: [`at most ${peak} process${peak === 1 ? '' : 'es'} at once (the job needs ${sign.needed})`],
      settled: false,
    };
  }
  const steps = growthSteps(obs.samples);
  const evidence = [
    `process count ${steps.map(([, n]) => n).join(' → ')} in ${steps[steps.length - 1][0]} ms (the job needs ${sign.needed}, the cap is ${obs.cap})`,
  ];
  if (forkFailures.length > 0) {
    const errors = [...new Set(forkFailures)].join(', ');
    evidence.push(`fork() failed with ${errors}, reported by ${forkFailures.length} process${forkFailures.length === 1 ? '' : 'es'}: the cap stopped the growth`);
  }
  const last = obs.samples[obs.samples.length - 1];
  // Let the growth run until fork() fails at the cap, or until it has stopped growing for a while.
  const lastGrowth = steps[steps.length - 1][0];
  const settled = forkFailures.length > 0 || last.t - lastGrowth > 400;
  return { shown: true, evidence, atMs: settled ? last.t : firstOver.t, settled };
};

const judgeHang: SignJudge<Extract<Sign, { kind: 'hang' }>> = (sign, obs, isFinal) => {
  const pattern = new RegExp(sign.wchan);
  // For each pid, the earliest sample since which it has stayed blocked in that channel, no CPU used.
  const since = new Map<number, { t: number; ticks: number; snapshot: ProcessSnapshot }>();
  for (const sample of obs.samples) {
    const present = new Set<number>();
    for (const p of sample.processes) {
      present.add(p.pid);
      const blocked = (p.state === 'S' || p.state === 'D') && pattern.test(p.wchan);
      const start = since.get(p.pid);
      if (!blocked || (start && start.ticks !== p.cpuTicks)) {
        since.delete(p.pid);
        if (!blocked) continue;
      }
      if (!since.has(p.pid)) since.set(p.pid, { t: sample.t, ticks: p.cpuTicks, snapshot: p });
      const held = since.get(p.pid)!;
      if (sample.t - held.t >= sign.windowMs) {
        return {
          shown: true,
          evidence: [
            `${describe(p)} state ${p.state}, wchan ${p.wchan} (${sign.meaning}), no CPU progress for ${sample.t - held.t} ms`,
          ],
          atMs: sample.t,
          settled: true,
        };
      }
    }
    for (const pid of since.keys()) if (!present.has(pid)) since.delete(pid);
  }
  return {
    shown: isFinal ? false : undefined,
    evidence: [`no process stayed blocked in ${sign.meaning} without CPU progress for ${sign.windowMs} ms`],
    settled: false,
  };
};

/** Distinct children of the program, and the largest number of them seen as zombies at once. */
function childrenOfProgram(obs: Observation) {
  const children = new Set<number>();
  let mostZombies = 0;
  let mostZombiesAt = 0;
  for (const sample of obs.samples) {
    let zombies = 0;
    for (const p of sample.processes) {
      if (p.ppid !== obs.programPid) continue;
      children.add(p.pid);
      if (p.state === 'Z') zombies++;
    }
    if (zombies > mostZombies) [mostZombies, mostZombiesAt] = [zombies, sample.t];
  }
  return { children: children.size, mostZombies, mostZombiesAt };
}

const judgeCount: SignJudge<Extract<Sign, { kind: 'count-below-children' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const { children, mostZombies, mostZombiesAt } = childrenOfProgram(obs);
  const seen = `${children} child${children === 1 ? '' : 'ren'} of pid ${obs.programPid} seen in /proc` +
    (mostZombies > 1 ? ` (${mostZombies} of them exited and waiting to be reaped at once, at ${mostZombiesAt} ms)` : '');
  const reported = reportsOf(obs, sign.report);
  if (reported.length === 0) {
    return { shown: undefined, evidence: [seen, `the program never reported ${sign.report}=N, so its count is unknown`], settled: true };
  }
  const count = Number(reported[reported.length - 1]);
  const evidence = [seen, `the program counted ${count} ${sign.counts}`];
  if (children === 0) return { shown: undefined, evidence: [...evidence, 'no children were seen, so there is nothing to compare'], settled: true };
  const last = obs.samples[obs.samples.length - 1];
  return { shown: count < children, evidence, atMs: last?.t ?? obs.durationMs, settled: true };
};

const judgeZombies: SignJudge<Extract<Sign, { kind: 'zombies' }>> = (sign, obs, isFinal) => {
  let most = 0;
  for (const sample of obs.samples) {
    const alive = new Set(sample.processes.filter((p) => p.state !== 'Z').map((p) => p.pid));
    const zombies = sample.processes.filter((p) => p.state === 'Z' && alive.has(p.ppid));
    most = Math.max(most, zombies.length);
    if (zombies.length >= sign.atLeast) {
      const parents = [...new Set(zombies.map((z) => z.ppid))].join(', ');
      return {
        shown: true,
        evidence: [`${zombies.length} zombies (state Z, <defunct>) at ${sample.t} ms: pids ${zombies.map((z) => z.pid).join(', ')}, parent ${parents} alive and not reaping`],
        atMs: sample.t,
        settled: true,
      };
    }
  }
  return { shown: isFinal ? false : undefined, evidence: [`at most ${most} zombie${most === 1 ? '' : 's'} with a living parent at any sample`], settled: false };
};

const judgeKilled: SignJudge<Extract<Sign, { kind: 'killed-by-signal' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const signal = obs.exit.signal;
  const shown = signal !== undefined && obs.exit.reason === 'exited' && (!sign.signals || sign.signals.includes(signal));
  return {
    shown,
    evidence: [signal ? `pid ${obs.programPid} was killed by ${signal}` : `pid ${obs.programPid} was not killed by a signal`],
    atMs: obs.durationMs,
    settled: true,
  };
};

const judgeWaitWithoutChildren: SignJudge<Extract<Sign, { kind: 'wait-without-children' }>> = (sign, obs, isFinal) => {
  const pattern = new RegExp(sign.wchan);
  // Every child each process was ever seen with, and when one of them was last seen alive.
  const children = new Map<number, Set<number>>();
  const lastChildAlive = new Map<number, number>();
  const since = new Map<number, { t: number; ticks: number }>();
  for (const sample of obs.samples) {
    const present = new Set<number>();
    for (const p of sample.processes) {
      let set = children.get(p.ppid);
      if (!set) children.set(p.ppid, (set = new Set()));
      set.add(p.pid);
      if (p.state !== 'Z') lastChildAlive.set(p.ppid, sample.t);
    }
    for (const p of sample.processes) {
      present.add(p.pid);
      const childAlive = sample.processes.some((c) => c.ppid === p.pid && c.state !== 'Z');
      const waiting = (p.state === 'S' || p.state === 'D') && pattern.test(p.wchan) && !childAlive;
      const start = since.get(p.pid);
      if (!waiting || (start && start.ticks !== p.cpuTicks)) {
        since.delete(p.pid);
        if (!waiting) continue;
      }
      if (!since.has(p.pid)) since.set(p.pid, { t: sample.t, ticks: p.cpuTicks });
      const held = since.get(p.pid)!;
      if (sample.t - held.t >= sign.windowMs) {
        const had = children.get(p.pid)?.size ?? 0;
        const gone = had === 0
          ? 'it had no child alive to signal it'
          : `none of its ${had} child${had === 1 ? '' : 'ren'} left to signal it (the last one was seen alive at ${lastChildAlive.get(p.pid)} ms)`;
        return {
          shown: true,
          evidence: [`${describe(p)} state ${p.state}, wchan ${p.wchan} (${sign.meaning}), no CPU progress for ${sample.t - held.t} ms, ${gone}`],
          atMs: sample.t,
          settled: true,
        };
      }
    }
    for (const pid of since.keys()) if (!present.has(pid)) since.delete(pid);
  }
  return {
    shown: isFinal ? false : undefined,
    evidence: [`no process stayed blocked in ${sign.meaning} for ${sign.windowMs} ms with no child left to wake it`],
    settled: false,
  };
};

const signJudges: { [K in Sign['kind']]: SignJudge<Extract<Sign, { kind: K }>> } = {
  'runaway-processes': judgeRunaway,
  hang: judgeHang,
  'count-below-children': judgeCount,
  zombies: judgeZombies,
  'killed-by-signal': judgeKilled,
  'wait-without-children': judgeWaitWithoutChildren,
};

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
