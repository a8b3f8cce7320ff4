// What a run produced, as plain data: the renderer and --json read these, nothing else.
import type { JobPart, Sign } from '../lesson.js';

/** One process as /proc showed it at one sample. */
export interface ProcessSnapshot {
  pid: number;
  ppid: number;
  pgid: number;
  /** R running, S sleeping, D disk wait, Z zombie, T stopped, ... */
  state: string;
  comm: string;
  /** Kernel function the process sleeps in ("0" or "" when running). */
  wchan: string;
  /** utime + stime, in clock ticks, all threads. */
  cpuTicks: number;
  threads: number;
  /** /proc/PID/syscall, read while a single-threaded process waits in a futex (what it waits for, and how long). */
  syscall?: string;
}

export interface Sample {
  /** Milliseconds since the side started. */
  t: number;
  processes: ProcessSnapshot[];
}

/** A line the program wrote in the protocol `@pitfalls key=value`. */
export interface Report {
  t: number;
  key: string;
  value: string;
}

/**
 * A fork, exec or exit of one of the run's processes, as the kernel announced it (the process-event
 * connector, heard by the supervisor), or an orphan the supervisor reaped. Threads are not included.
 */
export type ProcessEvent =
  | { t: number; kind: 'fork'; parent: number; pid: number }
  | { t: number; kind: 'exec'; pid: number }
  | { t: number; kind: 'exit' | 'reaped'; pid: number; code?: number; signal?: string };

/** What the supervisor saw of the program's end. */
export interface ExitInfo {
  /** exited: the program ended; timeout: the wall clock ran out; stopped: the runner ended it. */
  reason: 'exited' | 'timeout' | 'stopped';
  code?: number;
  /** Signal name, e.g. SIGSEGV. */
  signal?: string;
  /** Processes the run's reaper reaped, the program and orphans included. */
  reaped: number;
  /**
   * Who reaps what no parent of the run waits for: the init of the run's PID namespace (PID 1 there),
   * or, without one, the supervisor, a child subreaper. Absent: the supervisor.
   */
  reapedBy?: 'init' | 'supervisor';
  /** Processes still alive when the run ended, killed by the supervisor. */
  killedAtEnd: number;
  /** The program could not be started: what failed, e.g. "exec ENOENT" (it never ran). */
  startFailed?: string;
  /** The cap of ours that ended it, when one did: "the CPU limit (RLIMIT_CPU, 5 s)". */
  cap?: string;
}

/** A program a process of the run exec'd, as the supervisor read it when the kernel told of the exec. */
export interface ExecRecord {
  t: number;
  pid: number;
  /** Its name after the exec (comm). */
  comm: string;
  /** Its argv, shown visibly. */
  argv: string[];
}

/** A file (or folder) the program left in its working directory. */
export interface LeftFile {
  name: string;
  /** Its size in bytes, or 'dir' for a folder. */
  size: number | 'dir';
  /** Its first 64 KiB as text, control characters made visible; '' for a folder. */
  text: string;
}

export interface Observation {
  samples: Sample[];
  reports: Report[];
  /** Program output (stdout and stderr, or the terminal), protocol lines removed. */
  output: string;
  /** pid of the program the supervisor started (the lesson's main process). */
  programPid: number;
  exit: ExitInfo;
  /** Detailed snapshots (descriptors, command lines) taken when the pitfall was proven or the program asked. */
  details: DetailSnapshot[];
  /** Forks, execs and exits of the run's processes, when the kernel's process-event connector was heard. */
  events: ProcessEvent[];
  /** True when `events` holds every fork and exit of the run (the connector was on and lost nothing). */
  eventsComplete: boolean;
  /** The runner's own report pipe ("pipe:[INODE]"): not the program's, never counted as its descriptor. */
  reportPipe?: string;
  /**
   * The pipes and sockets each process held beyond its stdio at the moment it exec'd, read by the
   * supervisor as the kernel announced the exec (when the lesson asks): what a program inherited.
   * `files` is absent when the process was gone before it could be read.
   */
  execFiles: Array<{ t: number; pid: number; files?: OpenFile[] }>;
  /** Why the runner stopped the side early, when it did. */
  stoppedBecause?: string;
  /** Tasks the containment allowed. */
  cap: number;
  /** The wall clock the side was allowed, in milliseconds. */
  timeoutMs: number;
  durationMs: number;
  /** As root: whether the program had its own /tmp, /var/tmp, /dev/shm and working directory (size-limited tmpfs) or the machine's. */
  scratch?: 'private' | 'shared';
  /**
   * As an ordinary user: the run had a user namespace of its own, so RLIMIT_NPROC counted the run's tasks
   * only (not the user's other processes), and its scratch could be private.
   */
  userNamespace?: boolean;
  /**
   * The run had a PID namespace of its own (its first process an init of the supervisor's, which reaps
   * the run's orphans): the pid the program saw as its own there (getpid(), 2), where the runner's pids
   * are the machine's.
   */
  pidNamespace?: { programPidInside: number };
  /**
   * What the program left at the top of its working directory when the run ended (at most 32 entries,
   * the first 64 KiB of each file, shown visibly): what it wrote, where it wrote it.
   */
  files?: LeftFile[];
  /** Every exec of the run (at most 256), read at once: what even a program of a millisecond ran. Empty without the kernel's events. */
  execs?: ExecRecord[];
}

export type Status = 'manifested' | 'clean' | 'inconclusive';

/** Why a side is inconclusive, as data; the sentence is the first evidence line. */
export type InconclusiveReason =
  | 'failed-to-start'
  | 'too-short'
  | 'killed-by-cap'
  | 'crashed'
  | 'timeout'
  | 'stopped'
  | 'job-not-done'
  | 'sign-unknown';

export interface Verdict {
  status: Status;
  /** Set when the status is inconclusive. */
  reason?: InconclusiveReason;
  /** The job's parts as this run showed them: done, not done, or unknown, each with its evidence. */
  job?: JobResult[];
  /** Evidence lines, each a fact this run observed. */
  evidence: string[];
  /** When manifested: the kinds of the signs this run proved (what a hint answers). */
  shownSigns?: Sign['kind'][];
  /** Milliseconds from the side's start to the moment the verdict could be given. */
  atMs: number;
  /** True once nothing the run could still do would change the verdict: the runner may stop it. */
  settled: boolean;
}

export interface JobResult {
  /** What this part of the job is, in words. */
  part: string;
  /** Which kind of part it is (set by judgeJob). */
  kind?: JobPart['kind'];
  done: boolean | undefined;
  evidence: string;
}

export interface SideOutcome {
  side: 'broken' | 'safe';
  /** What this side shows when the lesson runs as taught: broken builds manifest (unless a build is meant to stay clean), the twin stays clean. */
  expected: Status;
  /** What ran, e.g. "fixtures/fork-bomb.c (-std=gnu11)". */
  label: string;
  verdict: Verdict;
  observation: Observation;
  peakProcesses: number;
}

export type ContainmentMode = 'cgroup-v1' | 'cgroup-v2' | 'rlimit' | 'uid';

export interface LessonOutcome {
  id: string;
  title: string;
  broken: SideOutcome[];
  safe: SideOutcome;
  /** True when every broken build manifested and the safe side stayed clean. */
  asTaught: boolean;
  containment: ContainmentMode;
}

/** One open descriptor of a process, from /proc/PID/fd and /proc/PID/fdinfo. */
export interface OpenFile {
  fd: number;
  /** What the link points at: a path, "pipe:[1234]", "socket:[...]", "anon_inode:[signalfd]" ... */
  target: string;
  /** Open flags from fdinfo, octal as the kernel prints them (O_ACCMODE, O_CLOEXEC ...). */
  flags: number;
}

/** A process in more detail than a sample holds: taken at the moments that matter, not every 10 ms. */
export interface ProcessDetail extends ProcessSnapshot {
  cmdline: string[];
  files: OpenFile[];
  /**
   * /proc/PID/syscall as the kernel prints it: "NR ARG1 ... SP PC" while blocked in a system call
   * (ARG1 of read or write is the descriptor it waits on), "running", or absent when not ours to read.
   */
  syscall?: string;
}

export interface DetailSnapshot {
  t: number;
  /** Why it was taken: "proven" when the judge proved the pitfall, or the label a program reported as `snapshot=LABEL`. */
  reason: string;
  processes: ProcessDetail[];
}
