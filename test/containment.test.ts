// The containment holds as root and as an ordinary user, and nothing of a run outlives it: after
// success, a timeout, Ctrl-C, SIGTERM, SIGHUP, or pitfalls itself being killed.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, root, runCli, unwrapped, type CliResult } from './helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-test-'));
chmodSync(scratch, 0o777);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function parse(stdout: string) {
  return JSON.parse(stdout) as {
    containment: { mode: string };
    lessons: Array<{ asTaught: boolean; broken: Array<{ status: string; peakProcesses: number; cap: number }>; safe: { status: string } }>;
    exitCode: number;
  };
}

/** This test's own pids cgroup: the CLI it starts makes its run cgroups under it. */
function ownPidsCgroup(): string {
  const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => /^\d+:[^:]*\bpids\b/.test(l));
  return line ? join('/sys/fs/cgroup/pids', line.split(':')[2]) : '/sys/fs/cgroup/pids';
}

/** No cgroup made by a run of pitfalls is left behind either. */
function runCgroupsLeft(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let names: string[] = [];
    try {
      names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('pitfalls-')) found.push(join(dir, name));
      else if (depth < 3) walk(join(dir, name), depth + 1);
    }
  };
  walk(ownPidsCgroup(), 0);
  return found;
}

function expectCapHeld(stdout: string, mode: RegExp) {
  const doc = parse(stdout);
  expect(doc.containment.mode).toMatch(mode);
  const [lesson] = doc.lessons;
  const [broken] = lesson.broken;
  expect(broken.status).toBe('manifested');
  expect(broken.peakProcesses).toBeGreaterThan(5);
  // Sampled every 10 ms for the whole run: never more tasks than the cap.
  expect(broken.peakProcesses).toBeLessThanOrEqual(broken.cap);
  expect(lesson.safe.status).toBe('clean');
}

describe.skipIf(!isRoot)('containment as root', () => {
  it('caps the fork bomb in the mode chosen for root, and leaves no process, zombie or cgroup', async () => {
    const result = await runCli(['run', 'fork-bomb', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expectCapHeld(result.stdout, /^cgroup-v[12]$|^uid$/);
    expect(result.leftovers).toEqual([]);
    expect(result.leftoverCount).toBe(0);
    expect(runCgroupsLeft()).toEqual([]);
  });

  it('caps the fork bomb when root runs it as an unused unprivileged uid (no cgroup)', async () => {
    const result = await runCli(['run', 'fork-bomb', '--json'], { env: { PITFALLS_CONTAINMENT: 'uid' } });
    expect(result.code, result.stderr).toBe(0);
    expectCapHeld(result.stdout, /^uid$/);
    expect(result.leftoverCount).toBe(0);
  });

  it('runs the twin with a node the run\'s uid could not reach (under a folder only root may enter)', () => {
    const hidden = join(scratch, 'root-only');
    cpSync(process.execPath, join(hidden, 'node'));
    chmodSync(hidden, 0o700);
    const result = spawnSync(join(hidden, 'node'), [bin, 'run', 'zombies', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const safe = JSON.parse(result.stdout).lessons[0].safe;
    expect(safe.status, result.stdout).toBe('clean');
    expect(result.status).toBe(0);
    // Without CAP_SYS_ADMIN (a container's root) there are no private mounts to show it by: a clear error, exit 3.
    const noMounts = spawnSync('setpriv', ['--bounding-set', '-sys_admin', join(hidden, 'node'), bin, 'run', 'zombies'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(unwrapped(noMounts.stderr)).toMatch(/could not start: .*node is in a folder the run's own uid may not enter.*Install Node where every user can read it/s);
    expect(noMounts.status).toBe(3);
  });

  it('refuses rlimit mode for root, which RLIMIT_NPROC does not bind', async () => {
    const result = await runCli(['run', 'fork-bomb'], { env: { PITFALLS_CONTAINMENT: 'rlimit' } });
    expect(result.code).toBe(3);
    expect(result.said).toMatch(/RLIMIT_NPROC does not bind uid 0/);
    expect(result.leftoverCount).toBe(0);
  });
});

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];

/**
 * The package as uid 65534 can read it: the checkout itself when it can (a clone under a 0700
 * folder cannot be), else a copy of what a production install holds, in a folder anyone can read.
 */
function packageFor65534(): string {
  const probe = spawnSync(NOBODY[0], [...NOBODY.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(bin)})`]);
  if (probe.status === 0) return root;
  const staged = join(scratch, 'package');
  const production = execFileSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith(root) && line.length > root.length)
    .map((line) => relative(root, line));
  for (const part of ['bin', 'dist', 'fixtures', 'native', 'package.json', ...production]) {
    cpSync(join(root, part), join(staged, part), { recursive: true });
  }
  execFileSync('chmod', ['-R', 'a+rX', scratch]);
  return staged;
}

describe('containment as an ordinary user', () => {
  it('caps the fork bomb with RLIMIT_NPROC and leaves nothing', async () => {
    // As root, become uid 65534 (nobody) for the CLI; as an ordinary user, just run it.
    const wrapper = isRoot ? NOBODY : [];
    const packageRoot = isRoot ? packageFor65534() : root;
    const env = { HOME: scratch, XDG_CACHE_HOME: join(scratch, 'cache') };
    const result = await runCli(['run', 'fork-bomb', '--json'], { wrapper, env, packageRoot });
    expect(result.code, result.stderr).toBe(0);
    expectCapHeld(result.stdout, /^rlimit$/);
    expect(result.leftovers).toEqual([]);
    expect(result.leftoverCount).toBe(0);
  });
});

describe.skipIf(!isRoot)('every lesson in each containment mode', () => {
  function expectAllAsTaught(result: CliResult, mode: string) {
    const doc = parse(result.stdout);
    expect(doc.containment.mode).toBe(mode);
    expect(doc.lessons.filter((l) => !l.asTaught).map((l) => JSON.stringify(l))).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.leftoverCount).toBe(0);
  }

  it('behaves as taught as an ordinary user (rlimit), and leaves nothing', async () => {
    const env = { HOME: scratch, XDG_CACHE_HOME: join(scratch, 'cache') };
    expectAllAsTaught(await runCli(['run', '--all', '--json'], { wrapper: NOBODY, env, packageRoot: packageFor65534() }), 'rlimit');
  });

  it('behaves as taught as root switched to an unused uid (uid), and leaves nothing', async () => {
    expectAllAsTaught(await runCli(['run', '--all', '--json'], { env: { PITFALLS_CONTAINMENT: 'uid' } }), 'uid');
  });
});

describe('nothing outlives a run', () => {
  it('after a timeout', async () => {
    const result = await runCli(['run', 'fork-bomb', '--timeout', '0.3', '--json']);
    const doc = parse(result.stdout);
    expect(doc.lessons[0].broken[0].peakProcesses).toBeLessThanOrEqual(64);
    expect(result.leftovers).toEqual([]);
    expect(result.leftoverCount).toBe(0);
    expect(runCgroupsLeft()).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`after ${signal} to pitfalls in the middle of the fork bomb`, async () => {
      const result = await runCli(['run', 'fork-bomb'], {
        during: { when: /running broken side/, act: (pid) => setTimeout(() => process.kill(pid, signal), 400) },
      });
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/Interrupted: every process of the run was killed and reaped/);
      expect(result.leftovers).toEqual([]);
      expect(result.leftoverCount).toBe(0);
      expect(runCgroupsLeft()).toEqual([]);
    });
  }

  it('after pitfalls itself is killed with SIGKILL (a crash): the supervisor notices and cleans up', async () => {
    const result = await runCli(['run', 'fork-bomb'], {
      env: { LEAK_CHECK_GRACE_MS: '3000' },
      during: { when: /running broken side/, act: (pid) => setTimeout(() => process.kill(pid, 'SIGKILL'), 400) },
    });
    expect(result.code).toBe(137);
    // Its parent gone, the supervisor killed and reaped the whole run, then exited; only its own
    // exit status is left, for the subreaper above it (here leak-check) to collect.
    expect(result.leftovers.every((l) => /state=Z comm=supervisor/.test(l)), result.leftovers.join('\n')).toBe(true);
    expect(result.leftoverCount).toBeLessThanOrEqual(1);
    expect(runCgroupsLeft()).toEqual([]);
  });
});
