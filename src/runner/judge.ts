// The judge: a pure function from a lesson's signs and one run's observations to a verdict.
// It never looks at which program ran, only at what the run did.
import type { Expectation, Sign } from '../lesson.js';
import type { Observation, ProcessSnapshot, Sample, Verdict } from './outcome.js';
import { describeFile, execedChildren, leakedDescriptors, pipeEvidence } from './pipes.js';

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

/** New highs of the process count, each at least half as big again as the last (1, 2, 4, 8 ...), and the peak. */
function growthSteps(samples: Sample[]): Array<[number, number]> {
  const steps: Array<[number, number]> = [];
  let peak: [number, number] = [0, 0];
  for (const [t, n] of countSeries(samples)) {
    if (n > peak[1]) peak = [t, n];
    if (steps.length === 0 || n >= steps[steps.length - 1][1] * 1.5) steps.push([t, n]);
  }
  if (steps.length > 0 && steps[steps.length - 1][1] < peak[1]) steps.push(peak);
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

/** A blocked process's thread count next to its parent's, as the same sample saw them. */
function threadEvidence(p: ProcessSnapshot, sample: Sample): string {
  const own = `${describe(p)} has ${plural(p.threads, 'thread')}`;
  const parent = sample.processes.find((q) => q.pid === p.ppid);
  return parent ? `${own}; its parent ${describe(parent)} has ${plural(parent.threads, 'thread')}` : own;
}

const judgeHang: SignJudge<Extract<Sign, { kind: 'hang' }>> = (sign, obs, isFinal) => {
  const pattern = new RegExp(sign.wchan);
  const needed = sign.processes ?? 1;
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
      since.get(p.pid)!.snapshot = p;
    }
    for (const pid of since.keys()) if (!present.has(pid)) since.delete(pid);
    // Enough processes blocked at once, each for the whole window: a deadlock of two needs both.
    const held = [...since.values()].filter((h) => sample.t - h.t >= sign.windowMs);
    if (held.length >= needed) {
      const evidence = held.map(
        (h) => `${describe(h.snapshot)} state ${h.snapshot.state}, wchan ${h.snapshot.wchan} (${sign.meaning}), no CPU progress for ${sample.t - h.t} ms`,
      );
      // The snapshot taken when the hang was proven says who holds the pipes they wait on.
      const detail = obs.details.find((d) => d.reason === 'proven') ?? obs.details.find((d) => d.t >= sample.t);
      if (sign.pipes && detail) evidence.push(...pipeEvidence(detail, held.map((h) => h.snapshot), obs.reports));
      if (sign.threads) evidence.push(...held.map((h) => threadEvidence(h.snapshot, sample)));
      return { shown: true, evidence, atMs: sample.t, settled: true };
    }
  }
  return {
    shown: isFinal ? false : undefined,
    evidence: [needed > 1
      ? `never ${needed} processes blocked at once (${sign.meaning}) without CPU progress for ${sign.windowMs} ms`
      : `no process stayed blocked (${sign.meaning}) without CPU progress for ${sign.windowMs} ms`],
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
  const evidence = [seen, `the program's own count of ${sign.counts}: ${count}`];
  if (children === 0) return { shown: undefined, evidence: [...evidence, 'no children were seen, so there is nothing to compare'], settled: true };
  if (count < children) evidence.push(`${children - count} of ${children} exits went uncounted`);
  const last = obs.samples[obs.samples.length - 1];
  return { shown: count < children, evidence, atMs: last?.t ?? obs.durationMs, settled: true };
};

/** Zombies younger than this are a child between its exit and its parent's wait, even in a correct program. */
const ZOMBIE_GRACE_MS = 250;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How the program's end reads in an evidence line. */
function howItEnded(obs: Observation): string {
  if (obs.exit.reason === 'stopped') return `the runner ended pid ${obs.programPid}`;
  if (obs.exit.reason === 'timeout') return `pid ${obs.programPid} was ended at the time limit`;
  return `pid ${obs.programPid} exited`;
}

const judgeZombies: SignJudge<Extract<Sign, { kind: 'zombies' }>> = (sign, obs, isFinal) => {
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

/** Every process seen in the run, in the order first seen, with its first parent and its last name. */
function everyProcess(obs: Observation): Map<number, ProcessSnapshot & { firstT: number }> {
  const seen = new Map<number, ProcessSnapshot & { firstT: number }>();
  for (const sample of obs.samples) {
    for (const p of sample.processes) {
      const known = seen.get(p.pid);
      if (known) known.comm = p.comm;
      else seen.set(p.pid, { ...p, firstT: sample.t });
    }
  }
  return seen;
}

function childOf(p: ProcessSnapshot, seen: Map<number, ProcessSnapshot>, programPid: number): string {
  if (p.pid === programPid) return 'the program';
  if (p.ppid === programPid) return `child of the program (pid ${programPid})`;
  const parent = seen.get(p.ppid);
  return parent ? `child of ${describe(parent)}` : `child of pid ${p.ppid}`;
}

/** How long the process count must stay put before the names the processes give themselves are read. */
const NAMES_SETTLE_MS = 100;

const judgeExtraProcesses: SignJudge<Extract<Sign, { kind: 'extra-processes' }>> = (sign, obs, isFinal) => {
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

const judgeRanTooOften: SignJudge<Extract<Sign, { kind: 'ran-too-often' }>> = (sign, obs, isFinal) => {
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

const judgeKilled: SignJudge<Extract<Sign, { kind: 'killed-by-signal' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const signal = obs.exit.signal;
  const shown = signal !== undefined && obs.exit.reason === 'exited' && (!sign.signals || sign.signals.includes(signal));
  // A signal that kills a process ends all its threads: say how many it ran (the most seen at once).
  const mostThreads = obs.samples.reduce((most, s) => Math.max(most, s.processes.find((p) => p.pid === obs.programPid)?.threads ?? 0), 0);
  const threads = shown && mostThreads > 1 ? `; it ran ${mostThreads} threads (the most seen at once), and all of them ended with it` : '';
  return {
    shown,
    evidence: [signal ? `pid ${obs.programPid} was killed by ${signal}${threads}` : `pid ${obs.programPid} was not killed by a signal`],
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
    evidence: [`no process stayed blocked (${sign.meaning}) for ${sign.windowMs} ms with no child left to wake it`],
    settled: false,
  };
};

const judgeOutput: SignJudge<Extract<Sign, { kind: 'output-matches' }>> = (sign, obs, isFinal) => {
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

const judgeLeaked: SignJudge<Extract<Sign, { kind: 'leaked-descriptors' }>> = (_sign, obs, isFinal) => {
  for (const snapshot of obs.details) {
    const leaks = leakedDescriptors(snapshot);
    if (leaks.length === 0) continue;
    const evidence = leaks.map(
      (leak) =>
        `${describe(leak.process)}, started by ${describe(leak.parent)} and running "${leak.process.cmdline.join(' ')}", ` +
        `holds ${leak.files.map(describeFile).join(', ')} beyond its stdio (fd 0-2), shared with ` +
        `${leak.sharedWith.map(describe).join(', ')}: inherited across exec (not close-on-exec), seen at ${snapshot.t} ms`,
    );
    return { shown: true, evidence, atMs: snapshot.t, settled: true };
  }
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const looked = obs.details.length;
  const evidence = [looked === 0
    ? 'no detailed snapshot of descriptors was taken, so none was seen leaked'
    : `${plural(looked, 'detailed snapshot', 'detailed snapshots')}: no process running another program held a shared pipe or socket beyond fd 0-2`];
  // What the children that exec'd did hold, from the latest snapshot that shows any.
  const latest = [...obs.details].reverse().map(execedChildren).find((children) => children.length > 0) ?? [];
  for (const { process } of latest) {
    const beyond = process.files.filter((f) => f.fd > 2).length;
    evidence.push(`${describe(process)} running "${process.cmdline.join(' ')}": fds ${process.files.filter((f) => f.fd <= 2).map((f) => f.fd).join(', ') || 'none'}` +
      (beyond > 0 ? ` and ${plural(beyond, 'more', 'more')} beyond them, none shared with another process of the run` : ' only'));
  }
  return { shown: false, evidence, settled: true };
};

const signJudges: { [K in Sign['kind']]: SignJudge<Extract<Sign, { kind: K }>> } = {
  'runaway-processes': judgeRunaway,
  hang: judgeHang,
  'count-below-children': judgeCount,
  zombies: judgeZombies,
  'extra-processes': judgeExtraProcesses,
  'ran-too-often': judgeRanTooOften,
  'killed-by-signal': judgeKilled,
  'wait-without-children': judgeWaitWithoutChildren,
  'leaked-descriptors': judgeLeaked,
  'output-matches': judgeOutput,
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
