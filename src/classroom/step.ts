// `run <lesson> --step` (and `--predict`): the run in phases, one screen each, paused between them: the program
// with its PITFALL: lines, [the prediction asked,] each side live, the verdict, [the prediction revealed,] why,
// the rule. Enter or Space goes on, b shows the previous phase again, q stops: the run's signal is aborted and
// the runner kills and reaps everything. The same runLesson and judge as `run`; only the pauses are new.
import chalk from 'chalk';
import type { Lesson, Question } from '../lesson.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import { loadCatalog } from '../catalog.js';
import { updateProgress } from '../practice/progress.js';
import { outcomesJson } from '../render/json.js';
import { phaseTitle, programLines, promptLine, questionLines, revealLines, ruleLines, sideLines, verdictLines, whyLines } from '../render/phases.js';
import { terminalWidth } from '../render/text.js';
import { detectContainment } from '../runner/containment.js';
import type { SideSpec } from '../runner/launch.js';
import type { LessonOutcome } from '../runner/outcome.js';
import { runLesson } from '../runner/run-lesson.js';
import { resolveLesson, stopOnSignals } from '../commands/common.js';
import { INVITATION_MS, KeyInput, SideWatch } from '../commands/watch-side.js';
import { choiceForKey, reveal } from './predict.js';
import { Recording } from './record.js';

export interface StepOptions {
  /** Seconds, already validated. */
  timeout?: number;
  /** Ask the lesson's question before the run and compare the answer with what the run observed. */
  predict?: boolean;
  /** Record the session as an asciicast file (and the outcome as JSON beside it). */
  record?: string;
}

const CLEAR = '\x1b[H\x1b[2J';
const INTERRUPTED = 'Interrupted: every process of the run was killed and reaped.';

type Key = 'next' | 'back' | 'quit';

/**
 * The keyboard for the whole session, raw: at a pause a key answers it; while a side runs, q or Ctrl-C stops
 * the run, except on a side that waits for the lesson's own key (the invitation takes the keys then).
 */
class StepKeys {
  private waiting: ((key: string) => void) | undefined;
  private isListening = false;
  /** A side is running: 'stop' when q stops it, 'lesson' when its invitation reads the keys. */
  live: 'stop' | 'lesson' | undefined;
  /**
   * The lesson's own key is Ctrl-C: at a pause it is left to the lesson's key input, which stops the run unless it
   * is the second press of a key just sent (a double press); q still quits.
   */
  isCtrlCTheLessons = false;

  constructor(
    private readonly stop: () => void,
    private readonly signal: AbortSignal,
  ) {}

  private readonly onData = (data: Buffer) => {
    for (const key of data.toString('latin1')) {
      if (this.waiting) {
        const answer = this.waiting;
        this.waiting = undefined;
        answer(key);
      } else if (this.live === 'stop' && (key === 'q' || key === 'Q' || key === '\x03')) this.stop();
    }
  };

  /** Raw keys from now on (the lesson's key input may have let the terminal go at the end of a side). */
  listen(): void {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    if (this.isListening) return;
    this.isListening = true;
    process.stdin.on('data', this.onData);
  }

  /** The next key pressed; 'q' when the run is stopped meanwhile (a signal, the lesson's Ctrl-C). */
  key(): Promise<string> {
    if (this.signal.aborted) return Promise.resolve('q');
    this.listen();
    return new Promise((resolve) => {
      const onAbort = () => resolve('q');
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = (key) => {
        this.signal.removeEventListener('abort', onAbort);
        resolve(key);
      };
    });
  }

  /** Whether the key stops the session: q, or Ctrl-C unless it is the lesson's own key. */
  isQuit(key: string): boolean {
    return key === 'q' || key === 'Q' || (key === '\x03' && !this.isCtrlCTheLessons);
  }

  /** Enter or Space, b, or q (Ctrl-C too); other keys are ignored. */
  async move(): Promise<Key> {
    for (;;) {
      const key = await this.key();
      if (key === '\r' || key === '\n' || key === ' ') return 'next';
      if (key === 'b' || key === 'B') return 'back';
      if (this.isQuit(key)) return 'quit';
    }
  }

  /** The terminal as it was. */
  end(): void {
    this.waiting = undefined;
    if (!this.isListening) return;
    this.isListening = false;
    process.stdin.off('data', this.onData);
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

interface Screen {
  title: string;
  lines: string[];
}

/** The phases shown so far, each a screen: b walks back through them, Enter forward again, then on. */
class Phases {
  private readonly shown: Screen[] = [];
  private index = 0;

  constructor(
    private readonly keys: StepKeys,
    private readonly total: number,
    private readonly lesson: Lesson,
    private readonly recording: Recording | undefined,
  ) {}

  get width(): number {
    return terminalWidth();
  }

  /** The rows a phase's text may take: the terminal's, less the title, the prompt and a blank line each. */
  get rows(): number {
    return Math.max(8, (process.stdout.rows || 24) - 4);
  }

  /** A new phase starts: its title on a clear screen, and a marker in the recording. */
  begin(name: string): void {
    this.index = this.shown.length;
    this.shown.push({ title: phaseTitle(this.index + 1, this.total, name, this.lesson, this.width), lines: [] });
    this.recording?.mark(`${this.index + 1}. ${name}`);
    process.stdout.write(`${CLEAR}${this.shown[this.index].title}\n\n`);
  }

  private draw(i: number, prompt: string): void {
    const screen = this.shown[i];
    process.stdout.write(`${CLEAR}${screen.title}\n\n${screen.lines.join('\n')}\n\n${prompt}`);
  }

  /** The phase begun last ends with `lines`; then Enter goes on, b back, q quits. */
  async pause(lines: string[], options: { isLast?: boolean; next?: string } = {}): Promise<'next' | 'quit'> {
    const latest = this.shown.length - 1;
    this.shown[latest].lines = lines;
    let i = latest;
    for (;;) {
      this.draw(i, promptLine(this.width, { canGoBack: i > 0, isLast: i === latest && Boolean(options.isLast), next: i === latest ? options.next : undefined }));
      const move = await this.keys.move();
      if (move === 'quit') return 'quit';
      if (move === 'back') i = Math.max(0, i - 1);
      else if (i < latest) i++;
      else return 'next';
    }
  }

  /** The phase begun last is a question, answered with the key of a choice (b still goes back, q quits). */
  async ask(question: Question): Promise<number | 'quit'> {
    const latest = this.shown.length - 1;
    this.shown[latest].lines = questionLines(question, this.width);
    let i = latest;
    for (;;) {
      this.draw(i, promptLine(this.width, { canGoBack: i > 0, answer: i === latest ? `1-${question.choices.length}` : undefined }));
      const key = await this.keys.key();
      if (this.keys.isQuit(key)) return 'quit';
      if (key === 'b' || key === 'B') i = Math.max(0, i - 1);
      else if (i < latest && (key === '\r' || key === ' ')) i++;
      else if (i === latest) {
        const picked = choiceForKey(key, question.choices);
        if (picked === undefined) continue;
        // Seen again (b), the question shows the answer given.
        this.shown[latest].lines = questionLines(question, this.width, picked);
        return picked;
      }
    }
  }
}

/** Why --step cannot run here, or undefined when it can: it needs a person at a terminal. */
function notInteractive(): string | undefined {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return 'there is no terminal to read your keys from';
  if (process.env.CI) return 'CI is set, and CI never waits for a key';
  return undefined;
}

/** One lesson, phase by phase: its outcome once it ran, and whether q stopped the session. */
async function stepLesson(lesson: Lesson, options: StepOptions, keys: StepKeys, controller: AbortController, recording: Recording | undefined, nextLesson?: string): Promise<{ outcome?: LessonOutcome; quit: boolean }> {
  const quit = { quit: true };
  const builds = lesson.broken.builds?.length ?? 1;
  const question = options.predict ? lesson.question : undefined;
  const total = 1 + (question ? 1 : 0) + builds + 1 + 1 + (question ? 1 : 0) + 2;
  const phases = new Phases(keys, total, lesson, recording);
  keys.isCtrlCTheLessons = [lesson.broken.keystrokes, lesson.safe.keystrokes].some((k) => k?.some((stroke) => stroke.data === '\x03'));

  // 1. The program, its PITFALL: lines marked; 2. with --predict, the question, answered with one key.
  phases.begin('The program');
  if ((await phases.pause(programLines(lesson, phases.width, phases.rows), { next: question ? 'predict' : 'run it' })) === 'quit') return quit;
  let picked: number | undefined;
  if (question) {
    phases.begin('Predict');
    const answer = await phases.ask(question);
    if (answer === 'quit') return quit;
    picked = answer;
  }

  // 3. Each side live, then as it ended; the next side starts only when the learner goes on.
  const interactive = new KeyInput(() => controller.abort());
  let watch: SideWatch | undefined;
  let index = 0;
  const many = builds > 1;
  // The live view moves the cursor: as `run` draws it, only where the terminal can and escapes are welcome.
  const live = process.env.TERM !== 'dumb' && chalk.level > 0;
  const startSide = (spec: SideSpec) => {
    const name = spec.side === 'safe' ? 'The safe twin, live' : many ? `The broken side, live (${spec.label.replace(/^\S+ \((.+)\)$/, '$1')})` : 'The broken side, live';
    phases.begin(name);
  };
  let outcome: LessonOutcome;
  try {
    outcome = await runLesson(lesson, {
      timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
      keystrokeGraceMs: INVITATION_MS,
      signal: controller.signal,
      beforeSide: async (spec, done) => {
        watch?.end();
        keys.live = undefined;
        const last = done.at(-1);
        if (last && (await phases.pause(sideLines(last, lesson, phases.width, phases.rows, many), { next: 'run the next side' })) === 'quit') {
          controller.abort();
          return;
        }
        startSide(spec);
      },
      onSideStart: (spec) => {
        keys.listen();
        keys.live = spec.keystrokes ? 'lesson' : 'stop';
        watch = new SideWatch(spec, { index: ++index, total: builds + 1 }, { live, keys: interactive, quiet: false });
        return watch.hooks();
      },
    });
  } catch (error) {
    if (controller.signal.aborted) throw new PitfallsError(INTERRUPTED, EXIT.interrupted);
    throw error;
  } finally {
    watch?.end();
    interactive.stop();
    keys.live = undefined;
  }
  updateProgress(lesson.id, (p) => ({ ...p, ran: true }));
  const ran = { outcome, quit: true };
  if ((await phases.pause(sideLines(outcome.safe, lesson, phases.width, phases.rows, many), { next: 'the verdict' })) === 'quit') return ran;

  // 4. The verdict; with --predict, the answer beside what this run observed; why; the rule.
  phases.begin('The verdict');
  if ((await phases.pause(verdictLines(outcome, phases.width), { next: question ? 'your prediction' : 'why' })) === 'quit') return ran;
  if (question && picked !== undefined) {
    phases.begin('Your prediction');
    if ((await phases.pause(revealLines(reveal(question, picked, outcome, lesson), phases.width), { next: 'why' })) === 'quit') return ran;
  }
  phases.begin('Why');
  if ((await phases.pause(whyLines(outcome, lesson, phases.width, phases.rows), { next: 'the rule' })) === 'quit') return ran;
  phases.begin('The rule');
  if ((await phases.pause(ruleLines(lesson, phases.width, phases.rows), nextLesson ? { next: nextLesson } : { isLast: true })) === 'quit') return ran;
  return { outcome, quit: false };
}

export async function runStepped(ids: string[], options: StepOptions): Promise<number> {
  // 1. A person at a terminal, and lessons that can be stepped (with --predict, that have a question).
  const why = notInteractive();
  if (why) throw usageError(`--step and --predict wait for your keys, but ${why}. Run it straight through instead: \`npx pitfalls run ${ids[0] ?? 'fork-bomb'}\`.`);
  if (ids.length === 0) throw usageError('Which lesson? e.g. `npx pitfalls run sigchld-count --step`.');
  const lessons = await Promise.all(ids.map(resolveLesson));
  const unasked = lessons.filter((l) => options.predict && !l.question);
  if (unasked.length > 0) {
    const asked = (await loadCatalog()).filter((l) => l.question).map((l) => l.id);
    throw usageError(`${unasked.map((l) => l.id).join(', ')} ha${unasked.length === 1 ? 's' : 've'} no question to predict. Lessons with one: ${asked.join(', ')}; e.g. \`npx pitfalls run ${asked[0] ?? 'sigchld-count'} --predict\`.`);
  }
  const containment = detectContainment();
  const recording = options.record ? Recording.start(options.record, { title: `pitfalls run ${ids.join(' ')} ${options.predict ? '--predict' : '--step'}`, width: terminalWidth(), height: process.stdout.rows || 24 }) : undefined;

  // 2. Each lesson phase by phase; q or a signal aborts the run, and the runner kills and reaps what it started.
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const keys = new StepKeys(() => controller.abort(), controller.signal);
  const outcomes: LessonOutcome[] = [];
  let quit = false;
  try {
    for (const [i, lesson] of lessons.entries()) {
      const stepped = await stepLesson(lesson, options, keys, controller, recording, lessons[i + 1]?.id);
      if (stepped.outcome) outcomes.push(stepped.outcome);
      if (stepped.quit) {
        quit = true;
        break;
      }
    }
  } finally {
    keys.end();
    release();
    process.stdout.write('\n');
    recording?.stop();
  }

  // 3. The exit code as `run` gives it; q before the last lesson ran is an interruption.
  if (quit && outcomes.length < lessons.length) throw new PitfallsError(`Stopped ${outcomes.length === 0 ? 'before the run: nothing ran' : `before ${lessons[outcomes.length].id} ran`}.`, EXIT.interrupted);
  const exitCode = outcomes.every((o) => o.asTaught) ? EXIT.ok : EXIT.notAsTaught;
  recording?.saveOutcome(outcomesJson(outcomes, containment, exitCode));
  return exitCode;
}
