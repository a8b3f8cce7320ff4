// Who holds which end of each pipe, read from a detailed snapshot (/proc/PID/fd and the fdinfo flags).
// Pure: the judge builds evidence lines from it and the pipe-ends picture draws it.
import type { DetailSnapshot, OpenFile, ProcessDetail, ProcessSnapshot, Report } from './outcome.js';

const O_ACCMODE = 0o3;
const O_WRONLY = 0o1;
const O_RDWR = 0o2;
const O_CLOEXEC = 0o2000000;

export type End = 'read' | 'write';

/** One descriptor of one process that refers to an end of a pipe. */
export interface EndHolder {
  process: ProcessDetail;
  fd: number;
  /** Closed by exec (O_CLOEXEC): it cannot leak into a program this process runs. */
  closeOnExec: boolean;
}

export interface PipeEnds {
  /** As /proc names it: "pipe:[1234]", the number being the pipe's inode. */
  id: string;
  read: EndHolder[];
  write: EndHolder[];
}

export function isCloseOnExec(file: OpenFile): boolean {
  return (file.flags & O_CLOEXEC) !== 0;
}

/** The ends of a pipe a descriptor holds: a FIFO opened read-write holds both. */
export function endsOf(file: OpenFile): End[] {
  if (!/^pipe:\[\d+\]$/.test(file.target)) return [];
  const mode = file.flags & O_ACCMODE;
  if (mode === O_RDWR) return ['read', 'write'];
  return mode === O_WRONLY ? ['write'] : ['read'];
}

/** Every pipe any process of the snapshot holds an end of, in order of first appearance. */
export function pipesOf(snapshot: DetailSnapshot): PipeEnds[] {
  const pipes = new Map<string, PipeEnds>();
  for (const process of snapshot.processes) {
    for (const file of process.files) {
      for (const end of endsOf(file)) {
        let pipe = pipes.get(file.target);
        if (!pipe) pipes.set(file.target, (pipe = { id: file.target, read: [], write: [] }));
        pipe[end].push({ process, fd: file.fd, closeOnExec: isCloseOnExec(file) });
      }
    }
  }
  return [...pipes.values()];
}

/** The end a process blocked in this wait channel is waiting on, if it is a pipe's. */
export function endWaitedOn(wchan: string): End | undefined {
  if (!/pipe/.test(wchan)) return undefined;
  if (/write/.test(wchan)) return 'write';
  return /read/.test(wchan) ? 'read' : undefined;
}

/** The descriptor a process blocked in read() or write() waits on: ARG1 of /proc/PID/syscall, when known. */
export function fdWaitedOn(p: ProcessDetail): number | undefined {
  const fields = p.syscall?.split(' ') ?? [];
  if (fields.length < 3 || !/^\d+$/.test(fields[0])) return undefined;
  const fd = Number(fields[1]);
  return Number.isInteger(fd) ? fd : undefined;
}

/** This descriptor is the one its process is blocked on, as far as /proc can tell. */
export function isBlockedOn(holder: EndHolder, end: End): boolean {
  const p = holder.process;
  if (!(p.state === 'S' || p.state === 'D') || endWaitedOn(p.wchan) !== end) return false;
  const fd = fdWaitedOn(p);
  return fd === undefined || fd === holder.fd;
}

function sameCommand(a: ProcessDetail, b: ProcessDetail): boolean {
  return a.cmdline.join('\0') === b.cmdline.join('\0');
}

function who(p: { pid: number; comm: string }): string {
  return `pid ${p.pid} (${p.comm})`;
}

function fdList(fds: number[]): string {
  return `fd${fds.length === 1 ? '' : 's'} ${fds.join(', ')}`;
}

/** "pid 7 (sleep) fd 4", with what matters about the holder relative to the blocked process. */
function describeHolders(holders: EndHolder[], blocked: ProcessDetail, blockedPids: Set<number>): string {
  const byProcess = new Map<number, { process: ProcessDetail; fds: number[] }>();
  for (const h of holders) {
    const entry = byProcess.get(h.process.pid) ?? { process: h.process, fds: [] };
    entry.fds.push(h.fd);
    byProcess.set(h.process.pid, entry);
  }
  return [...byProcess.values()]
    .map(({ process, fds }) => {
      const notes: string[] = [];
      if (process.pid === blocked.pid) notes.push('the blocked process itself');
      else if (blockedPids.has(process.pid)) notes.push(`blocked too, in ${process.wchan}`);
      if (process.pid !== blocked.pid && process.cmdline.length > 0 && !sameCommand(process, blocked)) {
        notes.push(`running "${process.cmdline.join(' ')}"`);
      }
      return `${who(process)} ${fdList(fds)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    })
    .join(', ');
}

function lastReport(reports: Report[], key: string, pid?: number): string | undefined {
  for (let i = reports.length - 1; i >= 0; i--) {
    const r = reports[i];
    if (r.key !== key) continue;
    if (pid === undefined) return r.value;
    const [owner, value] = r.value.split(':');
    if (Number(owner) === pid) return value;
  }
  return undefined;
}

/**
 * Evidence lines about the pipes that processes blocked in a pipe wait channel are waiting on: who
 * holds the other end, from the snapshot; and the program's own counts, labelled as such.
 */
export function pipeEvidence(snapshot: DetailSnapshot, blocked: ProcessSnapshot[], reports: Report[]): string[] {
  const lines: string[] = [];
  const blockedPids = new Set(blocked.map((b) => b.pid));
  const pipes = pipesOf(snapshot);
  let anyWriter = false;
  for (const b of blocked) {
    const end = endWaitedOn(b.wchan);
    const detail = snapshot.processes.find((p) => p.pid === b.pid);
    if (!end || !detail) continue;
    const other: End = end === 'read' ? 'write' : 'read';
    for (const pipe of pipes) {
      const waited = fdWaitedOn(detail);
      const mine = pipe[end].filter((h) => h.process.pid === b.pid && (waited === undefined || waited === h.fd)).map((h) => h.fd);
      if (mine.length === 0 || pipe[other].length === 0) continue;
      const holders = describeHolders(pipe[other], detail, blockedPids);
      if (end === 'read') {
        lines.push(`${pipe.id}: ${who(b)} waits to read at ${fdList(mine)}; its write end is still open in ${holders}, so read() cannot return EOF`);
      } else {
        const allBlocked = pipe.read.every((h) => blockedPids.has(h.process.pid));
        lines.push(`${pipe.id}: ${who(b)} waits to write at ${fdList(mine)}; its read end is held only by ${holders}` +
          (allBlocked ? ', so nobody reads and the pipe stays full' : ''));
      }
    }
    if (end === 'write') {
      anyWriter = true;
      const written = lastReport(reports, 'written', b.pid);
      if (written !== undefined) lines.push(`${who(b)} had written ${written} bytes before the write that blocked (the program's own count)`);
    }
  }
  const capacity = lastReport(reports, 'pipe_capacity');
  if (anyWriter && capacity !== undefined) lines.push(`the program reported a pipe capacity of ${capacity} bytes`);
  return lines;
}

/** A process that exec'd another program and still holds descriptors it was not given. */
export interface Leak {
  process: ProcessDetail;
  parent: ProcessDetail;
  /** Its descriptors beyond 0-2 that refer to a pipe or socket another process of the run also holds. */
  files: OpenFile[];
  /** The other processes holding those. */
  sharedWith: ProcessDetail[];
}

/**
 * Processes that run another program than their parent, with that parent: those the kernel said had
 * exec'd by the snapshot's time (`exec`: pid to time, when every event was heard), else those whose
 * command line differs from their parent's.
 */
export function execedChildren(snapshot: DetailSnapshot, exec?: Map<number, number>): Array<{ process: ProcessDetail; parent: ProcessDetail }> {
  const byPid = new Map(snapshot.processes.map((p) => [p.pid, p]));
  const found: Array<{ process: ProcessDetail; parent: ProcessDetail }> = [];
  for (const process of snapshot.processes) {
    const parent = byPid.get(process.ppid);
    if (!parent || process.state === 'Z') continue;
    const didExec = exec ? (exec.get(process.pid) ?? Infinity) <= snapshot.t : process.cmdline.length > 0 && parent.cmdline.length > 0 && !sameCommand(process, parent);
    if (!didExec) continue;
    found.push({ process, parent });
  }
  return found;
}

/** Exec'd processes holding, beyond stdio, a pipe or socket that another process of the run also holds. */
export function leakedDescriptors(snapshot: DetailSnapshot, exec?: Map<number, number>): Leak[] {
  const leaks: Leak[] = [];
  for (const { process, parent } of execedChildren(snapshot, exec)) {
    const sharedWith = new Map<number, ProcessDetail>();
    const files = process.files.filter((file) => {
      // Close-on-exec in a process that exec'd: set after the exec, by the program itself, not inherited.
      if (file.fd <= 2 || isCloseOnExec(file) || !/^(pipe|socket):\[\d+\]$/.test(file.target)) return false;
      const others = snapshot.processes.filter((q) => q.pid !== process.pid && q.files.some((f) => f.target === file.target));
      others.forEach((q) => sharedWith.set(q.pid, q));
      return others.length > 0;
    });
    if (files.length > 0) leaks.push({ process, parent, files, sharedWith: [...sharedWith.values()] });
  }
  return leaks;
}

/** "fd 3 (pipe:[88213], read end)" */
export function describeFile(file: OpenFile): string {
  const ends = endsOf(file);
  return `fd ${file.fd} (${file.target}${ends.length === 1 ? `, ${ends[0]} end` : ''})`;
}
