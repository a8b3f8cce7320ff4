// Installs as a student would, with Node and gcc only: a fresh copy of the repository, `npm ci` on a
// PATH without g++, make and python3 (node-pty comes prebuilt, nothing is compiled for it), then
// `run --all`: the pseudo-terminal lesson runs as taught, and the C++ lesson is skipped with its install hint.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { copyRepository, pathWithoutBuildTools } from './helpers/fresh-copy.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-install-'));

describe('a fresh install with Node and a C compiler only', () => {
  const clone = copyRepository(join(scratch, 'pitfalls'));
  const path = pathWithoutBuildTools('path-without-gxx-install');
  afterAll(() => [scratch, path].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const env = { ...process.env, PATH: path, CXX: '', XDG_CACHE_HOME: join(scratch, 'cache') };

  it('has no g++, make or python3 on that PATH, and a C compiler', () => {
    for (const tool of ['g++', 'c++', 'make', 'python3']) {
      expect(spawnSync('sh', ['-c', `command -v ${tool}`], { env }).status, tool).not.toBe(0);
    }
    expect(spawnSync('sh', ['-c', 'command -v cc || command -v gcc'], { env }).status).toBe(0);
  });

  it('installs with `npm ci`, the README\'s command, and the pseudo-terminal loads', () => {
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, env, encoding: 'utf8', timeout: 600_000 });
    expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
    const pty = spawnSync(process.execPath, ['-e', "require('@lydell/node-pty').spawn('/bin/true', [], {}).onExit((e) => process.exit(e.exitCode))"], { cwd: clone, env, encoding: 'utf8' });
    expect(pty.status, pty.stderr).toBe(0);
  }, 660_000);

  it('`run --all`: the terminal lesson runs as taught, exception-after-fork is skipped with the install hint, exit 3 unless a lesson was not as taught', async () => {
    const { code, stdout, stderr, leftoverCount } = await runCli(['run', '--all', '--json'], { packageRoot: clone, env, timeoutMs: 600_000 });
    const doc = JSON.parse(stdout);
    expect(doc.skipped, stderr).toEqual([{ id: 'exception-after-fork', reason: expect.stringMatching(/No C\+\+ compiler found[\s\S]*sudo apt-get install g\+\+/) }]);
    const ids = doc.lessons.map((l: { id: string }) => l.id);
    expect(ids).not.toContain('exception-after-fork');
    expect(ids.length).toBeGreaterThanOrEqual(15);
    const terminalLesson = doc.lessons.find((l: { id: string }) => l.id === 'exit-in-handler');
    expect(terminalLesson.asTaught, JSON.stringify(terminalLesson)).toBe(true);
    const allAsTaught = doc.lessons.every((l: { asTaught: boolean }) => l.asTaught);
    expect(code).toBe(allAsTaught ? 3 : 1);
    expect(doc.exitCode).toBe(code);
    expect(leftoverCount).toBe(0);
  }, 620_000);
});
