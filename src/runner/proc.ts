// Reads the process table from /proc: there is no library for this, and it is small.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
    comm: text.slice(open + 1, close),
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

/** Snapshots of every process descending from `root`. */
export function readTree(root: number): ProcessSnapshot[] {
  const snapshots: ProcessSnapshot[] = [];
  for (const pid of descendantsOf(root, readParentMap())) {
    const snapshot = readProcess(pid);
    if (snapshot) snapshots.push(snapshot);
  }
  return snapshots;
}

/** Zombies on the whole machine whose parent is `parent` or one of its descendants. */
export function zombiesUnder(root: number): number[] {
  return readTree(root).filter((p) => p.state === 'Z').map((p) => p.pid);
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
  const cmdline = readOrEmpty(`/proc/${snapshot.pid}/cmdline`).split('\0').filter(Boolean);
  const syscall = readOrEmpty(`/proc/${snapshot.pid}/syscall`).trim();
  return { ...snapshot, cmdline, files: readOpenFiles(snapshot.pid), ...(syscall ? { syscall } : {}) };
}
