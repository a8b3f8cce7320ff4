// What a run produced, as plain data: the renderer and --json read these, nothing else.

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

/** What the supervisor saw of the program's end. */
export interface ExitInfo {
  /** exited: the program ended; timeout: the wall clock ran out; stopped: the runner ended it. */
  reason: 'exited' | 'timeout' | 'stopped';
  code?: number;
  /** Signal name, e.g. SIGSEGV. */
  signal?: string;
  /** Processes the supervisor reaped, orphans included. */
  reaped: number;
  /** Processes still alive when the run ended, killed by the supervisor. */
  killedAtEnd: number;
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
  /** Why the runner stopped the side early, when it did. */
  stoppedBecause?: string;
  /** Tasks the containment allowed. */
  cap: number;
  /** The wall clock the side was allowed, in milliseconds. */
  timeoutMs: number;
  durationMs: number;
}

export type Status = 'manifested' | 'clean' | 'inconclusive';

export interface Verdict {
  status: Status;
  /** Evidence lines, each a fact this run observed. */
  evidence: string[];
  /** Milliseconds from the side's start to the moment the verdict could be given. */
  atMs: number;
  /** True once nothing the run could still do would change the verdict: the runner may stop it. */
  settled: boolean;
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
