// `pitfalls` with no arguments, in a terminal: the lessons with their progress marks; choose one,
// then what to do with it (run, practise, hint, reset). After each action the menu comes back.
// Esc leaves (exit 0) or goes back to the lessons; Ctrl-C leaves at once (exit 130).
import chalk from 'chalk';
import { EXIT, PitfallsError } from '../errors.js';
import { padTo } from '../render/text.js';
import { courseRows, markOf, nextRow, progressBar, statusOf, type CourseRow } from './progress.js';

type Action = 'run' | 'practise' | 'hint' | 'reset' | 'back' | 'quit';

/** A command of another module taking a lesson id, e.g. practice(id, {}) and hint(id, {}). */
type LessonCommand = (id: string, options: Record<string, never>) => Promise<number>;

/** practice and hint are loaded by name: a build without them still has a working menu. */
async function loadLessonCommand(name: 'practice' | 'hint'): Promise<LessonCommand | undefined> {
  try {
    const module = (await import(`./${name}.js`)) as Record<string, unknown>;
    return typeof module[name] === 'function' ? (module[name] as LessonCommand) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`${name}.js`)) return undefined;
    throw error;
  }
}

/** Whether Ctrl-C (not Esc) ended a prompt: clack answers both with its cancel symbol. */
function watchForCtrlC(): { pressed: () => boolean; stop: () => void } {
  let pressed = false;
  const onKey = (_text: string | undefined, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (key?.ctrl && key.name === 'c') pressed = true;
  };
  process.stdin.on('keypress', onKey);
  return { pressed: () => pressed, stop: () => process.stdin.off('keypress', onKey) };
}

function lessonLabel(row: CourseRow, idWidth: number): string {
  return `${markOf(row)} ${padTo(row.lesson.id, idWidth)}${chalk.dim(statusOf(row))}`;
}

export async function menu(): Promise<number> {
  const prompts = await import('@clack/prompts');
  prompts.intro(chalk.bold('pitfalls: the classic multiprocessing pitfalls, live and contained'));
  let chosen: string | undefined;
  for (;;) {
    // 1. The lessons, with their marks, the next one chosen already.
    const rows = await courseRows();
    const idWidth = Math.max(...rows.map((r) => r.lesson.id.length)) + 2;
    prompts.log.message(progressBar(rows));
    const lessonKeys = watchForCtrlC();
    const id = await prompts
      .select<string>({
        message: 'Choose a lesson (↑/↓ and Enter; Esc leaves)',
        // The title comes with the lesson's actions: beside the list it would wrap at 80 columns.
        options: [...rows.map((row) => ({ value: row.lesson.id, label: lessonLabel(row, idWidth) })), { value: '', label: 'Quit' }],
        // Scrolls rather than pushing the header off a 24-row screen.
        maxItems: Math.max(5, (process.stdout.rows || 24) - 9),
        initialValue: chosen ?? nextRow(rows)?.lesson.id ?? rows[0]?.lesson.id,
      })
      .finally(lessonKeys.stop);
    if (prompts.isCancel(id) || id === '') return leave(prompts, lessonKeys.pressed());
    chosen = id;
    const row = rows.find((r) => r.lesson.id === id)!;

    // 2. What to do with it.
    const actionKeys = watchForCtrlC();
    const action = await prompts
      .select<Action>({
        message: `${id}: ${row.lesson.title}`,
        options: [
          { value: 'run', label: 'Run it', hint: 'watch the broken C and the safe TypeScript, side by side' },
          { value: 'practise', label: 'Practise', hint: row.practisable ? 'fix the broken C yourself; it is checked on every save' : 'this lesson has nothing to fix' },
          { value: 'hint', label: 'Hint', hint: 'the next hint for your fix' },
          { value: 'reset', label: 'Reset', hint: 'forget its progress; put your practice file back' },
          { value: 'back', label: 'Back to the lessons' },
          { value: 'quit', label: 'Quit' },
        ],
        initialValue: row.progress.ran && row.practisable ? 'practise' : 'run',
      })
      .finally(actionKeys.stop);
    if (prompts.isCancel(action)) {
      if (actionKeys.pressed()) return leave(prompts, true);
      continue;
    }
    if (action === 'quit') return leave(prompts, false);
    if (action === 'back') continue;

    // 3. Do it, then come back to the menu; a failure is told, not fatal.
    try {
      await perform(action, id, prompts);
    } catch (error) {
      if (!(error instanceof PitfallsError)) throw error;
      if (error.compilerOutput) console.error(error.compilerOutput);
      if (error.exitCode === EXIT.interrupted) prompts.log.warn('Stopped. Back to the menu.');
      else prompts.log.error(error.message);
    }
  }
}

async function perform(action: 'run' | 'practise' | 'hint' | 'reset', id: string, prompts: typeof import('@clack/prompts')): Promise<void> {
  switch (action) {
    case 'run':
      await (await import('./run.js')).run([id], {});
      return;
    case 'practise':
    case 'hint': {
      const name = action === 'practise' ? 'practice' : 'hint';
      const command = await loadLessonCommand(name);
      if (!command) {
        prompts.log.warn(`This build of pitfalls has no \`${name}\` command yet. Run the lesson instead, or update pitfalls.`);
        return;
      }
      await command(id, {});
      return;
    }
    case 'reset': {
      const confirm = async (question: string) => {
        const answer = await prompts.confirm({ message: question, initialValue: false });
        return answer === true;
      };
      await (await import('./reset.js')).reset(id, { confirm });
      return;
    }
  }
}

function leave(prompts: typeof import('@clack/prompts'), byCtrlC: boolean): number {
  prompts.outro(`Your progress is kept. ${chalk.cyan('npx pitfalls')} brings you back here; ${chalk.cyan('npx pitfalls progress')} shows it.`);
  return byCtrlC ? EXIT.interrupted : EXIT.ok;
}
