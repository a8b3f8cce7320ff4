// Chooses how the process cap is enforced on this machine, and prepares it for one run.
// RLIMIT_NPROC does not bind root, so root gets a pids cgroup, or else an unprivileged uid.
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { environmentError } from '../errors.js';
import type { Limits } from '../lesson.js';
import type { ContainmentMode } from './outcome.js';

export interface Containment {
  mode: ContainmentMode;
  /** Why this mode, in one sentence, for `doctor` and the run's header. */
  why: string;
  /** Where run cgroups are made, in the cgroup modes. */
  cgroupParent?: string;
  /** Where run memory cgroups are made, when one is writable (cgroup v1: its own hierarchy; v2: the same folder). */
  memoryParent?: string;
}

/** What one side's supervisor needs to hold the cap, and how to undo it afterwards. */
export interface PreparedCap {
  supervisorArgs: string[];
  /** A uid-mode run cannot read files under root's home: stage them somewhere readable. */
  needsStaging: boolean;
  /** The run's own cgroup, whose member list is the run's processes. */
  cgroupDir?: string;
  /** The unprivileged uid (and gid) the program runs as, when the runner is root. */
  uid?: number;
  /** How many times the run's memory cgroup ended a process (its OOM killer); 0 without one. Read before release. */
  memoryKills: () => number;
  release: () => void;
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The pids cgroup this process is in, as a directory, if the machine has one we may write to. */
function findPidsCgroup(): { mode: 'cgroup-v1' | 'cgroup-v2'; dir: string } | undefined {
  const lines = readText('/proc/self/cgroup').split('\n');
  const v1 = lines.map((l) => l.match(/^\d+:([^:]*\bpids\b[^:]*):(.*)$/)).find(Boolean);
  if (v1) {
    const dir = join('/sys/fs/cgroup', v1[1], v1[2]);
    if (isWritable(dir)) return { mode: 'cgroup-v1', dir };
  }
  const v2 = lines.map((l) => l.match(/^0::(.*)$/)).find(Boolean);
  if (v2) {
    for (const mount of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
      const dir = join(mount, v2[1]);
      // A child cgroup gets the pids controller only if this one hands it down.
      if (isWritable(dir) && /\bpids\b/.test(readText(join(dir, 'cgroup.subtree_control')))) return { mode: 'cgroup-v2', dir };
    }
  }
  return undefined;
}

/** The memory cgroup for run cgroups, if this machine has one we may write to. */
function findMemoryCgroup(pids: { mode: 'cgroup-v1' | 'cgroup-v2'; dir: string }): string | undefined {
  if (pids.mode === 'cgroup-v2') return /\bmemory\b/.test(readText(join(pids.dir, 'cgroup.subtree_control'))) ? pids.dir : undefined;
  const v1 = readText('/proc/self/cgroup').split('\n').map((l) => l.match(/^\d+:([^:]*\bmemory\b[^:]*):(.*)$/)).find(Boolean);
  if (!v1) return undefined;
  const dir = join('/sys/fs/cgroup', v1[1], v1[2]);
  return isWritable(dir) ? dir : undefined;
}

let detected: Containment | undefined;

/** The containment mode in force: PITFALLS_CONTAINMENT may choose one, for tests and doctor. */
export function detectContainment(env: NodeJS.ProcessEnv = process.env): Containment {
  if (process.platform !== 'linux') {
    throw environmentError(`pitfalls needs Linux (it watches processes through /proc and contains them with prctl and cgroups); this is ${process.platform}. Run it in a Linux VM, WSL2 or a Linux container.`);
  }
  if (detected && !env.PITFALLS_CONTAINMENT) return detected;
  const isRoot = process.getuid?.() === 0;
  const forced = env.PITFALLS_CONTAINMENT;
  const cgroup = findPidsCgroup();
  let result: Containment;
  if (forced === 'rlimit' && isRoot) {
    throw environmentError('PITFALLS_CONTAINMENT=rlimit cannot cap root: RLIMIT_NPROC does not bind uid 0. Unset it, or choose uid or cgroup.');
  } else if (forced === 'uid' && !isRoot) {
    throw environmentError('PITFALLS_CONTAINMENT=uid needs root (to switch to an unprivileged uid). Unset it to use rlimit.');
  } else if (forced && !['rlimit', 'uid', 'cgroup'].includes(forced)) {
    throw environmentError(`PITFALLS_CONTAINMENT=${forced} is not a mode: use cgroup, uid or rlimit, or unset it.`);
  }
  if ((forced === 'cgroup' || (!forced && isRoot)) && cgroup) {
    const memoryParent = findMemoryCgroup(cgroup);
    result = {
      mode: cgroup.mode,
      cgroupParent: cgroup.dir,
      ...(memoryParent ? { memoryParent } : {}),
      why: `a pids cgroup under ${cgroup.dir} is writable: its pids.max caps every task of the run, root included` +
        `${memoryParent ? `; a memory cgroup caps the run's memory as a whole` : ''}` +
        `${isRoot ? '; as root, the program also runs as an unused unprivileged uid, with its own /tmp, /dev/shm and working directory (size-limited tmpfs)' : ''}`,
    };
  } else if (forced === 'cgroup') {
    throw environmentError('PITFALLS_CONTAINMENT=cgroup, but no writable pids cgroup was found. Unset it to use rlimit (or uid as root).');
  } else if (isRoot) {
    const chosen = forced === 'uid' ? 'PITFALLS_CONTAINMENT=uid' : 'running as root with no writable pids cgroup';
    result = { mode: 'uid', why: `${chosen}: each run switches to an unused unprivileged uid, whose RLIMIT_NPROC binds, with its own /tmp, /dev/shm and working directory (size-limited tmpfs)` };
  } else {
    result = {
      mode: 'rlimit',
      why: `running as uid ${process.getuid?.()}: RLIMIT_NPROC caps the run's tasks; where the kernel gives an ordinary user a user namespace, ` +
        'each run gets its own (the cap counts the run\'s tasks only, and /tmp, /dev/shm and its working directory are its own), else the limit is the tasks you already run plus the cap',
    };
  }
  if (!env.PITFALLS_CONTAINMENT) detected = result;
  return result;
}

/** Tasks (processes and threads) whose real uid is `uid`: what RLIMIT_NPROC counts. */
export function countTasksOfUser(uid: number): number {
  let tasks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = readText(`/proc/${name}/status`);
    const realUid = status.match(/^Uid:\s+(\d+)/m);
    const threads = status.match(/^Threads:\s+(\d+)/m);
    if (realUid && Number(realUid[1]) === uid) tasks += threads ? Number(threads[1]) : 1;
  }
  return tasks;
}

let runCounter = 0;

/** Sets up the caps for one side: cgroups made for it (tasks, memory), or the rlimit/uid arguments. */
export function prepareCap(containment: Containment, limits: Pick<Limits, 'processes' | 'memoryMiB'>): PreparedCap {
  const cap = limits.processes;
  const noMemoryCgroup = { memoryKills: () => 0 };
  switch (containment.mode) {
    case 'cgroup-v1':
    case 'cgroup-v2': {
      if (!swept) {
        // Once per process: run cgroups left anywhere in the hierarchy by a pitfalls that died (SIGKILL).
        swept = true;
        sweepStaleCgroups(containment.mode === 'cgroup-v1' ? '/sys/fs/cgroup/pids' : '/sys/fs/cgroup', 4);
        if (containment.mode === 'cgroup-v1' && containment.memoryParent) sweepStaleCgroups('/sys/fs/cgroup/memory', 4);
      }
      const name = `pitfalls-${runnerTag()}-${++runCounter}`;
      const dir = join(containment.cgroupParent!, name);
      mkdirSync(dir);
      try {
        writeFileSync(join(dir, 'pids.max'), String(cap));
      } catch (error) {
        rmdirSync(dir);
        throw environmentError(`cannot set pids.max in ${dir}: ${(error as Error).message}. Run \`npx pitfalls doctor\`.`);
      }
      const memory = memoryCgroup(containment, dir, name, limits.memoryMiB);
      // As root, the program never runs as root: it gets an unused unprivileged uid too, so it cannot
      // signal what is not its own, write the cgroup's files, or read the runner's memory.
      const drop = process.getuid?.() === 0 ? runUid() : undefined;
      return {
        supervisorArgs: ['--cgroup', dir, ...(memory && memory.dir !== dir ? ['--cgroup', memory.dir] : []), ...(drop ? ['--uid', String(drop), '--gid', String(drop)] : [])],
        needsStaging: drop !== undefined,
        cgroupDir: dir,
        uid: drop,
        memoryKills: () => (memory ? memory.kills() : 0),
        release: () => {
          removeCgroup(dir);
          if (memory && memory.dir !== dir) removeCgroup(memory.dir);
        },
      };
    }
    case 'rlimit': {
      const uid = process.getuid!();
      // RLIMIT_NPROC counts every task of the uid, so the limit is what the user runs already plus the cap;
      // in a user namespace of the run's own (where the kernel gives one) it counts the run's alone: the cap.
      return { supervisorArgs: ['--nproc', String(countTasksOfUser(uid) + cap), '--nproc-alone', String(cap)], needsStaging: false, ...noMemoryCgroup, release: () => {} };
    }
    case 'uid': {
      // A uid nobody uses, different for each run, so runs never share a count.
      const uid = runUid();
      return { supervisorArgs: ['--uid', String(uid), '--gid', String(uid), '--nproc', String(cap)], needsStaging: true, uid, ...noMemoryCgroup, release: () => {} };
    }
  }
}

/**
 * The run's memory cgroup: one limit for all its processes together (and the tmpfs pages they write),
 * so 64 processes cannot each take the per-process address space limit. Swap is not given either where
 * the kernel accounts it. Undefined when no memory cgroup is writable; a failure to set it up is not fatal.
 */
function memoryCgroup(containment: Containment, pidsDir: string, name: string, mib: number): { dir: string; kills: () => number } | undefined {
  if (!containment.memoryParent || !(mib > 0)) return undefined;
  const bytes = String(mib * 1024 * 1024);
  if (containment.mode === 'cgroup-v2') {
    try {
      writeFileSync(join(pidsDir, 'memory.max'), bytes);
      writeFileSync(join(pidsDir, 'memory.swap.max'), '0');
    } catch {
      // memory.swap.max is missing without swap accounting: memory.max alone still holds
    }
    return { dir: pidsDir, kills: () => Number(/^oom_kill (\d+)/m.exec(readText(join(pidsDir, 'memory.events')))?.[1] ?? 0) };
  }
  const dir = join(containment.memoryParent, name);
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // never made
    }
    return undefined;
  }
  try {
    writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
  } catch {
    // no swap accounting on this kernel: memory.limit_in_bytes alone still holds
  }
  return { dir, kills: () => Number(/^oom_kill (\d+)/m.exec(readText(join(dir, 'memory.oom_control')))?.[1] ?? 0) };
}

/**
 * Where run uids are taken from: PITFALLS_UID_RANGE=START-END, else 2,000,000,000 to 2,099,999,999,
 * above what distributions and directory services hand out.
 */
export function uidRange(env: NodeJS.ProcessEnv = process.env): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(env.PITFALLS_UID_RANGE ?? '');
  if (!m) return [2_000_000_000, 2_099_999_999];
  const [start, end] = [Number(m[1]), Number(m[2])];
  if (!(start >= 1000 && end > start && end < 4_294_967_295)) {
    throw environmentError(`PITFALLS_UID_RANGE=${env.PITFALLS_UID_RANGE} is not a range of unprivileged uids: give START-END with 1000 <= START < END, e.g. 2000000000-2099999999.`);
  }
  return [start, end];
}

/** True when no user or group has this id (the user and group databases, through getent) and no process runs as it. */
function isUnusedId(id: number): boolean {
  for (const database of ['passwd', 'group']) {
    const found = spawnSync('getent', [database, String(id)], { stdio: 'ignore' });
    // getent exits 2 for "not found"; anything else (found, or no getent) counts as taken unless it is missing.
    if (found.status === 0) return false;
    if (found.error === undefined && found.status !== 2) return false;
  }
  const needle = new RegExp(`^Uid:\\s+(\\d+\\s+)*${id}\\b`, 'm');
  return !readdirSync('/proc').some((name) => /^\d+$/.test(name) && needle.test(readText(`/proc/${name}/status`)));
}

/** An unused uid for one run, from the documented range, different for each run of this process. */
function runUid(): number {
  const [start, end] = uidRange();
  const span = end - start + 1;
  for (let attempt = 0; attempt < 20; attempt++) {
    const uid = start + ((process.pid * 64 + ++runCounter + attempt * 7919) % span);
    if (isUnusedId(uid)) return uid;
  }
  throw environmentError(`no unused uid was found in ${start}-${end} for the run. Set PITFALLS_UID_RANGE to a range no user, group or process uses.`);
}

let swept = false;

/**
 * Removes empty run cgroups (named pitfalls-PID-N, as prepareCap names them) whose pitfalls process is
 * gone, in `dir` and below it: rmdir fails on a cgroup that still has members, so nothing is forced.
 */
function sweepStaleCgroups(dir: string, depth: number): void {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = /^pitfalls-(\d+\.\d+)-\d+$/.exec(name);
    if (!owner) {
      if (depth > 0) sweepStaleCgroups(join(dir, name), depth - 1);
      continue;
    }
    if (!isStaleRunner(owner[1])) continue;
    try {
      rmdirSync(join(dir, name));
    } catch {
      // still has members, or already gone: not ours to force
    }
  }
}

/** The PID namespace this process sees pids in, as the kernel numbers it. */
function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0';
  } catch {
    return '0';
  }
}

/**
 * What run folders and cgroups are named after: this runner's pid and its PID namespace ("PID.NS"). A pid
 * means something only in its own namespace: a runner in a container must not take a live runner's
 * things outside it for a dead one's.
 */
export function runnerTag(): string {
  return `${process.pid}.${pidNamespace()}`;
}

/** Whether the runner a tag names is gone: a pid of this namespace, not alive. Another namespace's is never stale to us. */
export function isStaleRunner(tag: string): boolean {
  const [pid, namespace] = tag.split('.');
  return namespace === pidNamespace() && Number(pid) !== process.pid && !isAlive(Number(pid));
}

/** Whether a process with this pid exists (ours or not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a run's cgroup; the supervisor has killed and reaped its members already. */
function removeCgroup(dir: string): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    const members = readText(join(dir, 'cgroup.procs')).split('\n').filter(Boolean).map(Number);
    // Only members of this run's own cgroup, by pid: anything still there was started by the run.
    for (const pid of members) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
