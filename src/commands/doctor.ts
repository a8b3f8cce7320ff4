// `pitfalls doctor`: what this machine has for the course, and how to fix what it lacks.
import chalk from 'chalk';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../errors.js';
import { cacheDirChoice, makePrivateDir } from '../paths.js';
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
  // 3. The cache, and the supervisor built into it.
  checks.push(attempt('cache', () => {
    const choice = cacheDirChoice();
    const dir = makePrivateDir(choice.dir);
    accessSync(dir, constants.W_OK);
    // As root, a cache folder someone else could write is refused: say which, and why.
    const refusedNote = choice.refused ? ` (as root, not ${choice.refused.dir}: ${choice.refused.because})` : '';
    // Each cached binary is checked against the record written when it was built, as a run would.
    const all = checkCache();
    const bad = all.filter((b) => b.check !== 'ok');
    const binaries = (n: number) => `${n} ${n === 1 ? 'binary' : 'binaries'}`;
    if (all.length === 0) return `${dir}${refusedNote} (empty: the first run compiles)`;
    if (bad.length === 0) return `${dir}${refusedNote}: ${binaries(all.length)}, ${all.length === 1 ? 'matching its record' : 'each matching its record'}`;
    const why = [...new Set(bad.map((b) => b.check))].join(', ');
    const one = bad.length === 1;
    return `${dir}${refusedNote}: ${binaries(all.length)}, ${bad.length} not matching ${one ? 'its' : 'their'} record (${why}): ${one ? 'it is' : 'they are'} rebuilt when next used, never run as ${one ? 'it is' : 'they are'}`;
  }, 'make the cache folder writable, or set XDG_CACHE_HOME to a writable folder.'));
  const hasCompiler = checks.some((c) => c.name === 'C compiler' && c.ok);
  checks.push(
    hasCompiler
      ? attempt('supervisor', () => `built: ${supervisorBinary()}`, 'the supervisor (native/supervisor.c) must compile: see the compiler\'s message above.')
      : { name: 'supervisor', ok: false, detail: 'not built: it needs the C compiler', fix: 'install the C compiler (above); the supervisor is built on the next run.' },
  );
  // The kernel's process events: with them every fork, exec and exit of a run is seen, however short.
  if (hasCompiler) checks.push(attempt('process events', () => processEvents(), 'run as root (sudo npx pitfalls ...) to hear them; without them the judge relies on sampling, and says so in its evidence.', true));
  if (hasCompiler) checks.push(attempt('private scratch', () => privateScratch(), 'the runs still work, with the weaker containment the README describes for this case.', true));
  // 4. The pseudo-terminal, for the lessons a student watches in a terminal.
  checks.push(attempt('node-pty', () => {
    const pty = createRequire(import.meta.url)('node-pty') as typeof import('node-pty');
    return typeof pty.spawn === 'function' ? 'loads' : 'loads, but has no spawn()';
  }, 'reinstall it: `npm rebuild node-pty` (needs python3, make and a C++ compiler if no prebuilt binary fits).', true));
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
    const nameWidth = Math.max(...checks.map((c) => c.name.length)) + 2;
    for (const check of checks) {
      const mark = check.ok ? chalk.green('✓') : check.optional ? chalk.yellow('!') : chalk.red('✗');
      console.log(`${mark} ${chalk.bold(check.name.padEnd(nameWidth))}${check.detail}`);
      if (!check.ok && check.fix) console.log(`  ${' '.repeat(nameWidth)}${chalk.cyan(`→ ${check.fix}`)}`);
    }
    console.log(failed ? chalk.red('\nSomething the course needs is missing: see the → lines.') : chalk.green('\nReady. Start with `npx pitfalls run fork-bomb`.'));
  }
  return failed ? EXIT.environment : EXIT.ok;
}
