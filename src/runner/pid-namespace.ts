// A run in a PID namespace of its own numbers its processes from 1 (the supervisor's init) and 2 (the
// program), and that is what the program prints with getpid(). The runner watches from outside, with
// the machine's pids; before anything is judged or shown, the observation is renumbered to the pids the
// program saw, so the evidence, the pictures and the program's own output tell one story.
import { readFileSync } from 'node:fs';
import type { Observation, ProcessSnapshot, Sample } from './outcome.js';

/** The machine's pid of each process of the run, mapped to its pid inside the run's namespace. */
export type InsidePids = Map<number, number>;

/** The pid inside the innermost namespace of `pid` (the last field of NSpid in /proc/PID/status), if it is still there. */
export function readInsidePid(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const line = /^NSpid:\s+(.*)$/m.exec(text);
  const last = line?.[1].trim().split(/\s+/).pop();
  return last ? Number(last) : undefined;
}

/** A pid as the program saw it; a pid the run never mapped (it ended unseen) keeps the machine's number. */
function inside(map: InsidePids, pid: number): number {
  return map.get(pid) ?? pid;
}

function snapshotInside<T extends ProcessSnapshot>(map: InsidePids, p: T): T {
  // A group led outside the namespace (none, as the program leads its own session) keeps its number.
  return { ...p, pid: inside(map, p.pid), ppid: inside(map, p.ppid), pgid: inside(map, p.pgid) };
}

export function sampleInside(map: InsidePids, sample: Sample): Sample {
  return { ...sample, processes: sample.processes.map((p) => snapshotInside(map, p)) };
}

/** The observation with every pid the program's: samples, snapshots, events, execs and the program itself. */
export function observationInside(map: InsidePids, obs: Observation): Observation {
  return {
    ...obs,
    programPid: inside(map, obs.programPid),
    samples: obs.samples.map((s) => sampleInside(map, s)),
    details: obs.details.map((d) => ({ ...d, processes: d.processes.map((p) => snapshotInside(map, p)) })),
    events: obs.events.map((e) => (e.kind === 'fork' ? { ...e, parent: inside(map, e.parent), pid: inside(map, e.pid) } : { ...e, pid: inside(map, e.pid) })),
    execFiles: obs.execFiles.map((f) => ({ ...f, pid: inside(map, f.pid) })),
    ...(obs.execs ? { execs: obs.execs.map((x) => ({ ...x, pid: inside(map, x.pid) })) } : {}),
  };
}
