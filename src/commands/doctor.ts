// `pitfalls doctor`: what this machine has for the course, and how to fix what it lacks.
import chalk from 'chalk';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, PitfallsError } from '../errors.js';
import { terminalWidth, wrap } from '../render/text.js';
import { cacheDirChoice, silenceFallbackNotes, useUsableTempDir, type CacheDirChoice, type TempDirChoice } from '../paths.js';
import { checkCache, findCompiler } from '../runner/compile.js';
import { detectContainment } from '../runner/containment.js';
import { supervisorBinary } from '../runner/supervisor.js';

interface Check {
  name: string;
  ok: boolean;
  /** What was found, or what is wrong. */
  detail: string;
  /** The next step, when not ok. */
  fix?: string;
  /** A failed optional check warns but does not fail doctor. */
  optional?: boolean;
}

function attempt(name: string, body: () => string, fix: string, optional = false): Check {
  try {
    return { name, ok: true, detail: body() };
  } catch (error) {
    // The fix line says what to do; the detail keeps only what is wrong.
    return { name, ok: false, detail: (error as Error).message.split('\n')[0].replace(/ Install one:.*$/, ''), fix, optional };
  }
}

function glibcVersion(): string {
  // Node knows the C library it runs on; no need to ask getconf.
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : 'not glibc (the lessons\' facts are about glibc; most still hold)';
}

/** Asks the supervisor, running `true`, whether it could listen to the kernel's process-event connector. */
function processEvents(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitfalls-doctor-'));
  try {
    const report = join(dir, 'report');
    spawnSync(supervisorBinary(), ['--report', report, '--events', join(dir, 'events'), '--', 'true'], { stdio: 'ignore', timeout: 5000 });
    const connector = /^connector=(\w+)/m.exec(readFileSync(report, 'utf8'))?.[1];
    if (connector === 'complete' || connector === 'lost') return 'heard from the kernel: every fork, exec and exit of a run is seen, however short-lived';
    throw new Error('not available here (the connector needs root on older kernels): short-lived processes are seen only by sampling every 10 ms, so some checks may say "not judged"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a run gets its own /tmp, /dev/shm and working directory (and, for an ordinary user, its own user namespace). */
function privateScratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitfalls-doctor-'));
  try {
    const events = join(dir, 'events');
    spawnSync(supervisorBinary(), ['--report', join(dir, 'report'), '--events', events, '--private-tmp', '1', '--', 'true'], { cwd: dir, stdio: 'ignore', timeout: 5000 });
    const line = /^scratch \S+ (\w+) \S+ (\S+)/m.exec(readFileSync(events, 'utf8'));
    const root = process.geteuid?.() === 0;
    if (line?.[1] === 'private') {
      return root
        ? 'each run gets its own /tmp, /var/tmp, /dev/shm and working directory (tmpfs, 64 MiB each) and its own System V IPC'
        : 'each run gets a user namespace of its own: the task cap counts the run\'s tasks only, and /tmp, /var/tmp, /dev/shm and its working directory are its own (tmpfs, 64 MiB each)';
    }
    throw new Error(root
      ? 'not available here (mounting needs CAP_SYS_ADMIN, which a container may withhold): the program writes the machine\'s /tmp, and its uid\'s files are removed after the run'
      : 'not available here (this kernel gives an ordinary user no user namespace: kernel.unprivileged_userns_clone=0, or an AppArmor restriction): the task cap also counts your other processes, and the program writes the machine\'s /tmp');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a run gets a PID namespace of its own (as root; as an ordinary user, with its own user namespace). */
function pidNamespace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitfalls-doctor-'));
  try {
    const events = join(dir, 'events');
    spawnSync(supervisorBinary(), ['--report', join(dir, 'report'), '--events', events, '--private-tmp', '1', '--pid-namespace', '--', 'true'], { cwd: dir, stdio: 'ignore', timeout: 5000 });
    if (/^pidns \S+ on /m.test(readFileSync(events, 'utf8'))) {
      return 'each run gets one: kill(-1) and every pid it names reach only the run, whose init (PID 1 there) reaps its orphans';
    }
    throw new Error(process.geteuid?.() === 0
      ? 'not available here (a new PID namespace needs CAP_SYS_ADMIN, which a container may withhold): kill(-1) is still refused, and the run ends by process group and descent'
      : 'not available here (it comes with a user namespace of the run\'s own, which this kernel does not give): kill(-1) is still refused, but the program may signal your other processes one by one');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The supervisor, built into the cache as a run builds it; when the compiler refuses, its own first error line. */
function supervisorCheck(): Check {
  try {
    return { name: 'supervisor', ok: true, detail: `built: ${supervisorBinary()}` };
  } catch (error) {
    const said = error instanceof PitfallsError && error.compilerOutput ? error.compilerOutput.split('\n').find((line) => /error/i.test(line)) ?? error.compilerOutput.split('\n')[0] : undefined;
    const first = (error as Error).message.split('\n')[0];
    return {
      name: 'supervisor',
      ok: false,
      detail: said ? `${first} ${said.trim()}` : first,
      fix: 'check that the C compiler works (`cc -o /tmp/hello hello.c`), or set CC to one that does (CC=gcc); then run `npx pitfalls doctor` again.',
    };
  }
}

export function runChecks(): Check[] {
  const checks: Check[] = [];
  // 1. The operating system: everything rests on Linux's /proc and prctl.
  const isLinux = process.platform === 'linux';
  checks.push({
    name: 'Linux',
    ok: isLinux,
    detail: isLinux ? `kernel ${release()}, ${glibcVersion()}` : `this is ${process.platform}`,
    fix: 'pitfalls needs Linux (/proc, prctl(PR_SET_CHILD_SUBREAPER), pids cgroups): run it in a Linux VM, WSL2 or a Linux container.',
  });
  if (!isLinux) return checks;
  checks.push(attempt('/proc', () => {
    readFileSync('/proc/self/stat', 'utf8');
    readFileSync('/proc/self/wchan', 'utf8');
    return 'process states and wait channels readable';
  }, 'mount /proc (mount -t proc proc /proc); in a container, do not hide it.'));
  // 2. Compilers: C for every lesson, C++ for exception-after-fork.
  checks.push(attempt('C compiler', () => {
    const c = findCompiler('c');
    return `${c.path}: ${c.version}`;
  }, 'install gcc: `sudo apt-get install gcc` (Debian/Ubuntu), `sudo dnf install gcc` (Fedora), or set CC.'));
  checks.push(attempt('C++ compiler', () => {
    const cxx = findCompiler('c++');
    return `${cxx.path}: ${cxx.version} (for exception-after-fork)`;
  }, 'install g++: `sudo apt-get install g++` (Debian/Ubuntu), `sudo dnf install gcc-c++` (Fedora), or set CXX; only exception-after-fork needs it.', true));
  // 3. The temp folder and the cache, chosen as a run chooses them (run and doctor agree), and the supervisor built into the cache.
  silenceFallbackNotes();
  let tempChoice: TempDirChoice | undefined;
  const temp = attempt('temp folder', () => {
    tempChoice = useUsableTempDir();
    return `${tempChoice.dir}: writable, programs may run from it`;
  }, 'set TMPDIR to a writable folder on a mount that allows running programs (not noexec).');
  if (tempChoice?.fellBack) {
    checks.push({ ...temp, ok: false, optional: true, detail: `${tempChoice.dir}, not ${tempChoice.fellBack.dir}: ${tempChoice.fellBack.because}`, fix: 'runs use the folder above; to choose another, set TMPDIR to a writable folder that allows running programs.' });
  } else {
    checks.push(temp);
  }
  let cacheChoice: CacheDirChoice | undefined;
  const cache = attempt('cache', () => {
    cacheChoice = cacheDirChoice();
    const { dir } = cacheChoice;
    // As root, a cache folder someone else could write is refused: say which, and why.
    const refusedNote = cacheChoice.refused ? ` (as root, not ${cacheChoice.refused.dir}: ${cacheChoice.refused.because})` : '';
    const fellBackNote = cacheChoice.fellBack ? ` (not ${cacheChoice.fellBack.dir}: ${cacheChoice.fellBack.because})` : '';
    // Each cached binary is checked against the record written when it was built, as a run would.
    const all = checkCache();
    const bad = all.filter((b) => b.check !== 'ok');
    const binaries = (n: number) => `${n} ${n === 1 ? 'binary' : 'binaries'}`;
    const where = `${dir}${refusedNote}${fellBackNote}`;
    if (all.length === 0) return `${where} (empty: the first run compiles)`;
    if (bad.length === 0) return `${where}: ${binaries(all.length)}, ${all.length === 1 ? 'matching its record' : 'each matching its record'}`;
    const why = [...new Set(bad.map((b) => b.check))].join(', ');
    const one = bad.length === 1;
    return `${where}: ${binaries(all.length)}, ${bad.length} not matching ${one ? 'its' : 'their'} record (${why}): ${one ? 'it is' : 'they are'} rebuilt when next used, never run as ${one ? 'it is' : 'they are'}`;
  }, 'set XDG_CACHE_HOME to a writable folder on a mount that allows running programs (not noexec).');
  // A cache in the temp folder works, but may be cleaned away: a warning with the way to keep one.
  checks.push(cache.ok && cacheChoice?.fellBack ? { ...cache, ok: false, optional: true, fix: 'runs use the folder above; to keep the cache, set XDG_CACHE_HOME to a writable folder that allows running programs.' } : cache);
  const hasCompiler = checks.some((c) => c.name === 'C compiler' && c.ok);
  if (!hasCompiler) {
    checks.push({ name: 'supervisor', ok: false, detail: 'not built: it needs the C compiler', fix: 'install the C compiler (above); the supervisor is built on the next run.' });
  } else if (!cache.ok || !temp.ok) {
    checks.push({ name: 'supervisor', ok: false, detail: `not built: it needs a usable ${cache.ok ? 'temp folder' : 'cache'}`, fix: `fix the ${cache.ok ? 'temp folder' : 'cache'} (above); the supervisor is built on the next run.` });
  } else {
    checks.push(supervisorCheck());
  }
  const supervisorBuilt = checks.some((c) => c.name === 'supervisor' && c.ok);
  // The kernel's process events: with them every fork, exec and exit of a run is seen, however short.
  if (supervisorBuilt) checks.push(attempt('process events', () => processEvents(), 'run as root (sudo npx pitfalls ...) to hear them; without them the judge relies on sampling, and says so in its evidence.', true));
  if (supervisorBuilt) checks.push(attempt('private scratch', () => privateScratch(), 'the runs still work, with the weaker containment the README describes for this case.', true));
  if (supervisorBuilt) checks.push(attempt('PID namespace', () => pidNamespace(), 'the runs still work, with the weaker containment the README describes for this case.', true));
  // 4. The pseudo-terminal, for the lessons a student watches in a terminal.
  checks.push(attempt('node-pty', () => {
    const pty = createRequire(import.meta.url)('@lydell/node-pty') as typeof import('@lydell/node-pty');
    return typeof pty.spawn === 'function' ? `loads (@lydell/node-pty, prebuilt for ${process.platform}-${process.arch})` : 'loads, but has no spawn()';
  }, 'install again without --omit=optional (the prebuilt binary is an optional dependency, @lydell/node-pty-linux-x64 or -arm64): `npm install`; only exit-in-handler needs it.', true));
  // 5. Containment: how the process cap holds here, root included.
  checks.push(attempt('containment', () => {
    const c = detectContainment();
    return `${c.mode}: ${c.why}`;
  }, 'as root, make a pids cgroup writable (cgroup v1 pids, or v2 with pids in subtree_control), or run as an ordinary user.'));
  return checks;
}

export async function doctor(options: { json?: boolean }): Promise<number> {
  const checks = runChecks();
  const failed = checks.some((c) => !c.ok && !c.optional);
  if (options.json) {
    console.log(JSON.stringify({ ok: !failed, checks }, null, 2));
  } else {
    // Each check in a line, wrapped to the terminal under its detail column (or under its name, when narrow).
    const width = terminalWidth();
    const nameWidth = Math.max(...checks.map((c) => c.name.length)) + 2;
    const hang = ' '.repeat(nameWidth + 2 <= width / 2 ? nameWidth + 2 : 4);
    for (const check of checks) {
      const mark = check.ok ? chalk.green('✓') : check.optional ? chalk.yellow('!') : chalk.red('✗');
      console.log(wrap(`${mark} ${chalk.bold(check.name.padEnd(nameWidth))}${check.detail}`, width, hang).join('\n'));
      if (!check.ok && check.fix) console.log(wrap(`${hang}${chalk.cyan(`→ ${check.fix}`)}`, width, '  ').join('\n'));
    }
    console.log(['', ...wrap(failed ? chalk.red('Something the course needs is missing: see the → lines.') : chalk.green('Ready. Start with `npx pitfalls run fork-bomb`.'), width)].join('\n'));
  }
  return failed ? EXIT.environment : EXIT.ok;
}
