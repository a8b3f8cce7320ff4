// Signs read from the process tree over time: how many, which generation, zombies, counts against children.
import type { Sign } from '../../lesson.js';
import type { Observation, ProcessSnapshot, Sample } from '../outcome.js';
import type { SignJudge } from './common.js';
import { describe, countSeries, endedByItself, everyProcess, howItEnded, plural, processHistory, reaperOf, reportsOf, times } from './common.js';

/** Live processes (zombies are not running, and are another pitfall) in one sample. */
function live(sample: Sample): ProcessSnapshot[] {
  return sample.processes.filter((p) => p.state !== 'Z');
}

/**
 * The counts the run held on its way up: each value seen in two samples running and above the last
 * one (a count caught mid-fork, in a single sample, is passed over), then the peak.
 */
export function growthSteps(samples: Sample[]): Array<[number, number]> {
  const series = countSeries(samples.map((s) => ({ ...s, processes: live(s) })));
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

/** Forks made by processes other than the program: a new generation. The first one known, if any. */
function firstGrandchild(obs: Observation): { t: number; parent: number; pid: number } | undefined {
  const { processes } = processHistory(obs);
  const inRun = new Set(processes.map((p) => p.pid));
  return processes.find((p) => p.parent !== obs.programPid && inRun.has(p.parent));
}

/**
 * The live process count over time as the kernel's events tell it (each fork adds one, each exit
 * takes one away), when every event was heard: a bomb over within one sampling interval is still counted.
 */
function liveFromEvents(obs: Observation): { peak: number; firstOver?: (needed: number) => number | undefined } {
  if (!obs.eventsComplete) return { peak: 0 };
  let count = 1;
  let peak = 1;
  const series: Array<[number, number]> = [];
  for (const e of obs.events) {
    if (e.kind === 'fork') count++;
    else if (e.kind === 'exit' && e.pid !== obs.programPid) count--;
    else continue;
    peak = Math.max(peak, count);
    series.push([e.t, count]);
  }
  return { peak, firstOver: (needed) => series.find(([, n]) => n > needed)?.[0] };
}

export const judgeRunaway: SignJudge<Extract<Sign, { kind: 'runaway-processes' }>> = (sign, obs, isFinal) => {
  const fromEvents = liveFromEvents(obs);
  const peakLive = Math.max(fromEvents.peak, obs.samples.reduce((peak, s) => Math.max(peak, live(s).length), 0));
  const overAt = obs.samples.find((s) => live(s).length > sign.needed)?.t ?? fromEvents.firstOver?.(sign.needed);
  const firstOver = overAt === undefined ? undefined : { t: overAt };
  const generation = firstGrandchild(obs);
  const forkFailures = reportsOf(obs, 'fork_failed');
  if (!firstOver || !generation) {
    const source = obs.eventsComplete ? 'every fork heard from the kernel' : 'seen by sampling every 10 ms';
    const evidence = [
      `at most ${plural(peakLive, 'live process', 'live processes')} at once (the job needs ${sign.needed})` +
        (generation ? '' : `, and no child of the program forked (${source})`),
    ];
    // Excluded only on a whole run: one that ended by itself.
    return { shown: isFinal && endedByItself(obs) ? false : undefined, evidence, settled: false };
  }
  const steps = growthSteps(obs.samples);
  const sampledPeak = steps[steps.length - 1]?.[1] ?? 0;
  const evidence = [
    sampledPeak > sign.needed
      ? `live process count ${steps.map(([, n]) => n).join(' → ')} in ${steps[steps.length - 1][0]} ms (the job needs ${sign.needed}, the cap is ${obs.cap})`
      : `${peakLive} live processes at once by the kernel's fork and exit events, at ${overAt} ms, faster than sampling every 10 ms could see (the job needs ${sign.needed}, the cap is ${obs.cap})`,
    `children fork in their turn: pid ${generation.pid} was forked by pid ${generation.parent}, itself a child, at ${generation.t} ms`,
  ];
  if (forkFailures.length > 0) {
    const errors = [...new Set(forkFailures)].join(', ');
    evidence.push(`fork() failed with ${errors}, reported by ${plural(forkFailures.length, 'process', 'processes')}: the cap stopped the growth`);
  }
  const last = obs.samples[obs.samples.length - 1];
  // Let the growth run until fork() fails at the cap, or until it has stopped growing for a while.
  const lastGrowth = steps[steps.length - 1]?.[0] ?? 0;
  const settled = forkFailures.length > 0 || (last?.t ?? 0) - lastGrowth > 400;
  return { shown: true, evidence, atMs: settled ? (last?.t ?? firstOver.t) : firstOver.t, settled };
};

export const judgeCount: SignJudge<Extract<Sign, { kind: 'count-below-children' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const { processes, complete } = processHistory(obs);
  const children = processes.filter((p) => p.parent === obs.programPid);
  const ended = children.filter((c) => c.ending || !complete).length;
  const seen = `${plural(ended, 'child', 'children')} of pid ${obs.programPid} ended (${complete ? 'every exit heard from the kernel' : 'seen by sampling'})`;
  const reported = reportsOf(obs, sign.report);
  if (reported.length === 0) {
    return { shown: undefined, evidence: [seen, `the program never reported ${sign.report}=N, so its count is unknown`], settled: true };
  }
  const count = Number(reported[reported.length - 1]);
  // The conclusion first (the line a summary quotes), then the two figures it compares.
  const evidence = [`the program's own count of ${sign.counts}: ${count}`, seen];
  if (ended === 0) return { shown: undefined, evidence: [...evidence, 'no child was seen to end, so there is nothing to compare'], settled: true };
  if (count < ended) evidence.unshift(`${ended - count} of ${ended} exits went uncounted`);
  // Sampling may miss a child: a count at or above what was seen excludes the sign only when every exit was heard.
  const shown = count < ended ? true : complete || endedByItself(obs) ? false : undefined;
  return { shown, evidence, atMs: obs.durationMs, settled: true };
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
    const alive = new Map(live(sample).map((p) => [p.pid, p]));
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
    return { shown: isFinal && endedByItself(obs) ? false : undefined, evidence: [seen], settled: false };
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
      `${howItEnded(obs)} with ${plural(ofProgram, 'zombie child', 'zombie children')} still unreaped; they passed to ${reaperOf(obs.exit)}, ` +
        `which reaped ${plural(obs.exit.reaped, 'process', 'processes')} in all, the program included: none was left`,
    );
  }
  return { shown: true, evidence, atMs: t, settled: true };
};

/** How long the process count must stay put before the names the processes give themselves are read. */
const NAMES_SETTLE_MS = 100;

export const judgeExtraProcesses: SignJudge<Extract<Sign, { kind: 'extra-processes' }>> = (sign, obs, isFinal) => {
  const { processes, complete } = processHistory(obs);
  const total = processes.length + 1;
  const source = complete ? 'every fork heard from the kernel' : 'seen by sampling every 10 ms';
  if (total <= sign.needed) {
    return {
      shown: isFinal && endedByItself(obs) ? false : undefined,
      evidence: [`${plural(total, 'process', 'processes')} in the run, the program included (the job needs ${sign.needed}; ${source})`],
      settled: false,
    };
  }
  const over = processes[sign.needed - 1].t;
  const lastGrowth = processes[processes.length - 1].t;
  const last = obs.samples[obs.samples.length - 1];
  // Grouped by parent, in the order first seen: "pid 10 (main) → 11 (a), 12 (b); 11 → 13 (a)". Names are labels only.
  const names = everyProcess(obs);
  const label = (pid: number) => (names.has(pid) ? `${pid} (${names.get(pid)!.comm})` : String(pid));
  const families = new Map<number, number[]>();
  for (const p of processes) families.set(p.parent, [...(families.get(p.parent) ?? []), p.pid]);
  const described = [...families].map(([ppid, children]) => `${ppid === obs.programPid ? `pid ${label(ppid)}` : ppid} → ${children.map(label).join(', ')}`);
  return {
    shown: true,
    evidence: [`${total} processes in the run where the job needs ${sign.needed}: ${described.join('; ')} (${source})`],
    atMs: over,
    settled: (last?.t ?? 0) - lastGrowth >= NAMES_SETTLE_MS,
  };
};

export const judgeWorkElsewhere: SignJudge<Extract<Sign, { kind: 'work-done-elsewhere' }>> = (sign, obs, isFinal) => {
  // The output is complete only once the run has ended.
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const pattern = new RegExp(sign.pattern);
  const pids: number[] = [];
  for (const line of obs.output.split('\n')) {
    const m = pattern.exec(line);
    if (m && m[1] !== undefined) pids.push(Number(m[1]));
  }
  const distinct = [...new Set(pids)];
  // A program prints its pid as it sees it: in the run's PID namespace, not the machine's.
  const own = obs.pidNamespace?.programPidInside ?? obs.programPid;
  const elsewhere = distinct.filter((pid) => pid !== own);
  const who = distinct.map((pid) => (pid === own ? `pid ${pid} (the program)` : `pid ${pid}`)).join(', ');
  if (distinct.length === 0) {
    return { shown: undefined, evidence: [`the output never shows ${sign.meaning} being done, so who did it is unknown`], settled: true };
  }
  if (elsewhere.length > 0 || distinct.length > sign.times) {
    return {
      shown: true,
      evidence: [`${sign.meaning} was done ${times(pids.length)} where the job does it ${times(sign.times)}, by ${who}: ` +
        `${plural(elsewhere.length, 'process', 'processes')} other than the program did it`],
      atMs: obs.durationMs,
      settled: true,
    };
  }
  return { shown: false, evidence: [`${sign.meaning} was done ${times(pids.length)}, by ${who}, as the job wants`], settled: true };
};
