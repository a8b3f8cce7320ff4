// Compiles C and C++ once per (source, flags, compiler version): a warm run compiles nothing.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, delimiter, dirname, extname, isAbsolute, join } from 'node:path';
import { environmentError } from '../errors.js';
import { cacheDir } from '../paths.js';

export type Language = 'c' | 'c++';

export interface Compiler {
  language: Language;
  path: string;
  /** First line of `--version`, part of the cache key. */
  version: string;
}

export interface CompileResult {
  binary: string;
  /** True when the binary came from the cache. */
  cached: boolean;
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
          `Unset ${variable} to use ${names.join(', ')} from PATH, or point it at one (${variable}=gcc). ${installHint(language)}`,
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
function sourceText(source: string): string {
  const text = readFileSync(source, 'utf8');
  const headers = [...text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => join(dirname(source), m[1]));
  return [text, ...headers.filter(existsSync).map((h) => readFileSync(h, 'utf8'))].join('\0');
}

/**
 * Compiles `source` with `flags` into the cache and returns the binary's path. The binary is
 * written under a temporary name and renamed into place, so a concurrent run never sees half of it.
 */
export function compile(source: string, flags: string[], link: string[] = [], env: NodeJS.ProcessEnv = process.env): CompileResult {
  if (!isAbsolute(source)) throw new Error(`compile needs an absolute path, got ${source}`);
  const compiler = findCompiler(languageOf(source), env);
  const allFlags = [...BASE_FLAGS, ...flags];
  const hash = createHash('sha256').update(sourceText(source)).update('\0').update([...allFlags, '|', ...link].join(' ')).update('\0').update(compiler.version).update(compiler.path).digest('hex').slice(0, 16);
  const dir = join(cacheDir(env), 'bin');
  const binary = join(dir, `${basename(source, extname(source))}-${hash}`);
  if (isExecutable(binary)) return { binary, cached: true, warnings: '' };
  mkdirSync(dir, { recursive: true });
  const temporary = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const result = spawnSync(compiler.path, [...allFlags, '-o', temporary, source, ...link], { encoding: 'utf8', env });
  if (result.status !== 0) {
    rmSync(temporary, { force: true });
    throw environmentError(`${compiler.path} could not compile ${source}:\n${(result.stderr || result.error?.message || '').trimEnd()}`);
  }
  renameSync(temporary, binary);
  return { binary, cached: false, warnings: result.stderr.trim() };
}
