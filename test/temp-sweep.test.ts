// Nothing is left in the temp folder after a run, SIGKILL included: 20 `pitfalls run fork-bomb` killed
// mid-run leave their run folders behind (nobody is left to remove them), and the next run sweeps them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, root, runCli } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-sweep-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const runFolders = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('pitfalls-'));

/** Starts `pitfalls run fork-bomb`, SIGKILLs it once its broken side's folder is there (mid-run), and returns that folder's name. */
function killMidRun(temp: string): Promise<string | undefined> {
  const child = spawn(process.execPath, [bin, 'run', 'fork-bomb', '--json'], { cwd: root, env: { ...process.env, TMPDIR: temp }, stdio: 'ignore' });
  let folder: string | undefined;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      folder ??= readdirSync(temp).find((name) => name.startsWith(`pitfalls-broken-${child.pid}.`));
      if (folder) child.kill('SIGKILL');
    }, 5);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(folder);
    });
  });
}

describe('run folders of a pitfalls killed with SIGKILL', () => {
  it('are left by each of 20 kills mid-run, and swept by a later run: none left', async () => {
    // A temp folder of the test's own, as /tmp is: the runs' own uids (as root) work in it.
    const temp = mkdtempSync(join(scratch, 'tmp-'));
    const { chmodSync } = await import('node:fs');
    chmodSync(scratch, 0o755);
    chmodSync(temp, 0o1777);
    const killed: Array<string | undefined> = [];
    for (let kill = 0; kill < 20; kill++) killed.push(await killMidRun(temp));
    // Every kill came mid-run, its broken side's folder made; each run sweeps what the killed ones before it left.
    expect(killed.filter(Boolean).length).toBe(20);
    expect(runFolders(temp)).toContain(killed[19]);

    const next = await runCli(['run', 'fork-bomb', '--json'], { env: { TMPDIR: temp } });
    expect(next.code, next.stderr).toBe(0);
    // Not one folder of the 20 killed runs, nor of this one.
    expect(runFolders(temp)).toEqual([]);
    expect(next.leftoverCount).toBe(0);
  }, 300_000);
});
