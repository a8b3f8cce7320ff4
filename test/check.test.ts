// `pitfalls check`, as a learner meets it: bad input named with its next step, compiler errors as the
// compiler gives them, the shipped fixture not fixed, a fix fixed, and nothing left behind.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, runCli } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-check-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('pitfalls check: bad input', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['an unknown lesson', () => ['check', 'fork-bom', join(root, 'fixtures', 'fork-bomb.c')], /no lesson "fork-bom".*Did you mean "fork-bomb"/s],
    ['a missing file', () => ['check', 'fork-bomb', join(scratch, 'nowhere.c')], /does not exist.*npx pitfalls check fork-bomb/s],
    ['a directory', () => ['check', 'fork-bomb', scratch], /is a directory/],
    ['a binary', () => {
      const file = join(scratch, 'a.out.c');
      writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
      return ['check', 'fork-bomb', file];
    }, /binary file, not C source/],
    ['a file of another language', () => {
      const file = join(scratch, 'fix.py');
      writeFileSync(file, 'print("hello")\n');
      return ['check', 'fork-bomb', file];
    }, /not a C \(\.c\) file/],
    ['C++ for a C lesson', () => {
      const file = join(scratch, 'fix.cc');
      writeFileSync(file, 'int main() {}\n');
      return ['check', 'fork-bomb', file];
    }, /is C\+\+, but lesson fork-bomb's program is C/],
    ['a bad --runs', () => ['check', 'fork-bomb', join(root, 'fixtures', 'fork-bomb.c'), '--runs', '0'], /whole number of runs/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, the next step named, nothing left`, async () => {
      const result = await runCli(args());
      expect(result.code, result.stderr).toBe(2);
      expect(result.said).toMatch(message);
      expect(result.stdout).toBe('');
      expect(result.leftovers).toEqual([]);
    });
  }

  it('a file that does not compile: the compiler\'s own message, exit 1', async () => {
    const file = join(scratch, 'broken-syntax.c');
    writeFileSync(file, 'int main(void) { return undefined_thing; }\n');
    const result = await runCli(['check', 'fork-bomb', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/undefined_thing/);
    expect(result.stderr).toMatch(/did not compile.*npx pitfalls check fork-bomb/s);
  });
});

describe('pitfalls check: answers', () => {
  it('the shipped fixture is not fixed (exit 1), with its evidence', async () => {
    const result = await runCli(['check', 'fork-bomb', join(root, 'fixtures', 'fork-bomb.c')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not fixed/);
    expect(result.stdout).toMatch(/children fork in their turn/);
    expect(result.leftovers).toEqual([]);
  });

  it('the lecture\'s fix, in a folder of the learner\'s with pitfalls.h nowhere near, is fixed (exit 0); --json says so', async () => {
    const dir = join(scratch, 'practice');
    mkdirSync(dir, { recursive: true });
    const fixed = join(dir, 'fork-bomb.c');
    copyFileSync(join(root, 'fixtures', 'fork-bomb.c'), fixed);
    const { readFileSync } = await import('node:fs');
    writeFileSync(fixed, readFileSync(fixed, 'utf8').replace('do_stuff();\n', 'do_stuff();\n            _exit(0);\n'));
    const result = await runCli(['check', 'fork-bomb', fixed, '--json', '--runs', '2']);
    const document = JSON.parse(result.stdout);
    expect(document.answer, result.stdout).toBe('fixed');
    expect(document.runs).toHaveLength(2);
    expect(document.runs[0].builds[0].job[0]).toMatchObject({ done: true });
    expect(result.code).toBe(0);
    expect(result.leftovers).toEqual([]);
  });
});
