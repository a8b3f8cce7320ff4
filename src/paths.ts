// Where things are: the package's own folders, and the per-user cache.
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
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

const isRoot = () => process.geteuid?.() === 0;

/**
 * The cache folder asked for: $XDG_CACHE_HOME/pitfalls, else ~/.cache/pitfalls. As root, home is root's
 * own from the user database, never $HOME (which `sudo -E` keeps from the user who typed it).
 */
function requestedCacheDir(env: NodeJS.ProcessEnv): string {
  const home = isRoot() ? userInfo().homedir : homedir();
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'pitfalls');
}

/** Where root keeps the cache when the folder asked for is not one it may trust. */
export const SYSTEM_CACHE_DIR = '/var/cache/pitfalls';

/**
 * Why root may not keep binaries it runs under `path`, or undefined when it may: every component that
 * exists must be owned by root, not writable by its group or others (a sticky folder such as /tmp
 * aside: nobody else can rename what root puts there), and a symbolic link only root's own, whose
 * target passes the same test. What does not exist yet is made by root, 0700.
 */
export function untrustedBecause(path: string, depth = 0): string | undefined {
  let at = '/';
  for (const part of ['', ...resolve(path).split('/').filter(Boolean)]) {
    at = part ? join(at, part) : '/';
    let stat;
    try {
      stat = lstatSync(at);
    } catch {
      return undefined;
    }
    if (stat.isSymbolicLink()) {
      if (stat.uid !== 0) return `${at} is a symbolic link owned by uid ${stat.uid}`;
      if (depth > 8) return `${at} is a chain of symbolic links too long to follow`;
      const why = untrustedBecause(realpathSync(at), depth + 1);
      if (why) return why;
      continue;
    }
    if (stat.uid !== 0) return `${at} is owned by uid ${stat.uid}, not root`;
    if ((stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0) return `${at} is writable by ${(stat.mode & 0o002) !== 0 ? 'everyone' : 'its group'}`;
  }
  return undefined;
}

/** The cache folder used, and, as root, the one asked for when it was refused (for `doctor`). */
export function cacheDirChoice(env: NodeJS.ProcessEnv = process.env): { dir: string; refused?: { dir: string; because: string } } {
  const requested = requestedCacheDir(env);
  if (!isRoot()) return { dir: requested };
  const because = untrustedBecause(requested);
  if (!because) return { dir: requested };
  return { dir: SYSTEM_CACHE_DIR, refused: { dir: requested, because } };
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDirChoice(env).dir;
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
