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
  /**
   * Memory for the whole run in MiB, every process and the run's tmpfs together, where a memory
   * cgroup is writable (as root); elsewhere only the per-process address space limit holds.
   */
  memoryMiB: number;
}

/** One build of a C or C++ fixture; a lesson may compile the same source several ways. */
export interface Build {
  /** Shown above the column, e.g. "-std=gnu11". */
  label: string;
  /** Extra compiler flags for this build. */
  flags: string[];
  /**
   * What this build should show when the lesson runs as taught; defaults to 'manifested'. 'clean'
   * is for a build whose good behaviour is the lesson's point (the same source meaning two things);
   * 'inconclusive' for a build that avoids the pitfall by not doing the job.
   */
  expect?: 'manifested' | 'clean' | 'inconclusive';
  /** Whether `pitfalls check` builds a learner's file this way too; default true. */
  check?: boolean;
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
  /**
   * How long the runner goes on watching once the pitfall is proven, so the other signs' evidence
   * can come in too (a leak proven at exec, then the hang it causes); default 100 ms.
   */
  watchAfterProofMs?: number;
  /** The lecture's own program, where it differs from the fixture: `pitfalls run <id> --slide` runs it as the broken side. */
  slide?: Slide;
}

/**
 * The lecture's program close to verbatim (lessons/<id>/slide.c), run contained in place of the fixture by
 * the same runner and judge. A racy slide may manifest in some runs only: that is what it teaches.
 */
export interface Slide {
  /** File name beside lesson.js, else in the lesson's source folder (lessons/<id>/), e.g. "slide.c". */
  file: string;
  /** Where it comes from: the lecture and the slide's title. */
  source: string;
  args?: string[];
  /**
   * What it shows run after run: 'manifested' every run, as a fixture does; 'sometimes' (the default), a race
   * that shows in some runs and leaves others clean. Over `--runs N` it is as taught when the pitfall showed at
   * least once and every other run was clean (the job done, no sign).
   */
  expect?: 'manifested' | 'sometimes';
  /** The job as the slide's program does it, when it differs from the fixture's (ten children where the fixture starts five). */
  job?: string;
  done?: JobPart[];
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
 * observed; the same signs judge both sides, and any program that does the lesson's job. No sign
 * depends on a name a program gives itself: names are labels in the evidence only.
 */
export type Sign =
  /**
   * A fork bomb: processes of the run that fork in their turn (a child of the program forking: a new
   * generation), with more live processes (zombies not counted) at once than the job needs.
   */
  | { kind: 'runaway-processes'; /** the job needs at most this many at once, the program included */ needed: number }
  /**
   * A lock without an owner: a single-threaded process blocked in a private futex wait with no timeout
   * (nothing else can wake it: no other thread shares its memory, and no time limit ends the wait),
   * the same wait and no CPU progress for `windowMs`. Also gives its thread count and its parent's.
   */
  | { kind: 'lock-without-owner'; windowMs?: number }
  /**
   * A pipe deadlock, proven on the wait-for graph from /proc/PID/fd and /proc/PID/syscall: a process
   * blocked reading (writing) a pipe every holder of whose write (read) end is itself stuck in the
   * graph, or is a program that inherited that end across exec beyond its stdio (a leak: it never
   * uses it). Proven on two snapshots, with no CPU progress between them. A slow writer is not it.
   */
  | { kind: 'pipe-deadlock'; /** processes that must be stuck at once (a deadlock of two needs both); default 1 */ processes?: number }
  /**
   * A process that exec'd holds, beyond its stdio (fd 0-2), a pipe or socket that another process of
   * the run also holds: inherited across exec, not given. Judged on the detailed snapshots taken when a
   * process of the run exec'd, when a proof was made, or when the program reported `snapshot=LABEL`.
   */
  | { kind: 'leaked-descriptors' }
  /** The program reported `report` smaller than the number of its children that ended. */
  | { kind: 'count-below-children'; report: string; /** what the count counts, for the evidence line */ counts: string }
  /**
   * Processes of the run seen in state Z, each for at least `forMs` (default 250) while its parent was alive.
   * A child that just exited is Z for a moment even under a parent that reaps it at once: only the
   * zombies that persist show a parent that does not wait.
   */
  | { kind: 'zombies'; atLeast: number; forMs?: number }
  /** More processes over the whole run, the program included, than the job needs: the tree has the wrong shape. */
  | { kind: 'extra-processes'; /** the job needs exactly this many */ needed: number }
  /**
   * Work meant for one process done by another: output lines matching `pattern`, whose first capture is
   * the pid of the process that printed it (the program prints its own getpid()), from any pid but the
   * program's, or from more than `times` processes.
   */
  | { kind: 'work-done-elsewhere'; pattern: string; times: number; /** what that work is, for the evidence line */ meaning: string }
  /** The program was killed by a signal (one of `signals`, when given). */
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
  | { kind: 'output-matches'; pattern: string; /** what such a line means, for the evidence line */ meaning: string }
  /**
   * Data meant for one of the job's files found in another: a line of a file the run left in its working
   * directory (as the supervisor copied it at the end) that matches what another of the job's files holds.
   * The names are the job's (the lesson's), never the program's choice. Judged at the end.
   */
  | { kind: 'misplaced-data'; files: Array<{ name: string; /** a regular expression every line meant for this file matches */ holds: string; /** what those lines are */ meaning: string }> }
  /** Files left in the working directory at the end that the job never makes (its files are `meant`, by the job's names). */
  | { kind: 'unmeant-files'; meant: string[] }
  /**
   * A process of the run seen running a program the job never meant to run: neither the program itself
   * (nor a copy it forked) nor one of `programs` (by file name), e.g. a shell handed a command line, and
   * what that shell started. Its command line comes from the detailed snapshots taken as processes exec.
   */
  | { kind: 'unmeant-program'; /** the programs the job runs, by file name (e.g. "tee") */ programs: string[] };

/**
 * One part of the job, as evidence the judge checks on every side: the broken one, a learner's
 * file, the twin. A side is clean only when every part is done and no sign showed.
 */
export type JobPart =
  /** The program started exactly `count` child processes (threads do not count), each ending with `exitCode` when given. */
  | { kind: 'children'; count: number; exitCode?: number }
  /** Every child was reaped by its parent in the run: the supervisor, a subreaper, had none to collect but the program. */
  | { kind: 'reaped' }
  /** At least `count` processes of the run (the program aside) exec'd another program. */
  | { kind: 'programs'; count: number; meaning: string }
  /** The program kept running for at least `ms` (its own work takes that long). */
  | { kind: 'ran-for'; ms: number; meaning: string }
  /**
   * The output has at least `atLeast` (default 1) lines matching `pattern`; with `min`, the first capture
   * of the matching line is a number at least `min`; with `distinct`, the first captures of the matching
   * lines take at least that many different values.
   */
  | { kind: 'output'; pattern: string; meaning: string; atLeast?: number; min?: number; distinct?: number }
  /** The program reported `key` (the line protocol); with `min`, its last value is a number at least `min`. */
  | { kind: 'report'; key: string; meaning: string; min?: number }
  /** The run left the file `name` (the job's name for it) in its working directory, with at least `atLeast` (default 1) lines matching `pattern`. */
  | { kind: 'file'; name: string; pattern: string; meaning: string; atLeast?: number };

export interface Expectation {
  /** Any one sign observed means the pitfall showed. */
  signs: Sign[];
  /** What the job is, in one line. */
  job: string;
  /** What proves the job done. The program must also end by itself, as `ends` says. */
  done: JobPart[];
  /** How the program may end and still have done its job: by default, exit code 0. */
  ends?: { codes?: number[] | 'any'; signals?: string[] };
}

/**
 * Where a claim of the lesson comes from, for the reader to check: a man page, a lecture's slide, or a
 * library's source or documentation at the version the claim holds for.
 */
export interface Reference {
  /**
   * What it is. A man page is its name and section, `fork(2)`; a slide, its title; a library, its name, version and
   * file or page (`libuv 1.46 src/unix/process.c`).
   */
  title: string;
  /** Where to find it: the command (`man 2 fork`), the lecture, or an address. */
  where: string;
  /** What it backs up, in a few words. */
  note?: string;
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
  /**
   * Where the narration's facts come from: man pages with their section, the lecture and slide, and the versions
   * of Node, libuv, glibc or a crate a claim holds for. Every built-in lesson has them; `pitfalls show` lists them.
   */
  references?: Reference[];
}

/**
 * What a hint answers in a run's evidence. After a check that did not pass, practice shows first the
 * hint whose trigger this run showed: a sign it proved, a part of the job it did not do, or the
 * reason it could not be judged.
 */
export type HintTrigger =
  | { sign: Sign['kind'] }
  | { jobPart: JobPart['kind'] }
  | { reason: 'failed-to-start' | 'too-short' | 'killed-by-cap' | 'crashed' | 'timeout' | 'stopped' | 'job-not-done' | 'sign-unknown' };

export interface Hint {
  /** One to three sentences that point the way without giving the fix away (the solution does that). */
  text: string;
  /** Shown first after a check whose evidence matches; hints without one come in their order. */
  when?: HintTrigger;
}

/** Practice mode: the learner fixes the broken C; the reference fix and the hints are lesson data. */
export interface Practice {
  /** The reference fix: a file name, found beside lesson.js or else in fixtures/solutions/ (e.g. `fork-bomb.c`); the idiomatic fix. */
  solution: string;
  /** What the fixed program must still do and keep printing, in a few short lines (the job and the signs are added from the expectation). */
  task: string[];
  /** Progressive hints, gentlest first. */
  hints: Hint[];
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
  /** How a learner practises the fix; every lesson with a broken C side has it. */
  practice?: Practice;
  /** Pictures drawn under each side from what it observed, by name (see src/render/views.ts). */
  views?: string[];
  /** The process tree the programmer meant, drawn by the 'process-tree' view beside the observed one. */
  intendedTree?: IntendedProcess;
  /** `run <id> --predict`: asked before the run, answered with one key, compared with what the run observed. */
  question?: Question;
}

/**
 * A prediction to make before the run. The answer is never stored: each choice says which observed values it
 * describes, and the run's own observation of the broken side (its first build) decides which is right.
 */
export interface Question {
  /** The question, e.g. "How many SIGCHLDs will the handler count for 10 children?" */
  ask: string;
  /** Two to four answers, chosen with 1-4 (or a-d) in their order. */
  choices: Choice[];
  /** What the run observed that answers it. */
  observed: Observed;
  /** Which build of the broken side it is read from, by its place in `broken.builds`; default 0, the first. */
  build?: number;
  /** Why the run does what it does, in a sentence or two, said after the answer. */
  why: string;
}

export interface Choice {
  text: string;
  /** The observed values this answer describes: every condition given holds. */
  matches: { is?: number | string; atLeast?: number; atMost?: number };
}

/** What a question reads from the run: a number or a word, taken from what the runner observed. */
export type Observed =
  /** The lesson's key number, as `--runs` draws it: the count the program reported (count-below-children), the peak of live processes (runaway-processes), the processes over the run (extra-processes). */
  | { kind: 'figure' }
  /**
   * How many lines of the output (or of the file `file` the run left in its working directory) match `pattern`;
   * with `distinct`, how many different first captures they hold (pids).
   */
  | { kind: 'lines'; pattern: string; file?: string; distinct?: boolean; /** what is counted, e.g. "processes that printed save_results" */ meaning: string }
  /** The last value the program reported as `key` (the line protocol), a number. */
  | { kind: 'report'; key: string; meaning: string }
  /** How many files the run left in its working directory. */
  | { kind: 'files'; meaning: string }
  /** The most processes of the run seen at once in `state` (e.g. 'Z'). */
  | { kind: 'state'; state: string; meaning: string }
  /** How the program ended: 'exited' by itself, 'killed' by a signal, or 'running' until the runner stopped it (a hang, proven). */
  | { kind: 'end' };

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
  /** Absolute path of the reference fix, when the lesson has practice data. */
  solutionPath?: string;
  /** Absolute path of the lecture's own program (broken.slide), when the lesson ships one. */
  slidePath?: string;
}

export const DEFAULT_LIMITS: Limits = { processes: 64, cpuSeconds: 5, addressSpaceMiB: 512, timeoutMs: 5000, memoryMiB: 1024 };
/** Node itself runs about a dozen threads per process, and RLIMIT_AS would stop V8 reserving memory. */
export const DEFAULT_TWIN_LIMITS: Limits = { processes: 256, cpuSeconds: 10, addressSpaceMiB: 0, timeoutMs: 8000, memoryMiB: 2048 };
