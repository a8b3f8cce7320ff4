// Where things are: the package's own folders, and the per-user cache.
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, statfsSync, statSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentError } from './errors.js';

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

/** Where the cache went, and why not where it was asked for (for `doctor` and the one line a run prints). */
export interface CacheDirChoice {
  dir: string;
  /** As root: the folder asked for, refused because someone else could write it. */
  refused?: { dir: string; because: string };
  /** The folder that could not hold the cache (not writable, not a folder, noexec, full): it went under the temp folder instead. */
  fellBack?: { dir: string; because: string };
}

const cacheChoices = new Map<string, CacheDirChoice>();

/**
 * The cache folder used: the one asked for (as root, only if it may be trusted, else /var/cache/pitfalls)
 * when it can hold binaries to run; else a private one under the temp folder, pitfalls-cache-UID.
 * Throws an environment error (exit 3) naming XDG_CACHE_HOME when neither can. Creates the folder.
 */
export function cacheDirChoice(env: NodeJS.ProcessEnv = process.env): CacheDirChoice {
  const requested = requestedCacheDir(env);
  const key = `${requested}\0${tmpdir()}`;
  const known = cacheChoices.get(key);
  if (known) return known;
  let choice: CacheDirChoice = { dir: requested };
  const because = isRoot() ? untrustedBecause(requested) : undefined;
  if (because) choice = { dir: SYSTEM_CACHE_DIR, refused: { dir: requested, because } };
  const unusable = unusableBecause(choice.dir);
  if (unusable) {
    const fallback = join(tmpdir(), `pitfalls-cache-${process.geteuid?.() ?? 'user'}`);
    const fallbackUnusable = notPrivateBecause(fallback) ?? (isRoot() ? untrustedBecause(fallback) : undefined) ?? unusableBecause(fallback);
    if (fallbackUnusable) {
      throw environmentError(
        `the cache ${choice.dir} cannot be used: ${unusable}; nor can ${fallback}: ${fallbackUnusable}. ` +
          'Set XDG_CACHE_HOME to a folder you can write, on a mount that allows running programs (not noexec), e.g. `XDG_CACHE_HOME=$HOME/.cache npx pitfalls doctor`.',
      );
    }
    choice = { ...choice, dir: fallback, fellBack: { dir: choice.dir, because: unusable } };
  }
  cacheChoices.set(key, choice);
  return choice;
}

let cacheFallbackNoted = false;
let tempFallbackNoted = false;

/** `doctor` shows the fallbacks in its own lines: the one-line notes on stderr are for the other commands. */
export function silenceFallbackNotes(): void {
  cacheFallbackNoted = true;
  tempFallbackNoted = true;
}

/** The cache folder for a run; the first time it is not the one asked for, one line on stderr says so. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const choice = cacheDirChoice(env);
  if (choice.fellBack && !cacheFallbackNoted) {
    cacheFallbackNoted = true;
    process.stderr.write(
      `pitfalls: the cache ${choice.fellBack.dir} cannot be used (${choice.fellBack.because}): using ${choice.dir}, which the temp folder's cleaning may remove. To keep it, set XDG_CACHE_HOME to a writable folder.\n`,
    );
  }
  return choice.dir;
}

/** Below this much free space a cache or temp folder is taken as full: a build or a run's files would fail in it. */
const MIN_FREE_BYTES = 8 * 1024 * 1024;

/** What the kernel says of the mount that holds `path` (from /proc/self/mountinfo): its mount point and options. */
export function mountOf(path: string): { point: string; options: string[] } | undefined {
  let real: string;
  let table: string;
  try {
    real = realpathSync(path);
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  // Fields: id parent major:minor root MOUNT-POINT OPTIONS ...; octal escapes (\040) in the point.
  let best: { point: string; options: string[] } | undefined;
  for (const line of table.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 6) continue;
    const point = fields[4].replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    const inside = point === '/' || real === point || real.startsWith(`${point}/`);
    // The longest mount point that holds the path; a later line at the same point is mounted over the earlier.
    if (inside && (!best || point.length >= best.point.length)) best = { point, options: fields[5].split(',') };
  }
  return best;
}

/** Why files under `dir` cannot be run (a noexec mount), or undefined when they can. */
export function noexecBecause(dir: string): string | undefined {
  const mount = mountOf(dir);
  return mount?.options.includes('noexec') ? `it is on a noexec mount (${mount.point}): programs cannot be run from it` : undefined;
}

function errnoText(error: unknown, dir: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    // Say which part of the way is a file (a file set as XDG_CACHE_HOME, say).
    for (let at = dir; at !== dirname(at); at = dirname(at)) {
      try {
        if (!statSync(at).isDirectory()) return `${at} is a file, not a folder`;
      } catch {
        // not there: look further up
      }
    }
    return 'a file stands where a folder should be';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: it, or the folder it would go in, is not writable by you';
  if (code === 'EROFS') return 'it is on a read-only file system';
  if (code === 'ENOSPC') return 'no space is left on its file system';
  if (code === 'ENOENT') return 'the folder it would go in does not exist';
  return (error as Error).message;
}

function fullBecause(dir: string): string | undefined {
  try {
    const { bavail, bsize } = statfsSync(dir);
    if (bavail * bsize < MIN_FREE_BYTES) return `its file system is full (${Math.floor((bavail * bsize) / 1024)} KiB free)`;
  } catch {
    // statfs unavailable: a full disk still shows as the compiler's own message
  }
  return undefined;
}

/**
 * Why `dir` cannot hold the binaries this process builds and runs, or undefined when it can: it can be
 * made (0700, as makePrivateDir) and written, programs may run from its mount, and it has room.
 */
export function unusableBecause(dir: string): string | undefined {
  try {
    makePrivateDir(dir);
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return errnoText(trueCause(error, dir), dir);
  }
  return noexecBecause(dir) ?? fullBecause(dir);
}

/**
 * Node's recursive mkdir says ENOENT where the parent exists but refuses (a read-only file system): one
 * mkdir of the folder alone gives the kernel's own reason.
 */
function trueCause(error: unknown, dir: string): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(dirname(dir))) return error;
  try {
    mkdirSync(dir, { mode: CACHE_DIR_MODE });
    return error;
  } catch (again) {
    return again;
  }
}

/** Why the fallback cache `dir` is not this user's alone (another could have planted it), or undefined when it is, or is not there yet. */
function notPrivateBecause(dir: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (stat.uid !== process.geteuid?.()) return `${dir} belongs to uid ${stat.uid}`;
  if ((stat.mode & 0o077) !== 0) return `${dir} may be read or written by others (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** The temp folder runs use, and why not the one asked for (TMPDIR) when it could not be. */
export interface TempDirChoice {
  dir: string;
  fellBack?: { dir: string; because: string };
}

/**
 * Why the temp folder `dir` cannot hold a run's working directory, or undefined when it can: a writable
 * folder, programs may run from its mount, it has room, and, as root, every other user may search the
 * way to it (a run's own uid works inside it).
 */
export function tempUnusableBecause(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is a file, not a folder`;
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${dir} does not exist` : errnoText(error, dir);
  }
  if (isRoot()) {
    for (let at = resolve(dir); ; at = dirname(at)) {
      if ((statSync(at).mode & 0o001) === 0) return `${at} may not be searched by other users, and a run's own uid works inside it (chmod o+x ${at})`;
      if (at === '/') break;
    }
  }
  return noexecBecause(dir) ?? fullBecause(dir);
}

/** The temp folder for runs: TMPDIR (else /tmp) when it can hold one, else the first of /tmp, /var/tmp, /dev/shm that can. */
export function tempDirChoice(): TempDirChoice {
  const requested = tmpdir();
  const because = tempUnusableBecause(requested);
  if (!because) return { dir: requested };
  const other = ['/tmp', '/var/tmp', '/dev/shm'].find((dir) => dir !== requested && !tempUnusableBecause(dir));
  if (!other) {
    throw environmentError(
      `the temp folder ${requested} cannot hold a run: ${because}; nor can /tmp, /var/tmp or /dev/shm. ` +
        'Set TMPDIR to a writable folder on a mount that allows running programs (not noexec), e.g. `mkdir -p ~/tmp && TMPDIR=~/tmp npx pitfalls doctor`.',
    );
  }
  return { dir: other, fellBack: { dir: requested, because } };
}

/**
 * Makes this process use a temp folder a run can use: when TMPDIR cannot hold one, TMPDIR (which
 * os.tmpdir() reads) is set to the fallback, and one line on stderr says so. Called before a command
 * that builds or runs programs.
 */
export function useUsableTempDir(): TempDirChoice {
  const choice = tempDirChoice();
  if (choice.fellBack) {
    process.env.TMPDIR = choice.dir;
    if (!tempFallbackNoted) {
      tempFallbackNoted = true;
      process.stderr.write(`pitfalls: the temp folder ${choice.fellBack.dir} cannot hold a run (${choice.fellBack.because}): using ${choice.dir}. To choose another, set TMPDIR to a writable folder that allows running programs.\n`);
    }
  }
  return choice;
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
