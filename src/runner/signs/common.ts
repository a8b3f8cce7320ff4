// What the signs share: the shape of a sign's result, and ways to name what the run did.
import type { Sign } from '../../lesson.js';
import type { Observation, ProcessSnapshot, Sample } from '../outcome.js';

/** How one sign came out: shown, not shown, or undecidable from this run. */
export interface SignResult {
  shown: boolean | undefined;
  evidence: string[];
  /** When the sign was shown, the time the evidence was complete. */
  atMs?: number;
  /** Whether more running could change the result. */
  settled: boolean;
}

export type SignJudge<S extends Sign> = (sign: S, observation: Observation, isFinal: boolean) => SignResult;

export function describe(p: ProcessSnapshot): string {
  return `pid ${p.pid} (${p.comm})`;
}

export function countSeries(samples: Sample[]): Array<[number, number]> {
  return samples.map((s) => [s.t, s.processes.length]);
}

export function peakProcesses(samples: Sample[]): number {
  return samples.reduce((peak, s) => Math.max(peak, s.processes.length), 0);
}

export function reportsOf(observation: Observation, key: string): string[] {
  return observation.reports.filter((r) => r.key === key).map((r) => r.value);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How the program's end reads in an evidence line. */
export function howItEnded(obs: Observation): string {
  if (obs.exit.reason === 'stopped') return `the runner ended pid ${obs.programPid}`;
  if (obs.exit.reason === 'timeout') return `pid ${obs.programPid} was ended at the time limit`;
  return `pid ${obs.programPid} exited`;
}

/** Every process seen in the run, in the order first seen, with its first parent and its last name. */
export function everyProcess(obs: Observation): Map<number, ProcessSnapshot & { firstT: number }> {
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

export function childOf(p: ProcessSnapshot, seen: Map<number, ProcessSnapshot>, programPid: number): string {
  if (p.pid === programPid) return 'the program';
  if (p.ppid === programPid) return `child of the program (pid ${programPid})`;
  const parent = seen.get(p.ppid);
  return parent ? `child of ${describe(parent)}` : `child of pid ${p.ppid}`;
}
