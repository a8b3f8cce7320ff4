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
  | { kind: 'hang'; wchan: string; windowMs: number; /** what the wait channel means, for the evidence line */ meaning: string }
  /** The program reported `report` smaller than the number of children the observer saw end. */
  | { kind: 'count-below-children'; report: string; /** what the count counts, for the evidence line */ counts: string }
  /** Processes of the run seen in state Z while their parent was alive. */
  | { kind: 'zombies'; atLeast: number }
  /** The program (or any process of the run, with `anyProcess`) was killed by a signal. */
  | { kind: 'killed-by-signal'; signals?: string[] };

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
