// The package as npm ships it: `npm pack` of a fresh copy, installed into an empty folder on a PATH
// without g++, make and python3, then `pitfalls list` and `pitfalls run fork-bomb` there, on Node 20
// (this one) and on Node 22 (the registry's `node` package, fetched by npx).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './helpers/cli.js';
import { copyRepository, pathWithoutBuildTools } from './helpers/fresh-copy.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-package-'));

describe('the npm package', () => {
  const source = copyRepository(join(scratch, 'source'));
  // `npm pack` builds (prepare: tsc) with the repository's own dev dependencies.
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'));
  const path = pathWithoutBuildTools('path-without-gxx-package');
  afterAll(() => [scratch, path].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const user = join(scratch, 'student');
  mkdirSync(user);
  const env = { ...process.env, PATH: path, CXX: '', XDG_CACHE_HOME: join(scratch, 'cache') };
  let files: string[] = [];

  it('packs what runs, the LICENSE, and the declarations of the exported lesson types only', () => {
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: source, env: process.env, encoding: 'utf8', timeout: 300_000 });
    expect(packed.status, packed.stderr).toBe(0);
    files = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/pitfalls.js', 'dist/src/cli.js', 'native/supervisor.c', 'fixtures/fork-bomb.c', 'dist/lessons/fork-bomb/lesson.js', 'dist/lessons/fork-bomb/safe.js']));
    expect(files.filter((f) => f.endsWith('.d.ts')).sort()).toEqual(['dist/src/index.d.ts', 'dist/src/lesson.d.ts']);
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('scripts/'))).toEqual([]);
  }, 320_000);

  it('installs into an empty folder with Node and a C compiler only', () => {
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    spawnSync('npm', ['init', '-y'], { cwd: user, env, encoding: 'utf8' });
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', join(scratch, tarball!)], { cwd: user, env, encoding: 'utf8', timeout: 300_000 });
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
  }, 320_000);

  it('`npx pitfalls list` there: the lessons', () => {
    const list = spawnSync('npx', ['pitfalls', 'list'], { cwd: user, env, encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/fork-bomb/);
    expect(list.stdout).toMatch(/exit-in-handler/);
  });

  it('`npx pitfalls run fork-bomb` there, on Node 20: as taught', () => {
    const run = spawnSync('npx', ['pitfalls', 'run', 'fork-bomb', '--json'], { cwd: user, env, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).lessons[0].asTaught).toBe(true);
  }, 130_000);

  it('the same on Node 22: list, and run fork-bomb as taught', () => {
    const version = spawnSync('npx', ['-y', '-p', 'node@22', 'node', '-p', 'process.version + " " + process.execPath'], { cwd: user, env, encoding: 'utf8', timeout: 300_000 });
    const [v22, downloaded] = version.stdout.trim().split(' ');
    expect(v22, version.stderr).toMatch(/^v22\./);
    // As root a run's own uid executes the twin's Node, which must not sit in root's private home
    // (npx keeps it in ~/.npm): a copy where any user may run it, as a system-wide install would be.
    const node22 = join(scratch, 'node22', 'node');
    mkdirSync(join(scratch, 'node22'));
    copyFileSync(downloaded, node22);
    chmodSync(node22, 0o755);
    const binary = join(user, 'node_modules', 'pitfalls', 'bin', 'pitfalls.js');
    const list = spawnSync(node22, [binary, 'list'], { cwd: user, env, encoding: 'utf8', timeout: 120_000 });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/fork-bomb/);
    const run = spawnSync(node22, [binary, 'run', 'fork-bomb', '--json'], { cwd: user, env, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.lessons[0].asTaught).toBe(true);
    // The twin ran on Node 22 too: the runner starts it with the Node that runs pitfalls.
    expect(doc.lessons[0].safe.status).toBe('clean');
  }, 320_000);
});
