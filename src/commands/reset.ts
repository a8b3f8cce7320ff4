// `pitfalls reset <lesson>|--all`: forget a lesson's progress and put its practice file back as the
// broken original. It asks first: a learner's edits and progress are theirs.
import { copyFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { extname, relative, resolve } from 'node:path';
import { findLesson, loadCatalog } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { progressOf, readProgress, resetProgress, warnOnce, type LessonProgress } from '../practice/progress.js';

/** Where `practice` puts the learner's copies, unless --dir says otherwise. */
export const DEFAULT_PRACTICE_DIR = 'pitfalls-practice';

export interface ResetCommandOptions {
  all?: boolean;
  /** Answer yes to every question: progress and practice files alike. */
  yes?: boolean;
  /** The folder of the practice files (default ./pitfalls-practice). */
  dir?: string;
  /** Asks a yes/no question; the menu passes its own. Default: a y/N line in the terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

/** The learner's copy of a lesson's program: <dir>/<lesson>.c (or .cc). */
export function practiceFilePath(lesson: Lesson, dir: string = DEFAULT_PRACTICE_DIR): string {
  return resolve(dir, `${lesson.id}${extname(lesson.fixturePath)}`);
}

/** A y/N question on the terminal: only y or yes is yes; Ctrl-C stops, Ctrl-D is no. */
function askInTerminal(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise<boolean>((resolveAnswer, reject) => {
    terminal.on('SIGINT', () => {
      process.stdout.write('\n');
      reject(new PitfallsError('Interrupted: nothing more was changed.', EXIT.interrupted));
      terminal.close();
    });
    terminal.on('close', () => resolveAnswer(false));
    terminal.question(`${question} [y/N] `, (answer) => {
      // Answered before closing: closing alone (Ctrl-D) is a no.
      resolveAnswer(/^\s*y(es)?\s*$/i.test(answer));
      terminal.close();
    });
  });
}

function describe(p: LessonProgress): string {
  const parts = [p.fixed ? 'fixed' : p.checked ? 'tried' : '', p.ran ? 'watched' : '', p.hintsUsed > 0 ? `${p.hintsUsed} hint${p.hintsUsed === 1 ? '' : 's'} seen` : ''].filter(Boolean);
  return parts.join(', ');
}

function hasProgress(p: LessonProgress): boolean {
  return p.ran || p.checked || p.fixed || p.hintsUsed > 0;
}

export async function reset(id: string | undefined, options: ResetCommandOptions): Promise<number> {
  // 1. Which lessons (unknown ids and a bad command line fail here, before anything changes).
  if (options.all && id !== undefined) throw usageError('Give a lesson or --all, not both. Try `npx pitfalls reset fork-bomb` or `npx pitfalls reset --all`.');
  if (!options.all && id === undefined) throw usageError('Which lesson? Try `npx pitfalls reset fork-bomb`, or `npx pitfalls reset --all` for every lesson.');
  const lessons = options.all ? await loadCatalog() : [await findLesson(id!)];
  const dir = options.dir ?? DEFAULT_PRACTICE_DIR;

  // 2. What there is to reset: recorded progress, and practice files in the folder.
  const { lessons: saved, warnings } = readProgress();
  warnings.forEach(warnOnce);
  const withProgress = lessons.filter((l) => hasProgress(progressOf(saved, l.id)));
  const files = lessons.map((lesson) => ({ lesson, file: practiceFilePath(lesson, dir) })).filter(({ file }) => existsSync(file));
  // Paths under the current folder as typed there; others in full.
  const shown = (file: string) => {
    const path = relative(process.cwd(), file);
    return path && !path.startsWith('..') ? path : file;
  };
  const what = options.all ? 'any lesson' : lessons[0].id;
  if (withProgress.length === 0 && files.length === 0) {
    console.log(`Nothing to reset: no progress recorded for ${what}, and no practice file in ${shown(resolve(dir))}/.`);
    return EXIT.ok;
  }

  // 3. Ask first, in a terminal; without one, only --yes may go ahead.
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!options.yes && !options.confirm && !interactive) {
    throw usageError(`reset asks before it forgets progress or overwrites your file, and there is no terminal to ask in. Add --yes to go ahead: \`npx pitfalls reset ${options.all ? '--all' : lessons[0].id} --yes\`.`);
  }
  const confirm = options.yes ? async () => true : (options.confirm ?? askInTerminal);
  let changed = 0;

  // 4. The progress.
  if (withProgress.length > 0) {
    const question = options.all
      ? `Forget your progress on ${withProgress.length === 1 ? withProgress[0].id : `all ${withProgress.length} lessons you started`}?`
      : `Forget your progress on ${lessons[0].id} (${describe(progressOf(saved, lessons[0].id))})?`;
    if (await confirm(question)) {
      try {
        resetProgress(options.all ? undefined : lessons[0].id);
      } catch (error) {
        throw new PitfallsError(`${(error as Error).message}. Check that you can write that folder, then run reset again.`, EXIT.environment);
      }
      console.log(`Progress forgotten: ${options.all ? withProgress.map((l) => l.id).join(', ') : lessons[0].id}.`);
      changed++;
    }
  }

  // 5. The practice files, put back as the broken originals.
  if (files.length > 0) {
    const question =
      files.length === 1
        ? `Put ${shown(files[0].file)} back as the broken original? Your edits in it are lost.`
        : `Put the ${files.length} practice files in ${shown(resolve(dir))}/ back as the broken originals? Your edits in them are lost.`;
    if (await confirm(question)) {
      for (const { lesson, file } of files) copyFileSync(lesson.fixturePath, file);
      console.log(`Restored: ${files.map(({ file }) => shown(file)).join(', ')}.`);
      changed++;
    }
  }
  if (changed === 0) console.log('Nothing changed.');
  else {
    const first = options.all ? (lessons.find((l) => l.practice) ?? lessons[0]) : lessons[0];
    console.log(`Start again: ${first.practice ? `npx pitfalls practice ${first.id}` : `npx pitfalls run ${first.id}`}`);
  }
  return EXIT.ok;
}

