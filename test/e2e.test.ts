// The built bin/pitfalls, driven as a user would: in a real pseudo-terminal, through a pipe, and
// with bad input.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from '@lydell/node-pty';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, root, runCli } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Like a person at a terminal: no CI variable, a real TTY of the given width. */
function inTerminal(args: string[], cols: number): Promise<{ code: number; raw: string; text: string }> {
  const env = { ...process.env } as Record<string, string>;
  delete env.CI;
  delete env.NO_COLOR;
  const term = pty.spawn(process.execPath, [bin, ...args], { cols, rows: 60, cwd: root, env, name: 'xterm-256color' });
  let raw = '';
  term.onData((d) => (raw += d));
  return new Promise((resolve) => term.onExit(({ exitCode }) => setTimeout(() => resolve({ code: exitCode, raw, text: stripVTControlCharacters(raw).replace(/\r/g, '') }), 50)));
}

describe('in a real terminal', () => {
  it('runs fork-bomb live and in colour, then the two sides side by side, exit 0', async () => {
    const { code, raw, text } = await inTerminal(['run', 'fork-bomb'], 120);
    expect(code, text).toBe(0);
    expect(raw).toMatch(/\x1b\[3\dm/); // colour
    expect(text).toMatch(/▶ side 1 of 2 · [\d.]+ s · BROKEN fixtures\/fork-bomb\.c/); // the live view
    const lines = text.split('\n');
    expect(lines.some((l) => /^BROKEN\s+fixtures\/fork-bomb\.c\s+│ SAFE\s+lessons\/fork-bomb\/safe\.ts/.test(l)), text).toBe(true);
    expect(text).toMatch(/✓ pitfall shown, as expected/);
    expect(text).toMatch(/✓ clean, as expected/);
    expect(text).toMatch(/EAGAIN/);
    expect(text).toMatch(/What happened[\s\S]*Why[\s\S]*The rule[\s\S]*The safe way/);
  });

  it('stacks the sides on a terminal narrower than 100 columns', async () => {
    const { code, text } = await inTerminal(['run', 'fork-bomb', '--full'], 80);
    expect(code).toBe(0);
    expect(text).not.toMatch(/│ SAFE/);
    expect(text).toMatch(/^SAFE\s+lessons\/fork-bomb\/safe\.ts/m);
  });
});

describe('a learner at the terminal presses Ctrl-C', () => {
  it('is invited to press it for exit-in-handler, and the key travels into the program\'s own terminal', async () => {
    const env = { ...process.env } as Record<string, string>;
    delete env.CI;
    const term = pty.spawn(process.execPath, [bin, 'run', 'exit-in-handler'], { cols: 160, rows: 60, cwd: root, env, name: 'xterm-256color' });
    let raw = '';
    const pressed = new Set<string>();
    term.onData((d) => {
      raw += d;
      // Press it each time a side invites us (the live view redraws an invitation: each side once).
      for (const [, side] of stripVTControlCharacters(raw).matchAll(/▶ (\d+) of \d+: .* is ready\. Press Ctrl-C now/g)) {
        if (pressed.has(side)) continue;
        pressed.add(side);
        setTimeout(() => term.write('\x03'), 200);
      }
    });
    const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    const text = stripVTControlCharacters(raw).replace(/\r/g, '');
    expect(code, text).toBe(0);
    // Once per side that waits for it: the three builds and the twin.
    expect(pressed.size).toBe(4);
    expect(text.match(/Ctrl-C pressed: sent into the program's terminal\./g)).toHaveLength(4);
    expect(text).not.toMatch(/typed by pitfalls/);
    expect(text).toMatch(/record \d+: \[atexit\] journal saved/);
  });
});

describe('through a pipe', () => {
  it('prints plain text: no colour, no spinner frames, progress as plain lines', async () => {
    const result = await runCli(['run', 'fork-bomb'], { env: { COLUMNS: '120' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/\x1b/);
    expect(result.stderr).not.toMatch(/\x1b|\r/);
    expect(result.stderr).toMatch(/^- running broken side: fixtures\/fork-bomb\.c$/m);
    expect(result.stdout).toMatch(/BROKEN\s+fixtures\/fork-bomb\.c\s+│ SAFE/);
    expect(result.leftoverCount).toBe(0);
  });

  it('--json prints one document with a status, evidence and figures for each side', async () => {
    const result = await runCli(['run', 'fork-bomb', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.exitCode).toBe(0);
    expect(doc.containment.mode).toBeTypeOf('string');
    const [lesson] = doc.lessons;
    expect(lesson.id).toBe('fork-bomb');
    for (const side of [...lesson.broken, lesson.safe]) {
      expect(['manifested', 'clean', 'inconclusive']).toContain(side.status);
      expect(side.evidence.length).toBeGreaterThan(0);
      expect(side.timeToVerdictMs).toBeGreaterThan(0);
      expect(side.peakProcesses).toBeGreaterThan(0);
      expect(side.exit).toHaveProperty('reason');
    }
  });

  it('NO_COLOR and --no-color give plain text even where colour is forced', async () => {
    for (const env of [{ FORCE_COLOR: '1', NO_COLOR: '' }, { NO_COLOR: '1' }]) {
      const args = env.FORCE_COLOR ? ['--no-color', 'list'] : ['list'];
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/\x1b/);
    }
  });
});

describe('the other commands', () => {
  it('list shows the lessons in order, and --json gives them as data', async () => {
    const text = await runCli(['list']);
    expect(text.stdout).toMatch(/^\s*1\s+fork-bomb\s+Fork bomb/m);
    const json = JSON.parse((await runCli(['list', '--json'])).stdout);
    expect(json[0]).toMatchObject({ id: 'fork-bomb', order: 10 });
  });

  it('show sets the C and the TypeScript side by side with the pitfall marked', async () => {
    const result = await runCli(['show', 'fork-bomb'], { env: { COLUMNS: '160' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/BROKEN\s+fixtures\/fork-bomb\.c\s+│ SAFE\s+lessons\/fork-bomb\/safe\.ts/);
    expect(result.stdout).toMatch(/▶\s*\d+\s+\/\* PITFALL: no _exit\(0\) here/);
  });

  it('doctor reports each check and the containment in force', async () => {
    const result = await runCli(['doctor', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Linux', 'C compiler', 'node-pty', 'containment']));
    expect(doc.checks.find((c: { name: string }) => c.name === 'containment').detail).toMatch(/^(cgroup-v1|cgroup-v2|uid|rlimit): /);
  });

  it('every --help ends with runnable examples, and the exit codes are documented', async () => {
    for (const command of [[], ['run'], ['list'], ['show'], ['doctor']]) {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Try the following:\n(\s+\$ (\w+=\w+ )?npx pitfalls .+\n)+\s*$/);
    }
    expect((await runCli(['run', '--help'])).stdout).toMatch(/Exit codes:[\s\S]*0 +every lesson behaved as taught[\s\S]*3 +environment problem/);
  });
});

describe('bad input', () => {
  it('an unknown lesson: exit 2, "did you mean", nothing run', async () => {
    const result = await runCli(['run', 'fork-bom']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/There is no lesson "fork-bom"\. Did you mean "fork-bomb"\?/);
    expect(result.stdout).toBe('');
    expect(result.leftoverCount).toBe(0);
  });

  it('a bad --timeout: exit 2 with what to give instead', async () => {
    for (const value of ['abc', '0', '-1', '9999']) {
      const result = await runCli(['run', 'fork-bomb', '--timeout', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toMatch(/give a number of seconds/);
    }
  });

  it('no lesson named and no --all: exit 2 with an example', async () => {
    const result = await runCli(['run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/npx pitfalls run fork-bomb/);
  });

  it('a missing compiler (CC pointing nowhere): exit 3, which package to install, nothing left behind', async () => {
    const cache = join(scratch, 'empty-cache');
    const result = await runCli(['run', 'fork-bomb'], { env: { CC: '/nowhere/cc', XDG_CACHE_HOME: cache } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/CC is set to "\/nowhere\/cc", which is not a C compiler/);
    expect(result.stderr).toMatch(/apt-get install gcc/);
    expect(result.leftoverCount).toBe(0);
    const cached = existsSync(join(cache, 'pitfalls', 'bin')) ? readdirSync(join(cache, 'pitfalls', 'bin')) : [];
    expect(cached.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('doctor on a machine with no compiler: exit 3, each problem with its fix', async () => {
    const result = await runCli(['doctor'], { env: { PATH: '/nonexistent', CC: '', CXX: '', XDG_CACHE_HOME: join(scratch, 'no-compiler') } });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/✗ C compiler\s+No C compiler found/);
    expect(result.stdout).toMatch(/→ install gcc: `sudo apt-get install gcc`/);
    expect(result.stdout).toMatch(/✗ supervisor\s+not built: it needs the C compiler/);
    expect(result.stdout).toMatch(/✓ containment/);
  });

  it('an unknown command: exit 2 with a suggestion', async () => {
    const result = await runCli(['runn', 'fork-bomb']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Did you mean run\?/);
  });
});
