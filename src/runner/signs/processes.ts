// Signs read from the process tree over time: how many, which, zombies, and counts against children.
import type { Sign } from '../../lesson.js';
import type { Observation, ProcessSnapshot, Sample } from '../outcome.js';
import type { SignJudge } from './common.js';
import { describe, countSeries, peakProcesses, reportsOf, plural, howItEnded, everyProcess, childOf } from './common.js';

/**
 * The counts the run held on its way up: each value seen in two samples running and above the last
 * one (a count caught mid-fork, in a single sample, is passed over), then the peak.
 */
export function growthSteps(samples: Sample[]): Array<[number, number]> {
  const series = countSeries(samples);
  const steps: Array<[number, number]> = [];
  let peak: [number, number] = [0, 0];
  series.forEach(([t, n], i) => {
    if (n > peak[1]) peak = [t, n];
    const held = i + 1 < series.length && series[i + 1][1] === n;
    if (held && (steps.length === 0 || n > steps[steps.length - 1][1])) steps.push([t, n]);
  });
  if (steps.length === 0 || steps[steps.length - 1][1] < peak[1]) steps.push(peak);
  return steps;
}

export const judgeRunaway: SignJudge<Extract<Sign, { kind: 'runaway-processes' }>> = (sign, obs, isFinal) => {
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

export const judgeCount: SignJudge<Extract<Sign, { kind: 'count-below-children' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const { children, mostZombies, mostZombiesAt } = childrenOfProgram(obs);
  const seen = `${children} child${children === 1 ? '' : 'ren'} of pid ${obs.programPid} seen in /proc` +
    (mostZombies > 1 ? ` (${mostZombies} of them exited and waiting to be reaped at once, at ${mostZombiesAt} ms)` : '');
  const reported = reportsOf(obs, sign.report);
  if (reported.length === 0) {
    return { shown: undefined, evidence: [seen, `the program never reported ${sign.report}=N, so its count is unknown`], settled: true };
  }
  const count = Number(reported[reported.length - 1]);
  const evidence = [seen, `the program's own count of ${sign.counts}: ${count}`];
  if (children === 0) return { shown: undefined, evidence: [...evidence, 'no children were seen, so there is nothing to compare'], settled: true };
  if (count < children) evidence.push(`${children - count} of ${children} exits went uncounted`);
  const last = obs.samples[obs.samples.length - 1];
  return { shown: count < children, evidence, atMs: last?.t ?? obs.durationMs, settled: true };
};

/** Zombies younger than this are a child between its exit and its parent's wait, even in a correct program. */
const ZOMBIE_GRACE_MS = 250;

export const judgeZombies: SignJudge<Extract<Sign, { kind: 'zombies' }>> = (sign, obs, isFinal) => {
  const forMs = sign.forMs ?? ZOMBIE_GRACE_MS;
  // For each zombie, the first sample of the unbroken run in which it was seen Z under a living parent.
  const since = new Map<number, number>();
  let most = 0;
  let longest = 0;
  let proof: { t: number; zombies: ProcessSnapshot[]; oldest: number; parents: ProcessSnapshot[] } | undefined;
  let lastSeen: ProcessSnapshot[] = [];
  for (const sample of obs.samples) {
    const alive = new Map(sample.processes.filter((p) => p.state !== 'Z').map((p) => [p.pid, p]));
    const zombies = sample.processes.filter((p) => p.state === 'Z' && alive.has(p.ppid));
    const current = new Set(zombies.map((z) => z.pid));
    for (const pid of [...since.keys()]) if (!current.has(pid)) since.delete(pid);
    for (const z of zombies) if (!since.has(z.pid)) since.set(z.pid, sample.t);
    most = Math.max(most, zombies.length);
    const ages = zombies.map((z) => sample.t - since.get(z.pid)!);
    longest = Math.max(longest, ...ages);
    // The zombies the program left when last seen alive: they are what passes to the reaper at its end.
    if (alive.has(obs.programPid)) lastSeen = zombies;
    if (!proof && ages.filter((age) => age >= forMs).length >= sign.atLeast) {
      const parents = [...new Set(zombies.map((z) => z.ppid))].map((pid) => alive.get(pid)!);
      proof = { t: sample.t, zombies, oldest: Math.max(...ages), parents };
    }
  }
  if (!proof) {
    const seen = most === 0
      ? 'no zombie with a living parent at any sample'
      : `no zombie lasted ${forMs} ms: at most ${most} at once, ${longest === 0 ? 'each seen in one sample only' : `the longest seen for ${longest} ms`} (a child between its exit and its parent's wait)`;
    return { shown: isFinal ? false : undefined, evidence: [seen], settled: false };
  }
  const { t, zombies, oldest, parents } = proof;
  const evidence = [
    `${plural(zombies.length, 'zombie')} (state Z, <defunct>) in /proc at ${t} ms: pid${zombies.length === 1 ? '' : 's'} ${zombies.map((z) => z.pid).join(', ')}, ` +
      `child${zombies.length === 1 ? '' : 'ren'} of ${parents.map(describe).join(', ')}, alive and not reaping (the oldest seen unreaped for ${oldest} ms)`,
  ];
  // Once their parent is gone, zombies pass to the reaper: the supervisor's count says it collected them.
  const ofProgram = lastSeen.filter((z) => z.ppid === obs.programPid).length;
  if (isFinal && ofProgram > 0 && obs.exit.reaped > ofProgram) {
    evidence.push(
      `${howItEnded(obs)} with ${plural(ofProgram, 'zombie child', 'zombie children')} still unreaped; they passed to the supervisor (a child subreaper), ` +
        `which reaped ${plural(obs.exit.reaped, 'process', 'processes')} in all, the program included: none was left`,
    );
  }
  return { shown: true, evidence, atMs: t, settled: true };
};

/** How long the process count must stay put before the names the processes give themselves are read. */
const NAMES_SETTLE_MS = 100;

export const judgeExtraProcesses: SignJudge<Extract<Sign, { kind: 'extra-processes' }>> = (sign, obs, isFinal) => {
  const seen = everyProcess(obs);
  const list = [...seen.values()];
  if (list.length <= sign.needed) {
    return {
      shown: isFinal ? false : undefined,
      evidence: [`${plural(list.length, 'process', 'processes')} in the run, the program included (the job needs ${sign.needed})`],
      settled: false,
    };
  }
  const over = list[sign.needed].firstT;
  const lastGrowth = list[list.length - 1].firstT;
  const last = obs.samples[obs.samples.length - 1];
  // Grouped by parent, in the order first seen: "pid 10 (main) → 11 (a), 12 (b); 11 → 13 (a)".
  const families = new Map<number, ProcessSnapshot[]>();
  for (const p of list) families.set(p.ppid, [...(families.get(p.ppid) ?? []), p]);
  const isRoot = (p: ProcessSnapshot) => !seen.has(p.ppid);
  const described = [...families].flatMap(([ppid, children]) => {
    const parent = seen.get(ppid);
    // A root with children of its own is named at the head of its family instead.
    if (!parent) return children.filter((c) => !families.has(c.pid)).map(describe);
    return [`${isRoot(parent) ? describe(parent) : ppid} → ${children.map((c) => `${c.pid} (${c.comm})`).join(', ')}`];
  });
  return {
    shown: true,
    evidence: [`${list.length} processes in the run where the job needs ${sign.needed}: ${described.join('; ')}`],
    atMs: over,
    settled: last.t - lastGrowth >= NAMES_SETTLE_MS,
  };
};

export const judgeRanTooOften: SignJudge<Extract<Sign, { kind: 'ran-too-often' }>> = (sign, obs, isFinal) => {
  const seen = everyProcess(obs);
  // Distinct processes seen carrying the name, in the order they took it.
  const carriers: Array<{ p: ProcessSnapshot; t: number }> = [];
  for (const sample of obs.samples) {
    for (const p of sample.processes) {
      if (p.comm === sign.comm && !carriers.some((c) => c.p.pid === p.pid)) carriers.push({ p, t: sample.t });
    }
  }
  const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
  if (carriers.length === 0) {
    return {
      shown: undefined,
      evidence: [`no process named ${sign.comm} was seen in /proc, so this run cannot tell which processes did ${sign.meaning}`],
      settled: false,
    };
  }
  const who = carriers.map(({ p }) => `pid ${p.pid}, ${childOf(p, seen, obs.programPid)}`).join('; ');
  if (carriers.length <= sign.times) {
    return {
      shown: isFinal ? false : undefined,
      evidence: [`${sign.comm} (${sign.meaning}) ran ${times(carriers.length)}${carriers.length === sign.times ? ', as the job wants' : ` (the job runs it ${times(sign.times)})`}: ${who}`],
      settled: false,
    };
  }
  return {
    shown: true,
    evidence: [`${sign.comm} (${sign.meaning}) ran ${times(carriers.length)} where the job runs it ${times(sign.times)}: ${who}`],
    atMs: carriers[sign.times].t,
    settled: true,
  };
};
