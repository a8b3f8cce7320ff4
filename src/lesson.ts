// The shape of a lesson: plain data, loaded from lessons/<id>/lesson.js, so a lesson is files only.

/** Caps for one side of a lesson; every run gets all of them. */
export interface Limits {
  /** Tasks (processes and threads) the run may hold at once. */
  processes: number;
  /** CPU seconds per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Address space per process in MiB (RLIMIT_AS); 0 leaves it unset (Node reserves a lot of it). */
  addressSpaceMiB: number;
  /** Wall clock for the side, in milliseconds: the run is killed after it. */
  timeoutMs: number;
}

/** One build of a C or C++ fixture; a lesson may compile the same source several ways. */
export interface Build {
  /** Shown above the column, e.g. "-std=gnu11". */
  label: string;
  /** Extra compiler flags for this build. */
  flags: string[];
  /**
   * What this build should show when the lesson runs as taught; defaults to 'manifested'. 'clean'
   * is for a build whose good behaviour is the lesson's point (the same source meaning two things).
   */
  expect?: 'manifested' | 'clean';
}

/** Keys typed into a side's terminal by the runner, once the program reported `afterReport` (e.g. "ready"). */
export interface Keystroke {
  afterReport: string;
  /** What to type: "\x03" is Ctrl-C, which the terminal turns into SIGINT for the foreground group. */
  data: string;
}

export interface BrokenSide {
  /** File name under fixtures/; defaults to `<id>.c`. A `.cc`/`.cpp` name is built with the C++ compiler. */
  fixture?: string;
  /** Builds of the fixture; defaults to one build with no extra flags. */
  builds?: Build[];
  /** Libraries to link, e.g. ["-pthread"]. */
  link?: string[];
  args?: string[];
  /** Run attached to a pseudo-terminal, as a student would see it. */
  terminal?: boolean;
  keystrokes?: Keystroke[];
  limits?: Partial<Limits>;
}

export interface SafeSide {
  /** File name under the lesson's folder, compiled to .js; defaults to `safe.ts`. */
  twin?: string;
  args?: string[];
  terminal?: boolean;
  keystrokes?: Keystroke[];
  limits?: Partial<Limits>;
}

/**
 * A sign is one observable way the pitfall shows. The judge checks every sign against what a run
 * observed; the same signs judge both sides, and any program that does the lesson's job.
 */
export type Sign =
  /** More processes of the run alive at once than the job needs. */
  | { kind: 'runaway-processes'; /** the job needs at most this many */ needed: number }
  /** A process of the run blocked in a wait channel matching `wchan`, with no CPU progress for `windowMs`. */
  | {
      kind: 'hang'; wchan: string; windowMs: number; /** what the wait channel means, for the evidence line */ meaning: string;
      /** How many processes must be blocked so at once (a deadlock of two needs both); default 1. */
      processes?: number;
      /**
       * Also name, from the detailed snapshot taken when the hang was proven, who holds the other end of
       * each pipe the blocked processes wait on, and what the program reported as `pipe_capacity=BYTES`
       * and `written=PID:BYTES` (bytes a process had written before its latest write call).
       */
      pipes?: boolean;
      /** Also give the thread count of each blocked process and of its parent, from /proc/PID/stat (fork copies one thread). */
      threads?: boolean;
    }
  /**
   * A process that exec'd (its command line differs from its parent's) holds, beyond its stdio (fd 0-2),
   * a pipe or socket that another process of the run also holds: inherited across exec, not given.
   * Judged on the detailed snapshots (taken when a sign was proven, or when the program reported `snapshot=LABEL`).
   */
  | { kind: 'leaked-descriptors' }
  /** The program reported `report` smaller than the number of children the observer saw end. */
  | { kind: 'count-below-children'; report: string; /** what the count counts, for the evidence line */ counts: string }
  /**
   * Processes of the run seen in state Z, each for at least `forMs` (default 250) while its parent was alive.
   * A child that just exited is Z for a moment even under a parent that reaps it at once: only the
   * zombies that persist show a parent that does not wait.
   */
  | { kind: 'zombies'; atLeast: number; forMs?: number }
  /** More distinct processes over the whole run, the program included, than the job needs. */
  | { kind: 'extra-processes'; /** the job needs exactly this many */ needed: number }
  /**
   * More than `times` distinct processes seen carrying the name `comm` in /proc: the name a process gives
   * itself for a piece of work (prctl(PR_SET_NAME) in C, process.title in Node), so /proc shows who did it.
   */
  | { kind: 'ran-too-often'; comm: string; times: number; /** what that work is, for the evidence line */ meaning: string }
  /** The program (or any process of the run, with `anyProcess`) was killed by a signal. */
  | { kind: 'killed-by-signal'; signals?: string[] }
  /**
   * A process of the run blocked in a wait channel matching `wchan`, with no CPU progress for `windowMs`,
   * while no child of it was left alive to wake it (e.g. pause() after the last SIGCHLD was already handled).
   */
  | { kind: 'wait-without-children'; wchan: string; windowMs: number; /** what the wait channel means */ meaning: string }
  /**
   * The program's output, as the runner received it (the terminal's bytes, or stdout and stderr; protocol
   * lines removed), has a line matching `pattern` (a regular expression, tried on each line). Judged at the end.
   */
  | { kind: 'output-matches'; pattern: string; /** what such a line means, for the evidence line */ meaning: string };

export interface Expectation {
  /** Any one sign observed means the pitfall showed. */
  signs: Sign[];
  /** What the job is, in one line, for a program that does not show the pitfall. */
  job: string;
}

/** Prose of the lesson: the parts that do not depend on the run. What happened is built from the run. */
export interface Narration {
  /** The mechanism: why the broken side does what it does. */
  why: string;
  /** The rule to take away. */
  rule: string;
  /** The safe abstraction in TypeScript, as the twin uses it. */
  safeWay: string;
  /** The safe abstraction in Rust that the lectures name. */
  rust: string;
  /** Where a slide is out of date: what is true today and why the rule still holds. */
  today?: string;
  /** Commands the reader can try next. */
  tryNext?: string[];
}

export interface LessonData {
  /** Position in the teaching order (the syllabus order); lessons sort by it. */
  order: number;
  title: string;
  /** One line for `pitfalls list`. */
  summary: string;
  broken: BrokenSide;
  safe: SafeSide;
  expectation: Expectation;
  narration: Narration;
  /** Pictures drawn under each side from what it observed, by name (see src/render/views.ts). */
  views?: string[];
  /** The process tree the programmer meant, drawn by the 'process-tree' view beside the observed one. */
  intendedTree?: IntendedProcess;
}

/** One process of the tree the programmer meant. */
export interface IntendedProcess {
  /**
   * The name /proc shows for it once it does its work (its comm: set with prctl(PR_SET_NAME) in C,
   * process.title in Node). The root stands for the program itself, whatever its name.
   */
  name: string;
  children?: IntendedProcess[];
}

/** A lesson as loaded: its data plus where its files are. */
export interface Lesson extends LessonData {
  id: string;
  /** Folder holding lesson.js and the built twin. */
  dir: string;
  /** Absolute path of the C/C++ source. */
  fixturePath: string;
  /** Absolute path of the built twin (JavaScript). */
  twinPath: string;
}

export const DEFAULT_LIMITS: Limits = { processes: 64, cpuSeconds: 5, addressSpaceMiB: 512, timeoutMs: 5000 };
/** Node itself runs about a dozen threads per process, and RLIMIT_AS would stop V8 reserving memory. */
export const DEFAULT_TWIN_LIMITS: Limits = { processes: 256, cpuSeconds: 10, addressSpaceMiB: 0, timeoutMs: 8000 };
