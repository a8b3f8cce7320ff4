// Reads the process table from /proc: there is no library for this, and it is small.
import { type InsidePids, readInsidePid } from './pid-namespace.js';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { visible } from './visible.js';
import type { OpenFile, ProcessDetail, ProcessSnapshot } from './outcome.js';

/** Parses /proc/PID/stat. The command name sits in parentheses and may itself hold ") ". */
export function parseStat(text: string): Omit<ProcessSnapshot, 'wchan'> | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).trim().split(' ');
  // fields[0] is field 3 of proc(5): state; ppid 4, pgrp 5, utime 14, stime 15, num_threads 20.
  const at = (field: number) => Number(fields[field - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: visible(text.slice(open + 1, close)),
    state: fields[0] ?? '?',
    ppid: at(4),
    pgid: at(5),
    cpuTicks: at(14) + at(15),
    threads: at(20),
  };
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Every process on the machine as pid -> parent pid, from one pass over /proc. */
export function readParentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    const stat = readOrEmpty(`/proc/${name}/stat`);
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const ppid = Number(stat.slice(close + 4, stat.indexOf(' ', close + 4)));
    parents.set(Number(name), ppid);
  }
  return parents;
}

/** The pids descending from `root` (root excluded), by parent links. */
export function descendantsOf(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A snapshot of one process, or undefined if it is gone. */
export function readProcess(pid: number): ProcessSnapshot | undefined {
  const stat = parseStat(readOrEmpty(`/proc/${pid}/stat`));
  if (!stat) return undefined;
  return { ...stat, wchan: readOrEmpty(`/proc/${pid}/wchan`).trim() };
}

/** The first line of /proc/PID/syscall: "NR ARG1 ... SP PC" while blocked in a system call. */
export function readSyscall(pid: number): string {
  return readOrEmpty(`/proc/${pid}/syscall`).trim();
}

/**
 * Lists the processes of one run, at a cost that follows the run, not the machine: the members of
 * the run's cgroup where it has one; the pids the kernel's fork events named, where the supervisor
 * hears them all; elsewhere the descendants of `root`, reading /proc/PID/stat only for pids not
 * already known to be in or out of the run.
 */
export class RunLister {
  private readonly members = new Set<number>();
  private readonly outsiders = new Set<number>();
  /** Every fork of the run is heard: the members are known without scanning /proc. */
  private fromEvents = false;

  /** The init of the run's PID namespace (the supervisor's child): not of the run, but its orphans are. */
  private init: number | undefined;
  /** In a PID namespace: each process's pid there, read once, when it is first seen. */
  readonly insidePids: InsidePids = new Map();

  setInit(pid: number): void {
    this.init = pid;
    this.members.delete(pid);
    this.outsiders.add(pid);
  }

  /** A parent whose children belong to the run: the supervisor, or the init it made the run's reaper. */
  private isRoot(pid: number): boolean {
    return pid === this.root || pid === this.init;
  }

  /** From now on, the run's processes are the ones adopted from fork events (and still in /proc). */
  followEvents(): void {
    this.fromEvents = true;
  }

  constructor(
    private readonly root: number,
    private readonly cgroupDir?: string,
  ) {}

  /** Adds pids known from elsewhere (the supervisor's fork events) to the run. */
  adopt(pids: Iterable<number>): void {
    for (const pid of pids) {
      this.members.add(pid);
      this.outsiders.delete(pid);
    }
  }

  /** Snapshots of the run's processes now. */
  snapshots(): ProcessSnapshot[] {
    const pids = this.cgroupDir ? this.fromCgroup() : this.fromEvents ? [...this.members] : this.fromProc();
    const found: ProcessSnapshot[] = [];
    for (const pid of pids) {
      if (pid === this.init) continue;
      if (this.init !== undefined && !this.insidePids.has(pid)) {
        const inside = readInsidePid(pid);
        if (inside !== undefined) this.insidePids.set(pid, inside);
      }
      const snapshot = readProcess(pid);
      if (!snapshot) {
        this.members.delete(pid);
        continue;
      }
      // What a lone thread waits for in a futex (a lock only it could release?): the judge's proof needs it.
      if (snapshot.state === 'S' && snapshot.threads === 1 && /futex/.test(snapshot.wchan)) snapshot.syscall = readSyscall(pid);
      // A pid reused by a process outside the run: every process of the run has its parent in it
      // (orphans go to the supervisor, a subreaper).
      if (!this.cgroupDir && !this.isRoot(snapshot.ppid) && !this.members.has(snapshot.ppid)) {
        this.members.delete(pid);
        this.outsiders.add(pid);
        continue;
      }
      found.push(snapshot);
    }
    return found;
  }

  private fromCgroup(): number[] {
    const text = readOrEmpty(join(this.cgroupDir!, 'cgroup.procs'));
    const pids = text.split('\n').filter(Boolean).map(Number);
    // The supervisor's own child before it joined the cgroup (held at the gate): by descent.
    return [...new Set([...pids, ...[...this.members].filter((p) => !pids.includes(p) && existsSync(`/proc/${p}`))])];
  }

  private fromProc(): number[] {
    const present = new Set<number>();
    const unknown: number[] = [];
    for (const name of readdirSync('/proc')) {
      const code = name.charCodeAt(0);
      if (code < 48 || code > 57) continue;
      const pid = Number(name);
      present.add(pid);
      if (!this.members.has(pid) && !this.outsiders.has(pid)) unknown.push(pid);
    }
    for (const pid of this.members) if (!present.has(pid)) this.members.delete(pid);
    for (const pid of this.outsiders) if (!present.has(pid)) this.outsiders.delete(pid);
    const parents = new Map<number, number>();
    for (const pid of unknown) {
      const stat = readOrEmpty(`/proc/${pid}/stat`);
      const close = stat.lastIndexOf(')');
      if (close >= 0) parents.set(pid, Number(stat.slice(close + 4, stat.indexOf(' ', close + 4))));
    }
    // A new pid belongs when its parent does; parents may be new too, so settle it in rounds.
    let changed = true;
    while (changed) {
      changed = false;
      for (const [pid, ppid] of parents) {
        if (this.isRoot(ppid) || this.members.has(ppid)) {
          this.members.add(pid);
          parents.delete(pid);
          changed = true;
        }
      }
    }
    for (const pid of parents.keys()) this.outsiders.add(pid);
    return [...this.members];
  }
}

/** Snapshots of every process descending from `root`. */
export function readTree(root: number): ProcessSnapshot[] {
  const snapshots: ProcessSnapshot[] = [];
  for (const pid of descendantsOf(root, readParentMap())) {
    const snapshot = readProcess(pid);
    if (snapshot) snapshots.push(snapshot);
  }
  return snapshots;
}

/** Open descriptors of a process; empty if it is gone or not ours to read. */
export function readOpenFiles(pid: number): OpenFile[] {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const files: OpenFile[] = [];
  for (const name of names) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${name}`);
      const flags = readOrEmpty(`/proc/${pid}/fdinfo/${name}`).match(/^flags:\s+([0-7]+)/m);
      files.push({ fd: Number(name), target, flags: flags ? parseInt(flags[1], 8) : 0 });
    } catch {
      // closed between the listing and the read
    }
  }
  return files.sort((a, b) => a.fd - b.fd);
}

export function readDetail(snapshot: ProcessSnapshot): ProcessDetail {
  const cmdline = readOrEmpty(`/proc/${snapshot.pid}/cmdline`).split('\0').filter(Boolean).map(visible);
  const syscall = readOrEmpty(`/proc/${snapshot.pid}/syscall`).trim();
  return { ...snapshot, cmdline, files: readOpenFiles(snapshot.pid), ...(syscall ? { syscall } : {}) };
}
