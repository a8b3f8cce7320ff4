// Compiles C and C++ once per (source, flags, compiler version): a warm run compiles nothing.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, extname, isAbsolute, join } from 'node:path';
import { environmentError, EXIT, PitfallsError } from '../errors.js';
import { binaryCacheDir, makePrivateDir, untrustedBecause } from '../paths.js';

export type Language = 'c' | 'c++';

export interface Compiler {
  language: Language;
  path: string;
  /** First line of `--version`, part of the cache key. */
  version: string;
}

export interface CompileResult {
  binary: string;
  /** True when the binary came from the cache (and matched its record). */
  cached: boolean;
  /**
   * True when a binary was in the cache but failed its check (no record, or a size or sha256 that is
   * not the record's: truncated, corrupt, replaced) and was built again. It was never run.
   */
  rebuilt: boolean;
  /** Compiler warnings, if it printed any. */
  warnings: string;
}

export const BASE_FLAGS = ['-Wall', '-Wextra', '-O1', '-g'];

const CANDIDATES: Record<Language, { variable: string; names: string[] }> = {
  c: { variable: 'CC', names: ['cc', 'gcc', 'clang'] },
  'c++': { variable: 'CXX', names: ['c++', 'g++', 'clang++'] },
};

export function languageOf(file: string): Language {
  return ['.cc', '.cpp', '.cxx', '.C'].includes(extname(file)) ? 'c++' : 'c';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function installHint(language: Language): string {
  const pkg = language === 'c' ? 'gcc' : 'g++';
  return (
    `Install one: Debian/Ubuntu \`sudo apt-get install ${pkg}\` (or build-essential), Fedora \`sudo dnf install ${language === 'c' ? 'gcc' : 'gcc-c++'}\`, ` +
    `Arch \`sudo pacman -S gcc\`, Alpine \`apk add build-base\`; then run \`npx pitfalls doctor\`.`
  );
}

const found = new Map<string, Compiler>();

/** The compiler to use: $CC / $CXX when set, else the first of cc, gcc, clang on PATH. */
export function findCompiler(language: Language, env: NodeJS.ProcessEnv = process.env): Compiler {
  const { variable, names } = CANDIDATES[language];
  const chosen = env[variable]?.trim();
  const key = `${language}:${chosen ?? ''}:${env.PATH ?? ''}`;
  const known = found.get(key);
  if (known) return known;
  let path: string | undefined;
  if (chosen) {
    path = onPath(chosen.split(/\s+/)[0], env);
    if (!path) {
      throw environmentError(
        `${variable} is set to "${chosen}", which is not a ${language === 'c' ? 'C' : 'C++'} compiler on this machine. ` +
          `Unset ${variable} to use ${names.join(', ')} from PATH, or point it at one (${variable}=${language === 'c' ? 'gcc' : 'g++'}). ${installHint(language)}`,
      );
    }
  } else {
    for (const name of names) {
      path = onPath(name, env);
      if (path) break;
    }
    if (!path) {
      throw environmentError(`No ${language === 'c' ? 'C' : 'C++'} compiler found (tried ${names.join(', ')} on PATH, and $${variable}). ${installHint(language)}`);
    }
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', env });
  if (probe.status !== 0) {
    throw environmentError(`${path} --version failed: ${(probe.stderr || probe.error?.message || '').trim()}. ${installHint(language)}`);
  }
  const compiler = { language, path, version: probe.stdout.split('\n')[0].trim() };
  found.set(key, compiler);
  return compiler;
}

/** The source plus every local header it includes with quotes, for the cache key. */
function sourceText(source: string, flags: string[]): string {
  const text = readFileSync(source, 'utf8');
  // Quoted includes are found beside the source, then in each -I folder, as the compiler looks.
  const folders = [dirname(source), ...flags.filter((f) => f.startsWith('-I')).map((f) => f.slice(2))];
  const headers = [...text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)]
    .map((m) => folders.map((folder) => join(folder, m[1])).find(existsSync))
    .filter((h): h is string => h !== undefined);
  return [text, ...headers.map((h) => readFileSync(h, 'utf8'))].join('\0');
}

/** What was recorded of a binary when it was built: its size and its sha256. */
export interface BinaryRecord {
  size: number;
  sha256: string;
}

/** The record kept beside each cached binary. */
export function recordPath(binary: string): string {
  return `${binary}.record`;
}

function temporaryName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The size and sha256 of what one descriptor reads from its start, so the size and the hash are of the same file. */
function measureDescriptor(fd: number): BinaryRecord {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(64 * 1024);
  let size = 0;
  let n: number;
  while ((n = readSync(fd, buffer, 0, buffer.length, size)) > 0) {
    hash.update(buffer.subarray(0, n));
    size += n;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The size and sha256 of the regular file at `path`, or undefined when there is none. */
export function measureBinary(path: string): BinaryRecord | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    return measureDescriptor(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function formatRecord(record: BinaryRecord): string {
  return `size=${record.size}\nsha256=${record.sha256}\n`;
}

/** The record beside `binary`, or undefined when it is missing or not one. */
export function readRecord(binary: string): BinaryRecord | undefined {
  let text: string;
  try {
    text = readFileSync(recordPath(binary), 'utf8');
  } catch {
    return undefined;
  }
  const size = /^size=(\d+)$/m.exec(text)?.[1];
  const sha256 = /^sha256=([0-9a-f]{64})$/m.exec(text)?.[1];
  // A zero-byte binary is never a build: a record that says so is no record.
  return size !== undefined && Number(size) > 0 && sha256 ? { size: Number(size), sha256 } : undefined;
}

export type BinaryCheck = 'ok' | 'missing' | 'no record' | 'not executable' | 'not ours' | 'size differs' | 'sha256 differs';

function checkOnce(binary: string): BinaryCheck {
  if (!existsSync(binary)) return 'missing';
  if (!isExecutable(binary)) return 'not executable';
  // Built by this user and writable by nobody else: what another could have put or changed is not run.
  const stat = statSync(binary);
  if (stat.uid !== process.geteuid?.() || (stat.mode & 0o022) !== 0) return 'not ours';
  const record = readRecord(binary);
  if (!record) return 'no record';
  const actual = measureBinary(binary);
  if (!actual) return 'missing';
  if (actual.size !== record.size) return 'size differs';
  return actual.sha256 === record.sha256 ? 'ok' : 'sha256 differs';
}

/**
 * Opens the cached `binary` and checks, through that one descriptor, what `checkBinary` checks by path:
 * a regular file of this user's, writable by nobody else, executable, and the size and sha256 of its
 * record. The descriptor is what is then run (`/proc/PID/fd/N`) or copied, so the file that runs is the
 * file that was checked, whatever is renamed over the path in between. Undefined when it does not check.
 */
export function openCheckedBinary(binary: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(binary, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const record = readRecord(binary);
    if (!stat.isFile() || stat.uid !== process.geteuid?.() || (stat.mode & 0o022) !== 0 || (stat.mode & 0o111) === 0 || !record || stat.size !== record.size) {
      closeSync(fd);
      return undefined;
    }
    const actual = measureDescriptor(fd);
    if (actual.size !== record.size || actual.sha256 !== record.sha256) {
      closeSync(fd);
      return undefined;
    }
    return fd;
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/**
 * Whether the cached `binary` may be run: it is there, executable, and its size and sha256 are its
 * record's. A failure is looked at once more: a concurrent run publishes the binary and then its
 * record with two renames, and a check that fell between them sees the pair whole the second time.
 */
export function checkBinary(binary: string): BinaryCheck {
  const first = checkOnce(binary);
  return first === 'ok' || first === 'missing' ? first : checkOnce(binary);
}

/** Every binary in the cache and how it checks (for `pitfalls doctor`). */
export function checkCache(env: NodeJS.ProcessEnv = process.env): Array<{ binary: string; check: BinaryCheck }> {
  const dir = binaryCacheDir(env);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => !name.endsWith('.record') && !name.includes('.tmp-'))
    .map((name) => ({ binary: join(dir, name), check: checkBinary(join(dir, name)) }));
}

/**
 * Compiles `source` with `flags` into the cache and returns the binary's path. A cached binary is
 * used only when it matches the record (size and sha256) written beside it when it was built;
 * anything else (no record, truncated, corrupt) is built again. The binary and its record are
 * written under temporary names and renamed into place, binary first, so a concurrent run never
 * sees half of either; one that looks between the two renames checks again (see checkBinary) or,
 * at worst, compiles once more, and never runs a binary it has not checked.
 */
export function compile(source: string, flags: string[], link: string[] = [], env: NodeJS.ProcessEnv = process.env): CompileResult {
  if (!isAbsolute(source)) throw new Error(`compile needs an absolute path, got ${source}`);
  const compiler = findCompiler(languageOf(source), env);
  const allFlags = [...BASE_FLAGS, ...flags];
  const hash = createHash('sha256').update(sourceText(source, flags)).update('\0').update([...allFlags, '|', ...link].join(' ')).update('\0').update(compiler.version).update(compiler.path).digest('hex').slice(0, 16);
  const dir = binaryCacheDir(env);
  // As root, a folder someone else could write is never used (cacheDir falls back to a system one); that one too is checked.
  const untrusted = process.geteuid?.() === 0 ? untrustedBecause(dir) : undefined;
  if (untrusted) throw environmentError(`the cache ${dir} cannot be trusted with binaries root runs: ${untrusted}. Make it root's own (chown root, chmod go-w), or set XDG_CACHE_HOME to a folder that is.`);
  const binary = join(dir, `${basename(source, extname(source))}-${hash}`);
  const check = checkBinary(binary);
  if (check === 'ok') return { binary, cached: true, rebuilt: false, warnings: '' };
  const temporary = temporaryName(binary);
  const temporaryRecord = temporaryName(recordPath(binary));
  try {
    makePrivateDir(dir);
    const result = spawnSync(compiler.path, [...allFlags, '-o', temporary, source, ...link], { encoding: 'utf8', env });
    if (result.status !== 0) {
      const said = (result.stderr || result.error?.message || '').trimEnd();
      // A full or read-only cache makes the compiler fail too: that is the machine's, and has its own next step.
      const cacheProblem = /No space left on device|Read-only file system|Permission denied/.exec(said);
      if (cacheProblem && said.includes(dir)) {
        // No compilerOutput: this is not the learner's source failing, whatever `check` compiles.
        throw environmentError(`${compiler.path} could not write into the cache ${dir} (${cacheProblem[0]}). Free some space there or set XDG_CACHE_HOME to a writable folder, then run \`npx pitfalls doctor\`.\n${said}`);
      }
      throw new PitfallsError(`${compiler.path} could not compile ${source}:\n${said}`, EXIT.environment, said);
    }
    // Writable by its owner alone, whatever the umask (a group-writable binary would be refused when next used).
    chmodSync(temporary, 0o755);
    const record = measureBinary(temporary);
    if (!record || record.size === 0) throw environmentError(`${compiler.path} reported success compiling ${source} but wrote no binary.`);
    writeFileSync(temporaryRecord, formatRecord(record), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, binary);
    renameSync(temporaryRecord, recordPath(binary));
    return { binary, cached: false, rebuilt: check !== 'missing', warnings: result.stderr.trim() };
  } catch (error) {
    // The cache refused a file (full, read-only, taken away meanwhile): the machine's problem, never a bug of ours.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof PitfallsError || !code) throw error;
    throw environmentError(`the cache ${dir} could not be written (${code}: ${(error as Error).message}). Free some space there or set XDG_CACHE_HOME to a writable folder, then run \`npx pitfalls doctor\`.`);
  } finally {
    rmSync(temporary, { force: true });
    rmSync(temporaryRecord, { force: true });
  }
}
