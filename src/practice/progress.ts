// A learner's progress through the course: one small JSON file per user, under
// $XDG_STATE_HOME/pitfalls (else ~/.local/state/pitfalls). Every change is made under a lock file
// and written to a temporary file that is renamed into place, so a reader never sees half a file
// and two `pitfalls` at once never lose an update. A file that cannot be read as progress is set
// aside, never a crash; a folder that cannot be written costs one warning line, never a command.
import { closeSync, constants, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface LessonProgress {
  id: string;
  /** `run` showed this lesson at least once. */
  ran: boolean;
  /** The learner's file was checked at least once (practice or check). */
  checked: boolean;
  /** A check of the learner's file answered `fixed`. */
  fixed: boolean;
  /** How many hints were shown (the next `hint` shows hints[hintsUsed]). */
  hintsUsed: number;
}

/** The format this pitfalls reads and writes; a file of an older format is set aside. */
export const PROGRESS_VERSION = 1;

/** The state folder and the file are the user's own. */
const STATE_DIR_MODE = 0o700;
const STATE_FILE_MODE = 0o600;
/** A holder keeps the lock for a read and a small write (milliseconds): older than this, its holder is gone. */
const LOCK_STALE_MS = 10_000;
/** How long to wait for another pitfalls' lock before giving up (softly). */
const LOCK_WAIT_MS = 15_000;

interface ProgressDocument {
  version: number;
  lessons: Record<string, LessonProgress>;
}

/** The folder: $XDG_STATE_HOME/pitfalls when XDG_STATE_HOME is absolute (as the XDG spec asks), else ~/.local/state/pitfalls. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'pitfalls');
}

/** The state file: $XDG_STATE_HOME/pitfalls/progress.json, else ~/.local/state/pitfalls/progress.json. */
export function progressFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'progress.json');
}

/** A lesson nobody has touched yet. */
export function freshProgress(id: string): LessonProgress {
  return { id, ran: false, checked: false, fixed: false, hintsUsed: 0 };
}

/** One lesson's progress out of readProgress().lessons, fresh when it has none. */
export function progressOf(lessons: Record<string, LessonProgress>, id: string): LessonProgress {
  return Object.hasOwn(lessons, id) ? lessons[id] : freshProgress(id);
}

/** A record keyed by lesson id: no prototype, so no id (a "__proto__" in a file, say) is special. */
function emptyLessons(): Record<string, LessonProgress> {
  return Object.create(null) as Record<string, LessonProgress>;
}

/** Whatever a file or a caller holds, as a well-formed LessonProgress for `id`. */
function normalise(id: string, value: unknown): LessonProgress {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const hints = entry.hintsUsed;
  return {
    id,
    ran: entry.ran === true,
    checked: entry.checked === true,
    fixed: entry.fixed === true,
    hintsUsed: typeof hints === 'number' && Number.isInteger(hints) && hints >= 0 ? hints : 0,
  };
}

/** What is on disk. */
type OnDisk =
  | { kind: 'missing' }
  | { kind: 'ok'; lessons: Record<string, LessonProgress> }
  /** Not progress at all (not JSON, not the shape): set aside. */
  | { kind: 'corrupt'; why: string }
  /** An older format: set aside. */
  | { kind: 'older'; version: number }
  /** A newer pitfalls' file: left alone, and not written. */
  | { kind: 'newer'; version: number }
  /** It exists but cannot be read (permissions, a folder in its place). */
  | { kind: 'unreadable'; why: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}` : String(e.message ?? error);
}

function readOnDisk(file: string): OnDisk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: errorText(error) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', why: `it is not JSON (${(error as Error).message})` };
  }
  if (!isObject(data) || typeof data.version !== 'number') return { kind: 'corrupt', why: 'it is JSON but not a progress file (no "version")' };
  if (data.version < PROGRESS_VERSION) return { kind: 'older', version: data.version };
  if (data.version > PROGRESS_VERSION) return { kind: 'newer', version: data.version };
  if (!isObject(data.lessons)) return { kind: 'corrupt', why: 'its "lessons" is not an object' };
  const lessons = emptyLessons();
  for (const [id, entry] of Object.entries(data.lessons)) lessons[id] = normalise(id, entry);
  return { kind: 'ok', lessons };
}

/** A file-system problem worth one warning line, not a crash. */
class ProgressProblem extends Error {}

function newerMessage(file: string, version: number): string {
  return `progress file ${file} was written by a newer pitfalls (format ${version}; this one knows ${PROGRESS_VERSION}): progress is neither shown nor recorded. Update pitfalls (\`npm install pitfalls@latest\`).`;
}

/** Moves an unusable file out of the way (the caller holds the lock); returns the warning line. */
function setAside(file: string, onDisk: Extract<OnDisk, { kind: 'corrupt' | 'older' }>): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.${onDisk.kind === 'corrupt' ? 'corrupt' : `old-v${onDisk.version}`}-${stamp}`;
  const why = onDisk.kind === 'corrupt' ? onDisk.why : `it was written by an older pitfalls (format ${onDisk.version}; this one reads ${PROGRESS_VERSION})`;
  renameSync(file, aside);
  return `progress file ${file} could not be used: ${why}. Kept it as ${basename(aside)} and started afresh.`;
}

// --- the lock ------------------------------------------------------------------------------------

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** The API is synchronous (run and check record in one line); the wait for a lock is a few ms. */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock left by a pitfalls that died holding it (SIGKILL, a power cut) is removed: its pid is gone,
 * or it is far older than any holder keeps it. It is first renamed to a name of our own, so two
 * pitfalls breaking it at once cannot remove a fresh lock taken in between.
 */
function breakIfStale(lock: string): boolean {
  let ino: number;
  let holder: number;
  let age: number;
  try {
    const stat = statSync(lock);
    ino = stat.ino;
    age = Date.now() - stat.mtimeMs;
    holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
  } catch {
    // Released between our attempt and now: try again at once.
    return true;
  }
  // No pid yet: its holder is between creating it and writing its pid (or died there).
  const holderGone = Number.isInteger(holder) && holder > 0 ? !isAlive(holder) : age > 1000;
  if (!holderGone && age < LOCK_STALE_MS) return false;
  const moved = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lock, moved);
  } catch {
    return true;
  }
  try {
    // Another pitfalls broke the stale one and took a fresh lock before our rename: give it back.
    if (statSync(moved).ino !== ino) linkSync(moved, lock);
  } catch {
    // EEXIST: a third took the lock meanwhile; the one we moved is lost to its holder (who only writes a small file).
  }
  try {
    unlinkSync(moved);
  } catch {
    // Already gone.
  }
  return true;
}

/** Runs `body` holding `${file}.lock`, an exclusive lock file created with O_EXCL. */
function withLock<T>(file: string, body: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      fd = openSync(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, STATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (breakIfStale(lock)) continue;
      if (Date.now() > deadline) throw new ProgressProblem(`another pitfalls has held ${lock} for ${LOCK_WAIT_MS / 1000} s (remove it if no pitfalls is running)`);
      // A short, growing, jittered wait: holders keep the lock for milliseconds.
      sleep(Math.min(1 + attempt, 20) + Math.random() * 3);
    }
  }
  let ino: number;
  try {
    writeSync(fd, `${process.pid}\n`);
    ino = statSync(lock).ino;
  } catch (error) {
    // A lock we could not finish (a full disk) is no lock: leave none behind.
    closeSync(fd);
    unlinkSync(lock);
    throw error;
  }
  closeSync(fd);
  try {
    return body();
  } finally {
    try {
      // Only our own lock: one broken as stale (we were stopped for > 10 s) may be another's now.
      if (statSync(lock).ino === ino) unlinkSync(lock);
    } catch {
      // Gone already.
    }
  }
}

// --- writing -------------------------------------------------------------------------------------

function ensureStateDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: STATE_DIR_MODE });
}

/** A temporary file in the same folder, flushed, then renamed over the old one: readers see the old or the new, never half. */
function writeAtomically(file: string, document: ProgressDocument): void {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', STATE_FILE_MODE);
  try {
    writeSync(fd, `${JSON.stringify(document, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, file);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

/** Reads, changes and writes the whole document under the lock; `change` gets the lessons read. */
function changeDocument(file: string, change: (lessons: Record<string, LessonProgress>) => void): string[] {
  const warnings: string[] = [];
  ensureStateDir(file);
  withLock(file, () => {
    const onDisk = readOnDisk(file);
    if (onDisk.kind === 'newer') throw new ProgressProblem(newerMessage(file, onDisk.version));
    if (onDisk.kind === 'unreadable') throw new ProgressProblem(`${file} cannot be read (${onDisk.why})`);
    if (onDisk.kind === 'corrupt' || onDisk.kind === 'older') warnings.push(setAside(file, onDisk));
    const lessons = onDisk.kind === 'ok' ? onDisk.lessons : emptyLessons();
    change(lessons);
    writeAtomically(file, { version: PROGRESS_VERSION, lessons });
  });
  return warnings;
}

// --- the interface -------------------------------------------------------------------------------

/** Warning lines already printed by this process: each is printed once. */
const printed = new Set<string>();

/** Prints `pitfalls: <line>` on stderr, once per process. */
export function warnOnce(line: string): void {
  if (printed.has(line)) return;
  printed.add(line);
  process.stderr.write(`pitfalls: ${line}\n`);
}

/**
 * Every lesson's progress (ids missing from `lessons` have none yet: see progressOf); a corrupt or
 * older file is set aside with a message (returned in `warnings`) and a fresh one started, never a throw.
 */
export function readProgress(env: NodeJS.ProcessEnv = process.env): { lessons: Record<string, LessonProgress>; warnings: string[] } {
  const file = progressFile(env);
  const onDisk = readOnDisk(file);
  switch (onDisk.kind) {
    case 'ok':
      return { lessons: onDisk.lessons, warnings: [] };
    case 'missing':
      return { lessons: emptyLessons(), warnings: [] };
    case 'newer':
      return { lessons: emptyLessons(), warnings: [newerMessage(file, onDisk.version)] };
    case 'unreadable':
      return { lessons: emptyLessons(), warnings: [`progress file ${file} cannot be read (${onDisk.why}): progress starts empty. Fix its permissions, or set XDG_STATE_HOME to a folder of your own.`] };
    case 'corrupt':
    case 'older':
      // Set aside under the lock, after reading again: another pitfalls may have just done it.
      try {
        let lessons = emptyLessons();
        const warnings: string[] = [];
        withLock(file, () => {
          const again = readOnDisk(file);
          if (again.kind === 'corrupt' || again.kind === 'older') warnings.push(setAside(file, again));
          else if (again.kind === 'ok') lessons = again.lessons;
        });
        return { lessons, warnings };
      } catch (error) {
        const why = onDisk.kind === 'corrupt' ? onDisk.why : `it is of an older format (${onDisk.version})`;
        return { lessons: emptyLessons(), warnings: [`progress file ${file} could not be used (${why}) nor set aside (${error instanceof ProgressProblem ? error.message : errorText(error)}): progress starts empty.`] };
      }
  }
}

/**
 * Changes one lesson's progress atomically (lock + write to a temp file + rename), so two pitfalls
 * at once do not lose an update; returns the new value. It never throws for a problem of the state
 * folder (unwritable, full, a newer pitfalls' file): it prints one warning line on stderr (once per
 * process) and returns the new value unsaved, so `run`, `check` and `hint` carry on.
 */
export function updateProgress(id: string, change: (current: LessonProgress) => LessonProgress, env: NodeJS.ProcessEnv = process.env): LessonProgress {
  const file = progressFile(env);
  let updated: LessonProgress | undefined;
  try {
    const warnings = changeDocument(file, (lessons) => {
      updated = normalise(id, change(progressOf(lessons, id)));
      lessons[id] = updated;
    });
    warnings.forEach(warnOnce);
    return updated!;
  } catch (error) {
    if (!(error instanceof ProgressProblem) && !(error as NodeJS.ErrnoException).code) throw error;
    const why = error instanceof ProgressProblem ? error.message : errorText(error);
    warnOnce(`progress not saved (${why}). Set XDG_STATE_HOME to a folder you can write, or fix ${dirname(file)}.`);
    return updated ?? normalise(id, change(progressOf(readProgress(env).lessons, id)));
  }
}

/**
 * Forgets one lesson's progress (or every lesson's with id undefined). Unlike an update, a failure
 * here throws (the learner asked for it): an Error whose message says what went wrong.
 */
export function resetProgress(id: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const file = progressFile(env);
  if (readOnDisk(file).kind === 'missing') return;
  let warnings: string[];
  try {
    warnings = changeDocument(file, (lessons) => {
      for (const key of Object.keys(lessons)) if (id === undefined || key === id) delete lessons[key];
    });
  } catch (error) {
    if (!(error instanceof ProgressProblem) && !(error as NodeJS.ErrnoException).code) throw error;
    throw new Error(`progress could not be reset (${error instanceof ProgressProblem ? error.message : errorText(error)})`);
  }
  warnings.forEach(warnOnce);
}
