// The job, proven: each part of a lesson's job is a check over what the run observed, answering
// done, not done, or unknown, each with its evidence line. A side is clean only when all are done.
import type { JobPart } from '../../lesson.js';
import type { JobResult, Observation } from '../outcome.js';
import { describeEnding, plural, processHistory, programSamples, reaperOf, reportsOf } from './common.js';
import { judgeFilePart } from './files.js';

type PartJudge<P extends JobPart> = (part: P, obs: Observation) => JobResult;

const judgeChildren: PartJudge<Extract<JobPart, { kind: 'children' }>> = (part, obs) => {
  const { processes, complete } = processHistory(obs);
  const children = processes.filter((p) => p.parent === obs.programPid);
  const what = `${plural(part.count, 'child process', 'child processes')} of the program${part.exitCode === undefined ? '' : `, each exiting ${part.exitCode}`}`;
  const source = complete ? 'every fork and exit heard from the kernel' : 'seen by sampling every 10 ms';
  if (children.length !== part.count) {
    // Sampling misses a child that lives less than one interval: too few seen is unknown, not "not done".
    const known = complete || children.length > part.count;
    return {
      part: what,
      done: known ? false : undefined,
      evidence: `the program started ${children.length} where the job needs ${part.count} (${source})`,
    };
  }
  if (part.exitCode !== undefined) {
    const wrong = children.filter((c) => c.ending && (c.ending.signal || c.ending.code !== part.exitCode));
    if (wrong.length > 0) {
      return { part: what, done: false, evidence: `${wrong.map((c) => `child pid ${c.pid}: ${describeEnding(c.ending)}`).slice(0, 4).join(', ')} (the job needs exit ${part.exitCode})` };
    }
    const unknown = children.filter((c) => !c.ending).length;
    if (unknown > 0 && complete) return { part: what, done: false, evidence: `${plural(unknown, 'child', 'children')} never ended` };
    if (unknown > 0) return { part: what, done: true, evidence: `${plural(children.length, 'child', 'children')}, ${source}; how each ended is not visible without the kernel's process events` };
  }
  return { part: what, done: true, evidence: `${plural(children.length, 'child', 'children')}: ${children.slice(0, 10).map((c) => `${c.pid} (${describeEnding(c.ending)})`).join(', ')}${children.length > 10 ? ', ...' : ''} (${source})` };
};

const judgeReaped: PartJudge<Extract<JobPart, { kind: 'reaped' }>> = (_part, obs) => {
  const what = 'every child reaped by the program';
  const orphans = obs.events.filter((e) => e.kind === 'reaped' && e.pid !== obs.programPid);
  const left = Math.max(orphans.length, obs.exit.reaped - 1);
  if (left === 0) return { part: what, done: true, evidence: `${reaperOf(obs.exit)} had nothing to collect but the program itself` };
  return {
    part: what,
    done: false,
    evidence: `${reaperOf(obs.exit)} had to reap ${plural(left, 'process', 'processes')} the program left behind (zombies or orphans)${orphans.length > 0 ? `: pid ${orphans.slice(0, 6).map((e) => e.pid).join(', ')}` : ''}`,
  };
};

const judgePrograms: PartJudge<Extract<JobPart, { kind: 'programs' }>> = (part, obs) => {
  const execs = obs.events.filter((e) => e.kind === 'exec' && e.pid !== obs.programPid).map((e) => e.pid);
  const started = new Set(execs).size;
  if (started >= part.count) return { part: part.meaning, done: true, evidence: `${plural(started, 'process', 'processes')} of the run exec'd another program: pid ${[...new Set(execs)].slice(0, 6).join(', ')}` };
  if (!obs.eventsComplete) {
    // Without the kernel's events: a process seen with another command name than its parent's, by sampling.
    const seen = new Set<number>();
    for (const sample of obs.samples) {
      for (const p of sample.processes) {
        const parent = sample.processes.find((q) => q.pid === p.ppid);
        if (p.pid !== obs.programPid && parent && p.state !== 'Z' && p.comm !== parent.comm) seen.add(p.pid);
      }
    }
    return seen.size >= part.count
      ? { part: part.meaning, done: true, evidence: `${plural(seen.size, 'process', 'processes')} seen running another program than its parent (by sampling): pid ${[...seen].slice(0, 6).join(', ')}` }
      : { part: part.meaning, done: undefined, evidence: `no process was seen running another program by sampling every 10 ms (the kernel's process events were not available)` };
  }
  return { part: part.meaning, done: false, evidence: `${plural(started, 'process', 'processes')} of the run exec'd another program (the job needs ${part.count}): a child killed or ended before its exec never ran its program` };
};

const judgeRanFor: PartJudge<Extract<JobPart, { kind: 'ran-for' }>> = (part, obs) => {
  const alive = programSamples(obs);
  const lived = alive.length > 0 ? alive[alive.length - 1].t - alive[0].t : 0;
  return {
    part: part.meaning,
    done: lived >= part.ms,
    evidence: `the program was seen running for ${lived} ms (the job takes at least ${part.ms} ms)`,
  };
};

const judgeOutputPart: PartJudge<Extract<JobPart, { kind: 'output' }>> = (part, obs) => {
  const pattern = new RegExp(part.pattern);
  const matches = obs.output.split('\n').map((line) => pattern.exec(line)).filter((m): m is RegExpExecArray => m !== null);
  const atLeast = part.atLeast ?? 1;
  if (matches.length < atLeast) {
    return { part: part.meaning, done: false, evidence: `the output has ${plural(matches.length, 'line')} showing ${part.meaning} (the job needs ${atLeast})` };
  }
  if (part.min !== undefined) {
    const best = Math.max(...matches.map((m) => Number(m[1])));
    if (!(best >= part.min)) return { part: part.meaning, done: false, evidence: `the output says ${JSON.stringify(matches[0][0])}: the job needs at least ${part.min}` };
  }
  if (part.distinct !== undefined) {
    const values = new Set(matches.map((m) => m[1]));
    if (values.size < part.distinct) return { part: part.meaning, done: false, evidence: `the output shows ${part.meaning} for ${values.size} (the job needs ${part.distinct})` };
  }
  return { part: part.meaning, done: true, evidence: `the output has ${JSON.stringify(matches[0][0])}${matches.length > 1 ? ` and ${plural(matches.length - 1, 'more line')} like it` : ''}` };
};

const judgeReport: PartJudge<Extract<JobPart, { kind: 'report' }>> = (part, obs) => {
  const values = reportsOf(obs, part.key);
  if (values.length > 0 && part.min !== undefined && !(Number(values[values.length - 1]) >= part.min)) {
    return { part: part.meaning, done: false, evidence: `the program reported ${part.key}=${values[values.length - 1]} (the job needs at least ${part.min})` };
  }
  return values.length > 0
    ? { part: part.meaning, done: true, evidence: `the program reported ${part.key}=${values[values.length - 1]}` }
    : { part: part.meaning, done: false, evidence: `the program never reported ${part.key} (keep its report line)` };
};

const partJudges: { [K in JobPart['kind']]: PartJudge<Extract<JobPart, { kind: K }>> } = {
  children: judgeChildren,
  reaped: judgeReaped,
  programs: judgePrograms,
  'ran-for': judgeRanFor,
  output: judgeOutputPart,
  report: judgeReport,
  file: judgeFilePart,
};

export function judgeJob(parts: JobPart[], obs: Observation): JobResult[] {
  return parts.map((part) => ({ ...(partJudges[part.kind] as PartJudge<JobPart>)(part, obs), kind: part.kind }));
}
