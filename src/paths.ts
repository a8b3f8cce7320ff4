// Where things are: the package's own folders, and the per-user cache.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is dist/src/paths.js once built. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(packageRoot, 'fixtures');
export const nativeDir = join(packageRoot, 'native');
/** Built lessons (lesson.js and the twins) live beside the built sources. */
export const builtLessonsDir = join(packageRoot, 'dist', 'lessons');
/** Lesson sources, for `pitfalls show`. */
export const lessonSourcesDir = join(packageRoot, 'lessons');

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'pitfalls');
}
