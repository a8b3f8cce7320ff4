// `pitfalls practice <lesson>`: the learner fixes the broken program in a file of their own; every
// save is checked, contained and observed like `check`, and shown beside the original program's run.
import chalk from 'chalk';
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findLesson, loadCatalog } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { nextHint } from '../practice/hints.js';
import { progressOf, readProgress, updateProgress } from '../practice/progress.js';
import { watchFile } from '../practice/watch.js';
import type { CheckRun } from '../render/check.js';
import { KEYS_LINE, renderCompileError, renderHint, renderPracticeCheck, renderSolution, renderTask } from '../render/practice.js';
import { terminalWidth } from '../render/text.js';
import { detectContainment, type Containment } from '../runner/containment.js';
import { runSide } from '../runner/launch.js';
import type { SideOutcome } from '../runner/outcome.js';
import { brokenSpecs } from '../runner/run-lesson.js';
import { checkFile, checkSourceFile, type FileCheck } from './check.js';

export interface PracticeOptions {
  /** Folder for the learner's files; default ./pitfalls-practice. */
  dir?: string;
  /** Check once and exit with check's code. */
  once?: boolean;
  /** Seconds per run, already validated. */
  timeout?: number;
}

export const DEFAULT_PRACTICE_DIR = 'pitfalls-practice';

/** How one lesson's session ended: quit with a code, or go on to another lesson. */
type SessionEnd = { exitCode: number } | { next: string };

/** The lesson's practice data, or a clear error naming what to do instead. */
function requirePractice(lesson: Lesson): NonNullable<Lesson['practice']> {
  if (!lesson.practice || !lesson.solutionPath) {
    throw usageError(`Lesson ${lesson.id} has no practice yet (no task, hints or reference fix). Watch it instead: \`npx pitfalls run ${lesson.id}\`, or practise another: \`npx pitfalls list\`.`);
  }
  return lesson.practice;
}

/** The lesson after this one in teaching order that can be practised, if any. */
async function nextPractisable(lesson: Lesson): Promise<Lesson | undefined> {
  const lessons = await loadCatalog();
  const at = lessons.findIndex((l) => l.id === lesson.id);
  return lessons.slice(at + 1).find((l) => l.practice && l.solutionPath);
}

/** The learner's copy of the fixture: made once, never overwritten (a second `practice` resumes it). */
function learnerFile(lesson: Lesson, dir: string): { path: string; resumed: boolean } {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw usageError(`cannot make the folder ${dir} for your practice files (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a folder you can write with --dir.`);
  }
  const path = join(dir, `${lesson.id}${extname(lesson.fixturePath)}`);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw usageError(`${path} is a folder, where your copy of ${lesson.id} would go. Move it away, or choose another folder with --dir.`);
    return { path, resumed: true };
  }
  try {
    // COPYFILE_EXCL: a file made by someone else in between is kept, never overwritten.
    copyFileSync(lesson.fixturePath, path, constants.COPYFILE_EXCL);
    return { path, resumed: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path, resumed: true };
    throw usageError(`cannot write ${path} (${(error as Error).message}). Choose a folder you can write with --dir.`);
  }
}

/** The original program's run, once per session, for each build the lesson checks: what each check is shown beside. */
async function runFixture(lesson: Lesson, containment: Containment, timeoutMs: number | undefined, signal: AbortSignal): Promise<SideOutcome[]> {
  const checked = (lesson.broken.builds ?? [{ label: '', flags: [] }]).map((build) => build.check !== false);
  const specs = brokenSpecs(lesson, { timeoutMs }).filter((_, i) => checked[i]);
  const sides: SideOutcome[] = [];
  for (const spec of specs) {
    if (signal.aborted) break;
    sides.push(await runSide(spec, containment, { signal }));
  }
  return sides;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

export async function practice(id: string, options: PracticeOptions): Promise<number> {
  let current = id;
  for (;;) {
    const end = await practiseLesson(current, options);
    if ('exitCode' in end) return end.exitCode;
    current = end.next;
  }
}

async function practiseLesson(id: string, options: PracticeOptions): Promise<SessionEnd> {
  // 1. The lesson, its practice data, and the learner's file (copied once, else resumed).
  const lesson = await findLesson(id);
  requirePractice(lesson);
  const dir = resolve(options.dir ?? DEFAULT_PRACTICE_DIR);
  const { path, resumed } = learnerFile(lesson, dir);
  const shown = relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
  const interactive = !options.once && Boolean(process.stdin.isTTY) && typeof process.stdin.setRawMode === 'function';
  const width = terminalWidth();
  const timeoutMs = options.timeout ? options.timeout * 1000 : undefined;
  for (const warning of readProgress().warnings) process.stderr.write(`pitfalls: ${warning}\n`);

  // 2. The task, in a few lines.
  say(renderTask(lesson, { file: shown, resumed, interactive, once: Boolean(options.once) }, width));
  say('');

  // 3. Ctrl-C, SIGTERM and SIGHUP end the session cleanly whatever it is doing: a running check is aborted.
  const session = new AbortController();
  let interruptedCheck = false;
  let stop: (end: SessionEnd) => void = () => {};
  const ended = new Promise<SessionEnd>((resolveEnd) => (stop = resolveEnd));
  let running: { controller: AbortController; done: Promise<void> } | undefined;
  const leave = (end: SessionEnd) => {
    if (session.signal.aborted) return;
    if (running) interruptedCheck = true;
    session.abort();
    running?.controller.abort();
    stop(end);
  };
  const onSignal = () => leave({ exitCode: running ? EXIT.interrupted : EXIT.ok });
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  signals.forEach((s) => process.on(s, onSignal));

  const containment = detectContainment();
  let watcher: { close(): void } | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stdin's listeners take different arguments per event
  const stdinListeners: Array<[string, (...args: any[]) => void]> = [];
  try {
    let checks = 0;
    let lastRun: CheckRun | undefined;
    let lastExitCode: number = EXIT.notAsTaught;
    let pendingSave = false;
    /** Saves before the first check need no check of their own: the first one reads the latest content. */
    let ready = false;
    let failure: unknown;
    const seenHints = new Set<number>();
    let fixture: SideOutcome[] = [];

    const showMatchedHint = (run: CheckRun) => {
      const progress = progressOf(readProgress().lessons, lesson.id);
      const next = nextHint(lesson, progress.hintsUsed, run, seenHints);
      if (next.kind === 'hint' && next.matched) {
        say(renderHint(next, lesson.id, width));
        seenHints.add(next.index);
        updateProgress(lesson.id, (p) => ({ ...p, hintsUsed: Math.max(p.hintsUsed, next.hintsUsed) }));
      } else if (next.kind === 'hint') {
        say(interactive ? `Stuck? Press ${chalk.bold('h')} for a hint.` : `Stuck? \`npx pitfalls hint ${lesson.id}\` gives a hint.`);
      }
    };

    const offerNext = async () => {
      const next = await nextPractisable(lesson);
      const compare = interactive ? `${chalk.bold('s')} compares with the reference fix` : `\`npx pitfalls solution ${lesson.id}\` shows the reference fix`;
      if (next) say(interactive ? `Next: press ${chalk.bold('n')} for ${next.id} (${next.title}); ${compare}.` : `Next: \`npx pitfalls practice ${next.id}\`; ${compare}.`);
      else say(`That was the last lesson to practise; ${compare}. Your progress: \`npx pitfalls progress\`.`);
    };

    const report = async (result: FileCheck, number: number, durationMs: number) => {
      if (result.kind === 'compile-error') {
        lastExitCode = EXIT.notAsTaught;
        say(renderCompileError(result.compilerOutput, { number, file: shown, durationMs }, width));
        return;
      }
      const { run } = result;
      lastRun = run;
      lastExitCode = run.answer === 'fixed' ? EXIT.ok : EXIT.notAsTaught;
      say(renderPracticeCheck(lesson, run, fixture, { number, file: shown, durationMs }, width));
      updateProgress(lesson.id, (p) => ({ ...p, checked: true, fixed: p.fixed || run.answer === 'fixed' }));
      if (run.answer === 'fixed') {
        say(chalk.green.bold(`You fixed ${lesson.id}: the job is done and the pitfall is gone, proven by watching it run.`));
        if (!options.once) await offerNext();
      } else {
        showMatchedHint(run);
      }
    };

    // A save during a check aborts it; the latest content is checked once it has stopped.
    const runCheck = async (): Promise<void> => {
      const controller = new AbortController();
      const done = (async () => {
        if (!existsSync(path)) {
          say(chalk.yellow(`${shown} is gone: waiting for it to be saved again${interactive ? ` (${chalk.bold('r')} puts the broken fixture back)` : ''}.`));
          return;
        }
        // First feedback at once, before the build and the run.
        say(chalk.dim(`checking ${shown}…`));
        const started = performance.now();
        let result: FileCheck;
        try {
          checkSourceFile(path, lesson);
          result = await checkFile(lesson, path, { timeoutMs, signal: controller.signal, containment });
        } catch (error) {
          if (!(error instanceof PitfallsError)) throw error;
          lastExitCode = error.exitCode;
          say(chalk.red(`pitfalls: ${error.message}`));
          return;
        }
        if (controller.signal.aborted) {
          if (!session.signal.aborted) say(chalk.dim('(a newer save came in: this check was stopped, every process of it killed; the newer one follows)'));
          return;
        }
        // Numbered when shown: a check stopped for a newer save is not counted.
        await report(result, ++checks, performance.now() - started);
        if (!options.once) say(chalk.dim(interactive ? KEYS_LINE : `waiting for the next save of ${shown} (closing stdin or Ctrl-C ends)`));
      })();
      running = { controller, done };
      try {
        await done;
      } finally {
        running = undefined;
      }
      if (pendingSave && !session.signal.aborted) {
        pendingSave = false;
        await runCheck();
      }
    };
    const startCheck = () => {
      runCheck().catch((error) => {
        failure = error;
        leave({ exitCode: 70 });
      });
    };
    const onSave = () => {
      if (session.signal.aborted || !ready) return;
      if (running) {
        pendingSave = true;
        running.controller.abort();
        return;
      }
      startCheck();
    };

    // 4. Watch and listen from the start, so no save and no key is missed while the original runs.
    if (!options.once) {
      watcher = watchFile(path, onSave);
      if (interactive) {
        const keys = new KeyHandler(lesson, path, shown, width, () => lastRun, seenHints, leave, onSignal);
        process.stdin.setRawMode(true);
        const onData = (data: Buffer) => keys.press(data.toString('utf8'));
        stdinListeners.push(['data', onData]);
      } else {
        // Without a terminal: plain lines until stdin closes (or a signal).
        stdinListeners.push(['data', () => {}], ['end', () => leave({ exitCode: EXIT.ok })]);
      }
      for (const [event, listener] of stdinListeners) process.stdin.on(event, listener);
      process.stdin.resume();
    }

    // 5. The original program, once, so every check can be shown beside it.
    say(chalk.dim('Running the original program once (contained), to show each check beside it…'));
    const fixtureRun = new AbortController();
    running = { controller: fixtureRun, done: Promise.resolve() };
    session.signal.addEventListener('abort', () => fixtureRun.abort());
    try {
      fixture = await runFixture(lesson, containment, timeoutMs, fixtureRun.signal);
    } finally {
      running = undefined;
    }
    if (session.signal.aborted) {
      const end = await ended;
      say(chalk.dim('Stopped: every process of the run was killed and reaped.'));
      return end;
    }

    // 6. The learner's file, checked right away; then on every save.
    ready = true;
    if (options.once) {
      await runCheck();
      return { exitCode: session.signal.aborted ? EXIT.interrupted : lastExitCode };
    }
    startCheck();

    const end = await ended;
    // Set again by the check under way when the session ended (the narrowing above cannot see that).
    await (running as { done: Promise<void> } | undefined)?.done;
    if (failure) throw failure;
    if (interruptedCheck) say(chalk.dim('The running check was stopped: every process of it was killed and reaped.'));
    return end;
  } finally {
    watcher?.close();
    signals.forEach((s) => process.off(s, onSignal));
    for (const [event, listener] of stdinListeners) process.stdin.off(event, listener);
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

/** The keys of a session in a terminal; a question (y/N) takes the next key as its answer. */
class KeyHandler {
  private question: { ask: string; yes: () => void } | undefined;

  constructor(
    private readonly lesson: Lesson,
    private readonly path: string,
    private readonly shown: string,
    private readonly width: number,
    private readonly lastRun: () => CheckRun | undefined,
    private readonly seenHints: Set<number>,
    private readonly leave: (end: SessionEnd) => void,
    /** Ctrl-C: as the signal would (a running check aborted: exit 130). */
    private readonly interrupt: () => void,
  ) {}

  press(keys: string): void {
    for (const key of keys) this.one(key);
  }

  private one(key: string): void {
    // Ctrl-C and Ctrl-D leave whatever is asked.
    if (key === '\x03') return this.interrupt();
    if (key === '\x04') return this.leave({ exitCode: EXIT.ok });
    if (this.question) {
      const { yes } = this.question;
      this.question = undefined;
      if (key.toLowerCase() === 'y') yes();
      else say('Not now.');
      return;
    }
    switch (key.toLowerCase()) {
      case 'h':
        return this.hint();
      case 's':
        return this.solution();
      case 'r':
        return this.ask(`Put the broken fixture back in ${this.shown}? Your changes there are lost. [y/N]`, () => {
          copyFileSync(this.lesson.fixturePath, this.path);
          say(`${this.shown} is the broken fixture again: it is checked now.`);
        });
      case 'n':
        void nextPractisable(this.lesson).then((next) => {
          if (next) this.leave({ next: next.id });
          else say(`${this.lesson.id} is the last lesson to practise. Your progress: \`npx pitfalls progress\`.`);
        });
        return;
      case 'q':
        return this.leave({ exitCode: EXIT.ok });
      case '\r':
      case '\n':
        return;
      default:
        say(chalk.dim(KEYS_LINE));
    }
  }

  private ask(question: string, yes: () => void): void {
    this.question = { ask: question, yes };
    say(question);
  }

  private hint(): void {
    const progress = progressOf(readProgress().lessons, this.lesson.id);
    const next = nextHint(this.lesson, progress.hintsUsed, this.lastRun(), this.seenHints);
    say(renderHint(next, this.lesson.id, this.width).replace(/`npx pitfalls solution [^`]+`/, `press ${chalk.bold('s')}`));
    if (next.kind === 'hint') {
      this.seenHints.add(next.index);
      updateProgress(this.lesson.id, (p) => ({ ...p, hintsUsed: Math.max(p.hintsUsed, next.hintsUsed) }));
    }
  }

  private solution(): void {
    const show = () => {
      const solutionPath = this.lesson.solutionPath!;
      say(renderSolution(this.lesson, readFileSync(this.lesson.fixturePath, 'utf8'), readFileSync(solutionPath, 'utf8'), basename(solutionPath)));
    };
    if (progressOf(readProgress().lessons, this.lesson.id).fixed) show();
    else this.ask('You have not fixed it yet: trying first teaches more. Show the reference fix anyway? [y/N]', show);
  }
}
