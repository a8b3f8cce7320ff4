// `--lessons DIR`: the global option equivalent to PITFALLS_LESSONS=DIR, for list, run, practice, check and the rest.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';

/** Puts `dir` (made absolute) first in PITFALLS_LESSONS, which the catalogue reads; a missing folder is a usage error. */
export function addLessonsFolder(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const absolute = resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw usageError(`--lessons ${dir}: there is no folder ${absolute}. Give the folder that holds your lesson folders, e.g. \`npx pitfalls --lessons ~/my-lessons list\` (\`npx pitfalls dev new my-lesson --dir ~/my-lessons\` starts one).`);
  }
  env.PITFALLS_LESSONS = [absolute, ...(env.PITFALLS_LESSONS ?? '').split(':').filter(Boolean)].join(':');
  return absolute;
}
