// Signs of waiting for ever, each proven from what can wake the waiter, not from a time window
// alone: a lock nobody can release, a pipe nobody will write, a pause no child is left to end.
import type { Expectation, Sign } from '../../lesson.js';
import type { DetailSnapshot, Observation, ProcessDetail, ProcessSnapshot, Sample } from '../outcome.js';
import type { SignJudge } from './common.js';
import { describe, endedByItself, everyProcess, plural } from './common.js';
import { describeFile, endWaitedOn, execedChildren, fdWaitedOn, leakedDescriptors, pipeEvidence, pipesOf, type End } from '../pipes.js';

/** The futex system call's number on this machine (the first field of /proc/PID/syscall). */
const FUTEX_NR: Partial<Record<string, number>> = { x64: 202, arm64: 98, riscv64: 98, loong64: 98 };
const FUTEX_PRIVATE_FLAG = 128;
/** FUTEX_WAIT and FUTEX_WAIT_BITSET: plain waits, with no owner recorded in the word. */
const FUTEX_WAITS = new Set([0, 9]);

/**
 * A private futex wait with no timeout, read from /proc/PID/syscall ("202 0xADDR 0x80 0x2 0x0 ..."):
 * only another thread of the same process can end it.
 */
export function isPrivateWaitForever(syscall: string | undefined, arch = process.arch): boolean {
  const fields = syscall?.split(' ') ?? [];
  if (fields.length < 5 || Number(fields[0]) !== FUTEX_NR[arch]) return false;
  const op = Number(fields[2]);
  return FUTEX_WAITS.has(op & 0x7f) && (op & FUTEX_PRIVATE_FLAG) !== 0 && Number(fields[4]) === 0;
}

function threadEvidence(p: ProcessSnapshot, samples: Sample[]): string {
  // The parent's thread count when this process was first seen: fork copies only the calling thread.
  const firstSeen = samples.find((s) => s.processes.some((q) => q.pid === p.pid));
  const parent = firstSeen?.processes.find((q) => q.pid === p.ppid);
  const own = `${describe(p)} has ${plural(p.threads, 'thread')}`;
  return parent ? `${own}; its parent ${describe(parent)} had ${plural(parent.threads, 'thread')} when it was first seen` : own;
}

const LOCK_WINDOW_MS = 100;

export const judgeLockWithoutOwner: SignJudge<Extract<Sign, { kind: 'lock-without-owner' }>> = (sign, obs, isFinal) => {
  const windowMs = sign.windowMs ?? LOCK_WINDOW_MS;
  // For each pid, since when it has sat in the same private futex wait, alone, using no CPU.
  const since = new Map<number, { t: number; ticks: number; syscall: string }>();
  for (const sample of obs.samples) {
    const present = new Set<number>();
    for (const p of sample.processes) {
      present.add(p.pid);
      const waiting = p.state === 'S' && p.threads === 1 && isPrivateWaitForever(p.syscall);
      const start = since.get(p.pid);
      if (!waiting || (start && (start.ticks !== p.cpuTicks || start.syscall !== p.syscall))) {
        since.delete(p.pid);
        if (!waiting) continue;
      }
      if (!since.has(p.pid)) since.set(p.pid, { t: sample.t, ticks: p.cpuTicks, syscall: p.syscall! });
      const held = since.get(p.pid)!;
      if (sample.t - held.t >= windowMs) {
        return {
          shown: true,
          evidence: [
            `${describe(p)} state S, wchan ${p.wchan || '?'}: waiting for a lock (a private futex, no timeout), with no other thread in its process to release it; ` +
              `no CPU progress for ${sample.t - held.t} ms`,
            threadEvidence(p, obs.samples),
          ],
          atMs: sample.t,
          settled: true,
        };
      }
    }
    for (const pid of since.keys()) if (!present.has(pid)) since.delete(pid);
  }
  return {
    shown: isFinal && endedByItself(obs) ? false : undefined,
    evidence: ['no single-threaded process waited on a lock that nothing could release'],
    settled: false,
  };
};

/** The runner's own report pipe is never the program's descriptor (the runner leaves it out already; this holds it anyway). */
function withoutRunnerFiles(snapshot: DetailSnapshot, reportPipe: string | undefined): DetailSnapshot {
  if (!reportPipe) return snapshot;
  return { ...snapshot, processes: snapshot.processes.map((p) => ({ ...p, files: p.files.filter((f) => f.target !== reportPipe) })) };
}

interface StuckProcess {
  process: ProcessDetail;
  pipe: string;
  end: End;
}

/**
 * The processes of a snapshot that can never be woken: blocked on a pipe end whose other end is held
 * only by processes stuck themselves, or by programs that inherited it across exec (leaks). Computed
 * as the largest such set: start from every blocked process, drop any that waits on a live holder.
 */
export function stuckOnPipes(snapshot: DetailSnapshot, exec?: Map<number, number>): StuckProcess[] {
  const pipes = new Map(pipesOf(snapshot).map((p) => [p.id, p]));
  const leaked = new Set(leakedDescriptors(snapshot, exec).flatMap((l) => l.files.map((f) => `${l.process.pid}:${f.fd}`)));
  let stuck: StuckProcess[] = [];
  for (const process of snapshot.processes) {
    const end = endWaitedOn(process.wchan);
    const fd = fdWaitedOn(process);
    if (!end || fd === undefined || !(process.state === 'S' || process.state === 'D')) continue;
    const file = process.files.find((f) => f.fd === fd);
    if (file && pipes.has(file.target)) stuck.push({ process, pipe: file.target, end });
  }
  let changed = true;
  while (changed) {
    changed = false;
    const pids = new Set(stuck.map((s) => s.process.pid));
    const kept = stuck.filter(({ pipe, end }) => {
      const other = pipes.get(pipe)![end === 'read' ? 'write' : 'read'];
      // An end nobody in the run holds is held outside it (the runner reads the program's stdout): no proof.
      return other.length > 0 && other.every((h) => pids.has(h.process.pid) || leaked.has(`${h.process.pid}:${h.fd}`));
    });
    changed = kept.length !== stuck.length;
    stuck = kept;
  }
  return stuck;
}

/** Two snapshots this far apart, the same processes stuck on the same pipes, no CPU used between: proven. */
const PIPE_PROOF_MS = 50;

/** When each process of the run exec'd, when every event was heard: a snapshot counts the execs before it only. */
function execTimes(obs: Observation): Map<number, number> | undefined {
  if (!obs.eventsComplete) return undefined;
  const times = new Map<number, number>();
  for (const e of obs.events) if (e.kind === 'exec' && !times.has(e.pid)) times.set(e.pid, e.t);
  return times;
}

export const judgePipeDeadlock: SignJudge<Extract<Sign, { kind: 'pipe-deadlock' }>> = (sign, obs, isFinal) => {
  const needed = sign.processes ?? 1;
  const exec = execTimes(obs);
  const snapshots = obs.details.map((d) => withoutRunnerFiles(d, obs.reportPipe));
  const stuckAt = snapshots.map((snapshot) => stuckOnPipes(snapshot, exec));
  for (const [j, snapshot] of snapshots.entries()) {
    // Compared with the latest snapshot at least PIPE_PROOF_MS older: stuck in both, on the same pipe, no CPU used between.
    let i = j - 1;
    while (i >= 0 && snapshot.t - snapshots[i].t < PIPE_PROOF_MS) i--;
    if (i < 0) continue;
    const previous = { t: snapshots[i].t, stuck: stuckAt[i] };
    const still = stuckAt[j].filter((s) =>
      previous.stuck.some((p) => p.process.pid === s.process.pid && p.pipe === s.pipe && p.process.cpuTicks === s.process.cpuTicks));
    if (still.length < needed) continue;
    const evidence = still.map(({ process, pipe, end }) =>
      `${describe(process)} state ${process.state}, wchan ${process.wchan}: blocked ${end === 'read' ? 'reading' : 'writing'} ${pipe}, ` +
        `and every holder of its ${end === 'read' ? 'write' : 'read'} end is stuck too or never uses it; no CPU progress for ${snapshot.t - previous.t} ms`);
    evidence.push(...pipeEvidence(snapshot, still.map((s) => s.process), obs.reports));
    return { shown: true, evidence, atMs: snapshot.t, settled: true };
  }
  const evidence = [needed > 1
    ? `never ${needed} processes stuck at once on pipes whose other ends nobody could use`
    : 'no process was stuck on a pipe whose other end nobody could use (a slow writer or reader is not stuck)'];
  return { shown: isFinal && endedByItself(obs) ? false : undefined, evidence, settled: false };
};

export const judgeWaitWithoutChildren: SignJudge<Extract<Sign, { kind: 'wait-without-children' }>> = (sign, obs, isFinal) => {
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
    shown: isFinal && endedByItself(obs) ? false : undefined,
    evidence: [`no process stayed blocked (${sign.meaning}) for ${sign.windowMs} ms with no child left to wake it`],
    settled: false,
  };
};

/** What each exec'd process held beyond its stdio as it exec'd: every pipe or socket there was inherited. */
function leaksAtExec(obs: Observation): { leaks: string[]; read: number; gone: number; at?: number } {
  const names = everyProcess(obs);
  const parents = new Map(obs.events.filter((e) => e.kind === 'fork').map((e) => [e.pid, (e as { parent: number }).parent]));
  const leaks: string[] = [];
  let at: number | undefined;
  for (const record of obs.execFiles) {
    const files = (record.files ?? []).filter((f) => f.fd > 2 && f.target !== obs.reportPipe);
    if (files.length === 0) continue;
    at ??= record.t;
    const who = names.has(record.pid) ? describe(names.get(record.pid)!) : `pid ${record.pid}`;
    const parent = parents.get(record.pid);
    leaks.push(`${who}${parent ? `, started by pid ${parent},` : ''} held ${files.map(describeFile).join(', ')} beyond its stdio (fd 0-2) when it exec'd at ${record.t} ms: inherited across exec (not close-on-exec)`);
  }
  return { leaks, read: obs.execFiles.filter((r) => r.files).length, gone: obs.execFiles.filter((r) => !r.files).length, at };
}

export const judgeLeaked: SignJudge<Extract<Sign, { kind: 'leaked-descriptors' }>> = (_sign, obs, isFinal) => {
  const atExec = leaksAtExec(obs);
  if (atExec.leaks.length > 0) return { shown: true, evidence: atExec.leaks, atMs: atExec.at, settled: true };
  const exec = execTimes(obs);
  const snapshots = obs.details.map((d) => withoutRunnerFiles(d, obs.reportPipe));
  for (const snapshot of snapshots) {
    const leaks = leakedDescriptors(snapshot, exec);
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
  // Every exec of the run heard, and the descriptors read at each: none inherited is the proof.
  if (obs.eventsComplete && atExec.read > 0) {
    return {
      shown: false,
      evidence: [`${plural(atExec.read, 'program', 'programs')} started by the run held nothing but their stdio when they exec'd` +
        (atExec.gone > 0 ? ` (${plural(atExec.gone, 'other', 'others')} ended before their descriptors could be read)` : '')],
      settled: true,
    };
  }
  // What the children that exec'd did hold, from the latest snapshot that shows any.
  const latest = [...snapshots].reverse().map((s) => execedChildren(s, exec)).find((children) => children.length > 0) ?? [];
  if (latest.length === 0) {
    return { shown: undefined, evidence: ['no process of the run was seen running another program, so no leak across exec could be looked for'], settled: true };
  }
  const evidence = [`${plural(snapshots.length, 'detailed snapshot', 'detailed snapshots')}: no process running another program held a shared pipe or socket beyond fd 0-2`];
  for (const { process } of latest) {
    const beyond = process.files.filter((f) => f.fd > 2).length;
    evidence.push(`${describe(process)} running "${process.cmdline.join(' ')}": fds ${process.files.filter((f) => f.fd <= 2).map((f) => f.fd).join(', ') || 'none'}` +
      (beyond > 0 ? ` and ${plural(beyond, 'more', 'more')} beyond them, none shared with another process of the run` : ' only'));
  }
  return { shown: false, evidence, settled: true };
};

/**
 * Whether the runner should record descriptors and command lines now: a process has sat in a pipe wait
 * for two samples without CPU progress (a deadlock proof needs the holders of the other end), or a
 * process of the run has just exec'd another program (a leak shows in its descriptors).
 */
export function wantsDetail(expectation: Expectation, obs: Observation): boolean {
  const kinds = new Set(expectation.signs.map((s) => s.kind));
  const lastDetail = obs.details.length > 0 ? obs.details[obs.details.length - 1].t : -Infinity;
  const [before, now] = obs.samples.slice(-2);
  if (!now) return false;
  if (kinds.has('pipe-deadlock') && before && now.t - lastDetail >= PIPE_PROOF_MS) {
    const waiting = now.processes.some((p) => {
      const earlier = before.processes.find((q) => q.pid === p.pid);
      return p.state === 'S' && endWaitedOn(p.wchan) && earlier && earlier.cpuTicks === p.cpuTicks && endWaitedOn(earlier.wchan);
    });
    if (waiting) return true;
  }
  // What a process inherited, or which program it runs and with which arguments, is read just after it exec'd.
  if (kinds.has('leaked-descriptors') || kinds.has('unmeant-program')) {
    if (obs.eventsComplete || obs.events.length > 0) return obs.events.some((e) => e.kind === 'exec' && e.t > lastDetail && now.processes.some((p) => p.pid === e.pid));
    // Without the kernel's events: look every 200 ms.
    return now.t - lastDetail >= 200;
  }
  return false;
}
