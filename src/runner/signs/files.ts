// Signs and job parts read from what the program left in its working directory (the supervisor copies
// it out at the end: Observation.files), and from the descriptors /proc showed onto those files.
// The file names are the job's, given by the lesson; what each file must hold is a pattern.
import type { JobPart, Sign } from '../../lesson.js';
import type { JobResult, LeftFile, Observation } from '../outcome.js';
import type { SignJudge } from './common.js';
import { plural } from './common.js';

const NOT_SEEN = 'what the program left in its working directory was not observed';

/** The lines of a file as the run left it ('' for a folder). */
function linesOf(file: LeftFile): string[] {
  return file.text.split('\n').filter((line) => line !== '');
}

function describeLeft(file: LeftFile): string {
  return file.size === 'dir' ? `the folder ${JSON.stringify(file.name)}` : `${JSON.stringify(file.name)} (${plural(file.size, 'byte')})`;
}

/** The last path component of a descriptor's target, "" for a pipe, a socket or an anonymous inode. */
function baseName(target: string): string {
  return target.startsWith('/') ? target.slice(target.lastIndexOf('/') + 1).replace(/ \(deleted\)$/, '') : '';
}

/**
 * Which descriptor pointed at which of the named files, snapshot by snapshot (/proc/PID/fd): the
 * moments a number passed from one file to another. One line per (process, descriptor).
 */
export function descriptorHistory(obs: Observation, names: string[]): string[] {
  const byFd = new Map<string, Array<{ name: string; at: string }>>();
  for (const snapshot of obs.details) {
    for (const p of snapshot.processes) {
      for (const f of p.files) {
        const name = baseName(f.target);
        if (!names.includes(name)) continue;
        const key = `pid ${p.pid} fd ${f.fd}`;
        const seen = byFd.get(key) ?? [];
        if (seen[seen.length - 1]?.name !== name) seen.push({ name, at: `${snapshot.t} ms (${snapshot.reason})` });
        byFd.set(key, seen);
      }
    }
  }
  return [...byFd.entries()].map(([key, seen]) =>
    `in /proc/${key.split(' ')[1]}/fd: ${key.replace(/^pid \d+ /, '')} was ${seen.map((s) => `${JSON.stringify(s.name)} at ${s.at}`).join(', then ')}`);
}

export const judgeMisplacedData: SignJudge<Extract<Sign, { kind: 'misplaced-data' }>> = (sign, obs, isFinal) => {
  // What a file holds is known once the run has ended and the supervisor has copied it.
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  if (!obs.files) return { shown: undefined, evidence: [NOT_SEEN], settled: true };
  const patterns = sign.files.map((f) => ({ ...f, pattern: new RegExp(f.holds) }));
  const misplaced: string[] = [];
  for (const meant of patterns) {
    const left = obs.files.find((f) => f.name === meant.name && f.size !== 'dir');
    if (!left) continue;
    for (const line of linesOf(left)) {
      if (meant.pattern.test(line)) continue;
      const owner = patterns.find((other) => other !== meant && other.pattern.test(line));
      if (owner) misplaced.push(`${describeLeft(left)} holds ${JSON.stringify(line)}: ${owner.meaning}, meant for ${JSON.stringify(owner.name)}`);
    }
  }
  const names = sign.files.map((f) => f.name);
  if (misplaced.length > 0) {
    return { shown: true, evidence: [...misplaced.slice(0, 4), ...descriptorHistory(obs, names).slice(0, 4)], atMs: obs.durationMs, settled: true };
  }
  const found = names.filter((name) => obs.files!.some((f) => f.name === name));
  return {
    shown: false,
    evidence: [
      found.length > 0
        ? `each of the job's files holds only its own lines: ${found.map((name) => JSON.stringify(name)).join(', ')}`
        : `none of the job's files (${names.map((name) => JSON.stringify(name)).join(', ')}) was left to hold anything`,
      ...descriptorHistory(obs, names).slice(0, 4),
    ],
    settled: true,
  };
};

export const judgeUnmeantFiles: SignJudge<Extract<Sign, { kind: 'unmeant-files' }>> = (sign, obs, isFinal) => {
  if (!isFinal) return { shown: undefined, evidence: [], settled: false };
  if (!obs.files) return { shown: undefined, evidence: [NOT_SEEN], settled: true };
  const unmeant = obs.files.filter((f) => !sign.meant.includes(f.name));
  if (unmeant.length === 0) {
    return { shown: false, evidence: [`the run left no file the job does not make (${plural(obs.files.length, 'file')} left)`], settled: true };
  }
  return {
    shown: true,
    evidence: [`the run left ${unmeant.slice(0, 6).map(describeLeft).join(', ')} in its working directory: ${unmeant.length === 1 ? 'a file' : 'files'} the job never makes` +
      ` (it makes ${sign.meant.map((name) => JSON.stringify(name)).join(', ')})`],
    atMs: obs.durationMs,
    settled: true,
  };
};

export function judgeFilePart(part: Extract<JobPart, { kind: 'file' }>, obs: Observation): JobResult {
  if (!obs.files) return { part: part.meaning, done: undefined, evidence: NOT_SEEN };
  const left = obs.files.find((f) => f.name === part.name && f.size !== 'dir');
  if (!left) return { part: part.meaning, done: false, evidence: `the run left no file named ${JSON.stringify(part.name)}` };
  const pattern = new RegExp(part.pattern);
  const matching = linesOf(left).filter((line) => pattern.test(line));
  const atLeast = part.atLeast ?? 1;
  return {
    part: part.meaning,
    done: matching.length >= atLeast,
    evidence: `${describeLeft(left)} has ${plural(matching.length, 'line')} like ${matching.length > 0 ? JSON.stringify(matching[0]) : `/${part.pattern}/`} (the job needs ${atLeast})`,
  };
}
