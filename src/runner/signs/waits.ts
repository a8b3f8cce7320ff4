// Signs of waiting for ever: a hang in a wait channel, a wait no child can end, a leaked descriptor that keeps one going.
import type { Sign } from '../../lesson.js';
import type { ProcessSnapshot, Sample } from '../outcome.js';
import type { SignJudge } from './common.js';
import { describe, plural } from './common.js';
import { describeFile, execedChildren, leakedDescriptors, pipeEvidence } from '../pipes.js';

/** A blocked process's thread count next to its parent's, as the same sample saw them. */
function threadEvidence(p: ProcessSnapshot, sample: Sample): string {
  const own = `${describe(p)} has ${plural(p.threads, 'thread')}`;
  const parent = sample.processes.find((q) => q.pid === p.ppid);
  return parent ? `${own}; its parent ${describe(parent)} has ${plural(parent.threads, 'thread')}` : own;
}

export const judgeHang: SignJudge<Extract<Sign, { kind: 'hang' }>> = (sign, obs, isFinal) => {
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
    shown: isFinal ? false : undefined,
    evidence: [`no process stayed blocked (${sign.meaning}) for ${sign.windowMs} ms with no child left to wake it`],
    settled: false,
  };
};

export const judgeLeaked: SignJudge<Extract<Sign, { kind: 'leaked-descriptors' }>> = (_sign, obs, isFinal) => {
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
