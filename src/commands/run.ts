// `pitfalls run`: compile, run both sides under containment, judge, narrate.
import ora, { type Ora } from 'ora';
import { findLesson, loadCatalog } from '../catalog.js';
import { EXIT, usageError } from '../errors.js';
import type { Keystroke, Lesson } from '../lesson.js';
import { updateProgress } from '../practice/progress.js';
import { outcomesJson } from '../render/json.js';
import { renderOutcome } from '../render/outcome.js';
import { terminalWidth } from '../render/text.js';
import { detectContainment } from '../runner/containment.js';
import type { SideSpec } from '../runner/launch.js';
import type { LessonOutcome } from '../runner/outcome.js';
import { runLesson } from '../runner/run-lesson.js';

export interface RunCommandOptions {
  all?: boolean;
  json?: boolean;
  /** Seconds, already validated. */
  timeout?: number;
}

/** Ctrl-C, SIGTERM or SIGHUP to pitfalls: stop the runs (the supervisors kill and reap), then exit. */
function stopOnSignals(controller: AbortController): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = () => controller.abort();
  signals.forEach((s) => process.on(s, onSignal));
  return () => signals.forEach((s) => process.off(s, onSignal));
}

const KEY_NAMES: Record<string, string> = { '\x03': 'Ctrl-C', '\x1c': 'Ctrl-\\', '\x1a': 'Ctrl-Z' };
const INVITATION_MS = 15_000;

/**
 * In a terminal, the learner presses the key (Ctrl-C) and it travels the real path: into the
 * lesson's own terminal, whose line discipline signals the program's foreground process group.
 * Nobody pressing it within 15 s, pitfalls types it.
 */
function inviteKeystroke(spinner: Ora | undefined, keystroke: Keystroke, type: () => void): void {
  const name = KEY_NAMES[keystroke.data] ?? JSON.stringify(keystroke.data);
  const stdin = process.stdin;
  spinner?.stop();
  console.log(`\n  ▶ The program is ready. Press ${name} now: it goes to the program's terminal, which signals the program.`);
  console.log(`    (Nothing pressed within ${INVITATION_MS / 1000} s, and pitfalls presses it for you.)`);
  let done = false;
  const finish = (byHand: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
    type();
    console.log(byHand ? `  ${name} pressed: sent into the program's terminal.` : `  ${name} typed by pitfalls.`);
    spinner?.start();
  };
  const onData = (data: Buffer) => {
    if (data.toString('latin1').includes(keystroke.data)) finish(true);
  };
  const timer = setTimeout(() => finish(false), INVITATION_MS);
  // Raw mode: the key reaches us as a byte instead of signalling pitfalls itself.
  stdin.setRawMode(true);
  stdin.resume();
  stdin.on('data', onData);
}

function spinnerFor(spec: SideSpec, json: boolean): Ora | undefined {
  if (json) return undefined;
  const what = spec.side === 'broken' ? `broken side: ${spec.label}` : `safe twin: ${spec.label}`;
  return ora({ text: `running ${what}`, discardStdin: false }).start();
}

export async function run(ids: string[], options: RunCommandOptions): Promise<number> {
  // 1. Resolve the lessons (unknown ids fail here, before anything runs).
  if (options.all && ids.length > 0) throw usageError('Give lesson names or --all, not both. Try `npx pitfalls run fork-bomb` or `npx pitfalls run --all`.');
  if (!options.all && ids.length === 0) throw usageError('Which lesson? Try `npx pitfalls run fork-bomb`, or `npx pitfalls list` to see them all.');
  const lessons: Lesson[] = options.all ? await loadCatalog() : await Promise.all(ids.map(findLesson));
  const containment = detectContainment();

  // 2. Run each lesson, with a spinner per side, stopping cleanly on Ctrl-C.
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const outcomes: LessonOutcome[] = [];
  const width = terminalWidth();
  try {
    for (const lesson of lessons) {
      let spinner: Ora | undefined;
      const interactive = !options.json && Boolean(process.stdin.isTTY && process.stdout.isTTY);
      const outcome = await runLesson(lesson, {
        timeoutMs: options.timeout ? options.timeout * 1000 : undefined,
        keystrokeGraceMs: interactive ? INVITATION_MS : 0,
        signal: controller.signal,
        onSideStart: (spec) => {
          spinner?.stop();
          spinner = spinnerFor(spec, Boolean(options.json));
          const started = Date.now();
          return {
            onKeystrokeDue: interactive ? (keystroke, type) => inviteKeystroke(spinner, keystroke, type) : undefined,
            onSample: (sample) => {
              if (spinner?.isSpinning) spinner.text = `running ${spec.side === 'broken' ? 'broken side' : 'safe twin'}: ${spec.label} · ${((Date.now() - started) / 1000).toFixed(1)} s · ${sample.processes.length} process${sample.processes.length === 1 ? '' : 'es'}`;
            },
          };
        },
      }).finally(() => spinner?.stop());
      outcomes.push(outcome);
      // Progress: this lesson was watched (whatever it showed this run).
      updateProgress(lesson.id, (p) => ({ ...p, ran: true }));
      // 3. Narrate each lesson as soon as it is judged.
      if (!options.json) console.log(`${renderOutcome(outcome, lesson, width)}\n`);
    }
  } finally {
    release();
  }

  // 4. Exit code: 0 when every lesson behaved as taught, 1 otherwise.
  const exitCode = outcomes.every((o) => o.asTaught) ? EXIT.ok : EXIT.notAsTaught;
  if (options.json) console.log(JSON.stringify(outcomesJson(outcomes, containment, exitCode), null, 2));
  return exitCode;
}
