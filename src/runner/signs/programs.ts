// Which programs the run's processes ran, read from /proc (a process's name in every sample, its
// command line in the detailed snapshots taken as processes exec) and the kernel's exec events:
// the sign of a program the job never meant to run, such as a shell handed a command line.
import type { Sign } from '../../lesson.js';
import type { Observation } from '../outcome.js';
import type { SignJudge } from './common.js';
import { describe, plural } from './common.js';

/**
 * A sample's time is when it began: reading /proc for every process of the run takes a moment, so a sample
 * begun just before an exec may already show the new program. One sampling interval of leeway.
 */
const SAMPLE_BEGUN_EARLY_MS = 10;

/** The kernel keeps 15 characters of a program's name (comm, TASK_COMM_LEN - 1). */
const COMM_LENGTH = 15;

interface SeenProcess {
  pid: number;
  ppid: number;
  comm: string;
  /** Its command line, when a detailed snapshot caught it after its (last) exec. */
  cmdline?: string[];
  /** When it was first seen under this name. */
  t: number;
}

/**
 * Every (process, name) pair the run showed: a process that exec'd appears once under each name it was
 * seen with (a fork of the program first carries the program's name, then its own program's).
 */
function seenProcesses(obs: Observation): SeenProcess[] {
  const seen = new Map<string, SeenProcess>();
  const note = (pid: number, ppid: number, comm: string, t: number, cmdline?: string[]) => {
    const key = `${pid}:${comm}`;
    const known = seen.get(key);
    if (!known) seen.set(key, { pid, ppid, comm, t, ...(cmdline && cmdline.length > 0 ? { cmdline } : {}) });
    else if (!known.cmdline && cmdline && cmdline.length > 0) known.cmdline = cmdline;
  };
  for (const sample of obs.samples) for (const p of sample.processes) note(p.pid, p.ppid, p.comm, sample.t);
  for (const snapshot of obs.details) for (const p of snapshot.processes) note(p.pid, p.ppid, p.comm, snapshot.t, p.cmdline);
  // What the supervisor read at each exec: a program that ended before any sample is still named.
  const parentOf = new Map(obs.events.filter((e) => e.kind === 'fork').map((e) => [e.pid, e.parent!]));
  for (const e of obs.execs ?? []) {
    const ppid = parentOf.get(e.pid) ?? obs.samples.flatMap((s) => s.processes).find((p) => p.pid === e.pid)?.ppid ?? 0;
    note(e.pid, ppid, e.comm, e.t, e.argv);
  }
  return [...seen.values()].sort((a, b) => a.t - b.t);
}

function isProgram(comm: string, name: string): boolean {
  return comm === name || comm === name.slice(0, COMM_LENGTH);
}

/** The program's own name: what it and the copies it forks (before they exec) are called. */
function ownNames(obs: Observation, seen: SeenProcess[]): Set<string> {
  return new Set(seen.filter((p) => p.pid === obs.programPid).map((p) => p.comm));
}

function describeRun(p: SeenProcess): string {
  return p.cmdline ? `ran argv ${JSON.stringify(p.cmdline)}` : 'its command line not caught by a snapshot';
}

/**
 * With every exec heard from the kernel: the processes (the program aside) that exec'd but were never
 * seen under a new name after it, so what they ran is unknown. Without the events: none known.
 */
function unseenExecs(obs: Observation, seen: SeenProcess[], own: Set<string>): number[] {
  if (!obs.eventsComplete) return [];
  const unseen = new Set<number>();
  for (const e of obs.events) {
    if (e.kind !== 'exec' || e.pid === obs.programPid) continue;
    if (!seen.some((p) => p.pid === e.pid && p.t >= e.t - SAMPLE_BEGUN_EARLY_MS && !own.has(p.comm))) unseen.add(e.pid);
  }
  return [...unseen];
}

export const judgeUnmeantProgram: SignJudge<Extract<Sign, { kind: 'unmeant-program' }>> = (sign, obs, isFinal) => {
  const seen = seenProcesses(obs);
  const own = ownNames(obs, seen);
  const byPid = new Map(seen.map((p) => [p.pid, p]));
  const parentOf = (p: SeenProcess) => {
    if (p.ppid === obs.programPid) return `child of the program (pid ${obs.programPid})`;
    const parent = byPid.get(p.ppid);
    return parent ? `child of ${describe(parent)}` : `child of pid ${p.ppid}`;
  };
  // A fork not yet exec'd carries its parent's name: that copy is its parent's doing, judged as its parent.
  const isCopyBeforeExec = (p: SeenProcess) =>
    byPid.get(p.ppid)?.comm === p.comm && seen.some((q) => q.pid === p.pid && q.comm !== p.comm && q.t > p.t);
  const unmeant = seen.filter((p) => p.pid !== obs.programPid && !own.has(p.comm) && !isCopyBeforeExec(p) && !sign.programs.some((name) => isProgram(p.comm, name)));
  const meant = sign.programs.join(', ');
  const unseen = unseenExecs(obs, seen, own);
  if (unmeant.length > 0) {
    const forkedBy = new Map(obs.events.flatMap((e) => (e.kind === 'fork' ? [[e.pid, e.parent] as const] : [])));
    const unseenLine = unseen.length > 0
      ? [`${unseen.slice(0, 4).map((pid) => {
        const parent = byPid.get(forkedBy.get(pid) ?? -1);
        return `pid ${pid}${parent ? ` (forked by ${describe(parent)})` : ''}`;
      }).join(', ')} exec'd a program too, one that ended before it could be seen (the kernel announced the exec)`]
      : [];
    return {
      shown: true,
      evidence: [
        ...unmeant.slice(0, 4).map((p) => `${describe(p)}, ${parentOf(p)}, ${describeRun(p)}: a program the job never meant to run (it runs ${meant})`),
        ...(isFinal ? unseenLine : []),
      ],
      atMs: unmeant[0].t,
      // Once seen, a program has run: nothing later undoes it.
      settled: true,
    };
  }
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  const started = seen.filter((p) => p.pid !== obs.programPid && !own.has(p.comm));
  const ran = started.length > 0
    ? `the run's other processes ran only ${meant}: ${started.slice(0, 4).map((p) => `${describe(p)} ${describeRun(p)}`).join('; ')}`
    : `no process of the run ran another program than the program itself`;
  if (obs.eventsComplete) {
    if (unseen.length > 0) {
      return {
        shown: undefined,
        evidence: [`${plural(unseen.length, 'process', 'processes')} of the run exec'd a program that ended before it could be seen (pid ${unseen.slice(0, 6).join(', ')}): what ${unseen.length === 1 ? 'it' : 'they'} ran is unknown`, ran],
        settled: true,
      };
    }
    return { shown: false, evidence: [`${ran} (every exec heard from the kernel)`], settled: true };
  }
  return { shown: false, evidence: [`${ran} (seen by sampling every 10 ms: a program that ran for less could be missed)`], settled: true };
};
