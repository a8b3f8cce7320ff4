// Where things are: the package's own folders, and the per-user cache.
import { mkdirSync } from 'node:fs';
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

/** Cache folders are the user's own: nobody else may read or plant binaries in them. */
export const CACHE_DIR_MODE = 0o700;

/** Where compiled binaries (and the record of each) are kept. */
export function binaryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'bin');
}

/**
 * Creates `dir` and any missing parent with mode 0700 (less the umask) and returns it. A folder that
 * already exists keeps its mode: it may be shared on purpose (XDG_CACHE_HOME set by an admin).
 */
export function makePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: CACHE_DIR_MODE });
  return dir;
}
