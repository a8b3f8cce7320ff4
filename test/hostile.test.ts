// Containment against a hostile program, as a learner's `check` would run it: what it tries, what the
// runner lets it do, and what is left after. kill(-1, SIGKILL) is tried only inside a PID namespace
// the test makes itself, so a failure could not reach the machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLesson } from '../dist/src/catalog.js';
import { detectContainment } from '../dist/src/runner/containment.js';
import { runSide } from '../dist/src/runner/launch.js';
import { brokenSpecs } from '../dist/src/runner/run-lesson.js';
import { root } from './helpers/cli.js';
import { leftovers } from './helpers/lessons.js';

// A process outside the run that the program tries to kill: it must survive.
const sentinel = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(() => {
  sentinel.kill('SIGKILL');
});

const isRoot = process.getuid?.() === 0;

describe.each(isRoot ? ['cgroup', 'uid'] : ['rlimit'])('a hostile program run as a learner\'s file (%s mode)', (mode) => {
  it('cannot reach the terminal, signal outside its run, become root, outgrow its limits or leave files; its output is bounded and shown, not obeyed', async () => {
    const lesson = await findLesson('fork-bomb');
    const [spec] = brokenSpecs(lesson, {}, join(root, 'test', 'data', 'hostile', 'probe.c'));
    const containment = detectContainment(mode === 'uid' ? { PITFALLS_CONTAINMENT: 'uid' } : {});
    const outcome = await runSide({ ...spec, command: [...spec.command, String(sentinel.pid)], expected: 'clean' }, containment);
    const said = new Map(outcome.observation.output.split('\n').filter((l) => /^[\w-]+: /.test(l)).map((l) => l.split(/: (.*)/s).slice(0, 2) as [string, string]));
    const summary = JSON.stringify(Object.fromEntries(said));
    expect(said.get('tty'), summary).toMatch(/No such device or address/);
    // kill(-1) is refused in every mode (a seccomp filter), though it would send nothing here (signal 0).
    expect(said.get('kill-everyone'), summary).toBe('Operation not permitted');
    expect(said.get('leave-cgroup'), summary).not.toBe('yes');
    if (mode !== 'cgroup') expect(said.get('raise-nproc'), summary).not.toBe('yes');
    if (isRoot) {
      // Its own /tmp, /dev/shm and working directory: tmpfs of 64 MiB each, gone with the run.
      expect(outcome.observation.scratch).toBe('private');
      for (const fill of ['fill-tmp', 'fill-shm', 'fill-cwd']) expect(said.get(fill), summary).toMatch(/^6[34] MiB, No space left on device/);
    }
    // Four children touching 400 MiB each: the run's memory cgroup (1 GiB for all) ends some of them.
    if (containment.memoryParent) expect(Number(said.get('memory-hogs-killed')), summary).toBeGreaterThan(0);
    expect(said.get('kill-sentinel'), summary).not.toBe('yes');
    if (isRoot) {
      // A PID namespace of the run's own: the program is PID 2 under the runner's init, PID 1, and its /proc
      // (the namespace's) lists nothing outside the run.
      expect(outcome.observation.pidNamespace, summary).toEqual({ programPidInside: 2 });
      expect(said.get('pid'), summary).toBe('2');
      expect(said.get('parent'), summary).toBe('1');
      expect(said.get('proc-shows-sentinel'), summary).toBe('No such file or directory');
      expect(outcome.observation.programPid).toBe(2);
      expect(outcome.observation.exit.reapedBy).toBe('init');
    }
    expect(said.get('setuid-root'), summary).not.toBe('yes');
    expect(said.get('no-new-privs'), summary).toBe('1');
    if (process.getuid?.() === 0) expect(said.get('uid'), summary).not.toBe('0');
    // The supervisor ignores signals from the program: the run ended by itself, and was reported.
    expect(outcome.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    expect(sentinel.exitCode).toBeNull();
    // The run's scratch directory took its file; what it wrote outside is gone with the run.
    expect(said.get('write-cwd'), summary).toBe('yes');
    // What it left there is observed (a copy of each regular file, shown visibly); the link is not followed.
    const left = outcome.observation.files ?? [];
    expect(left.find((f) => f.name === 'scratch.txt')).toMatchObject({ size: 16, text: 'kept ␛]0;title␇\n' });
    expect(left.map((f) => f.name)).toEqual(expect.arrayContaining(['fill.0', 'fill.1']));
    expect(left.map((f) => f.name)).not.toContain('shadow-link');
    if (isRoot) expect(existsSync('/tmp/pitfalls-hostile-probe-file')).toBe(false);
    // Escape sequences are shown as symbols, never passed on; a 4 MiB line without an end is cut.
    expect(said.get('escapes')).toBe('␛]0;PWNED␇ ␛]52;c;SGVsbG8=␇ ␛[2J');
    expect(outcome.observation.output).not.toMatch(/\u001b/);
    expect(outcome.observation.output.length).toBeLessThan(200 * 1024);
    expect(leftovers().filter((line) => !line.startsWith(`${sentinel.pid} `))).toEqual([]);
    // An ordinary user's run writes the machine's /tmp and /dev/shm (the weaker mode): the test removes what its probe wrote.
    for (const file of ['/tmp/pitfalls-hostile-fill', '/dev/shm/pitfalls-hostile-fill'].flatMap((f) => [0, 1, 2].map((n) => `${f}.${n}`))) rmSync(file, { force: true });
    if (!isRoot) rmSync('/tmp/pitfalls-hostile-probe-file', { force: true });
  });
});

/**
 * kill(-1, SIGKILL) from the learner's program, inside a PID namespace made for the test (with its own
 * /proc): a sentinel of the same uid, and pitfalls itself, must survive it. As root (cgroup mode), and as
 * uid 65534 (rlimit mode), where every process of the user could be reached without the runner's filter.
 */
describe.skipIf(!isRoot || spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status !== 0)('kill(-1, SIGKILL) inside a PID namespace made by the test', () => {
  // Made when a test of this block runs (a filtered run that skips them leaves nothing behind).
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pitfalls-test-kill-everyone-'));
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  const program = join(root, 'test', 'data', 'hostile', 'kill-everyone.c');
  const script = (cli: string) =>
    `sleep 30 & sentinel=$!; ${cli} check fork-bomb ${program} --json > ${scratch}/out-$(id -u).json; echo "pitfalls=$?"; ` +
    'if kill -0 $sentinel 2>/dev/null; then echo sentinel=alive; kill $sentinel; else echo sentinel=dead; fi';

  it.each([
    ['root', [] as string[]],
    ['uid 65534', ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--']],
  ])('as %s: refused; the sentinel and pitfalls survive', (who, wrapper) => {
    const env = { ...process.env, HOME: scratch, XDG_CACHE_HOME: join(scratch, `cache-${who.replace(/\W/g, '')}`) };
    spawnSync('chmod', ['0777', scratch]);
    const cli = `${process.execPath} ${join(root, 'bin', 'pitfalls.js')}`;
    const result = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', ...wrapper, 'sh', '-c', script(cli)], { env, encoding: 'utf8', timeout: 60_000 });
    expect(result.stdout, result.stderr).toMatch(/sentinel=alive/);
    // pitfalls answered (1: the program did not do the fork-bomb's job), it was not killed (137).
    expect(result.stdout, result.stderr).toMatch(/pitfalls=1\b/);
    const doc = JSON.parse(readFileSync(join(scratch, `out-${who === 'root' ? 0 : 65534}.json`), 'utf8'));
    // The program's own answer: exit 0 when the kernel refused the signal, 3 when it went out.
    expect(doc.runs[0].builds[0].exit.code).toBe(0);
  });
});

/**
 * The same probe as an ordinary user (uid 65534), with a sentinel of that same uid outside the run: where
 * the kernel gives the run its own user and PID namespaces, the program cannot name the sentinel, so
 * cannot signal it; its /tmp is its own. (Without them, the weaker mode the README describes.)
 */
describe.skipIf(!isRoot)('a hostile program run as an ordinary user (uid 65534)', () => {
  const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups', '--'];
  // Made when a test of this block runs (a filtered run that skips them leaves nothing behind).
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pitfalls-test-hostile-nobody-'));
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('cannot signal the same uid outside its run, nor see it, in a PID namespace of its own', async (context) => {
    const launch = join(root, 'dist', 'src', 'runner', 'launch.js');
    if (spawnSync('setpriv', [...NOBODY, process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(launch)})`]).status !== 0) {
      context.skip(); // a checkout uid 65534 cannot read (under a 0700 home)
    }
    spawnSync('chmod', ['0777', scratch]);
    const theirs = spawn('setpriv', [...NOBODY, 'sleep', '60'], { stdio: 'ignore' });
    try {
      const module = (path: string) => JSON.stringify(join(root, 'dist', 'src', path));
      const script = `
        const { findLesson } = await import(${module('catalog.js')});
        const { detectContainment } = await import(${module('runner/containment.js')});
        const { runSide } = await import(${module('runner/launch.js')});
        const { brokenSpecs } = await import(${module('runner/run-lesson.js')});
        const [spec] = brokenSpecs(await findLesson('fork-bomb'), {}, ${JSON.stringify(join(root, 'test', 'data', 'hostile', 'probe.c'))});
        const outcome = await runSide({ ...spec, command: [...spec.command, process.argv[1]], expected: 'clean' }, detectContainment({}));
        const o = outcome.observation;
        console.log(JSON.stringify({ output: o.output, pidNamespace: o.pidNamespace, userNamespace: o.userNamespace, scratch: o.scratch, exit: o.exit }));`;
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_STATE_HOME: join(scratch, 'state') };
      const result = spawnSync('setpriv', [...NOBODY, process.execPath, '--input-type=module', '-e', script, String(theirs.pid)], { cwd: scratch, env, encoding: 'utf8', timeout: 90_000 });
      const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}', (key, value) => value);
      const said = new Map((seen.output as string).split('\n').filter((l) => /^[\w-]+: /.test(l)).map((l) => l.split(/: (.*)/s).slice(0, 2) as [string, string]));
      const summary = JSON.stringify(seen);
      expect(said.get('uid'), summary).toBe('65534');
      expect(said.get('kill-everyone'), summary).toBe('Operation not permitted');
      if (seen.pidNamespace) {
        expect(seen.userNamespace, summary).toBe(true);
        expect(said.get('pid'), summary).toBe('2');
        expect(said.get('kill-sentinel'), summary).toBe('No such process');
        expect(said.get('proc-shows-sentinel'), summary).toBe('No such file or directory');
        expect(seen.scratch, summary).toBe('private');
        expect(theirs.exitCode).toBeNull();
      }
      expect(seen.exit, summary).toMatchObject({ reason: 'exited', code: 0 });
    } finally {
      theirs.kill('SIGKILL');
    }
  });
});
