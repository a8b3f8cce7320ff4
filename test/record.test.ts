// `run --record FILE.cast` without --step: the session as asciicast v2 (a header, [time, "o", data] events in
// time order, [time, "m", label] markers at each side and each verdict), the outcome beside it as `run --json`
// shapes it; and a path that cannot be written: a usage error, exit 2, nothing left behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pitfalls-record-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --record', () => {
  it('records what run printed, with a marker at each side and the verdict, and the outcome beside it as --json gives it', async () => {
    const cast = join(dir, 'child-returns.cast');
    const result = await runCli(['run', 'child-returns', '--record', cast]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.leftoverCount).toBe(0);
    const [header, ...events] = readFileSync(cast, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as [number, string, string]);
    expect(header).toMatchObject({ version: 2, width: expect.any(Number), height: expect.any(Number), timestamp: expect.any(Number) });
    const times = events.map((e) => e[0]);
    expect(times.every((t) => typeof t === 'number' && t >= 0)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.every((e) => e[1] === 'o' || e[1] === 'm')).toBe(true);
    expect(events.filter((e) => e[1] === 'm').map((e) => e[2])).toEqual([
      'child-returns: the broken side, fixtures/child-returns.c',
      'child-returns: the safe twin, lessons/child-returns/safe.ts',
      'child-returns: the verdict',
    ]);
    // What the learner saw (stdout and stderr), a terminal's line ends, in the recording.
    const output = events.filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    expect(output).toContain(result.stdout.trim().split('\n').at(-1)!.trim());
    expect(output).toContain('- running broken side: fixtures/child-returns.c\r\n');
    expect(output).not.toMatch(/[^\r]\n/);
    // The outcome: the document `run --json` prints.
    const outcome = JSON.parse(readFileSync(join(dir, 'child-returns.json'), 'utf8'));
    expect(Object.keys(outcome).sort()).toEqual(['containment', 'exitCode', 'lessons', 'skipped']);
    expect(outcome.lessons[0]).toMatchObject({ id: 'child-returns', asTaught: true, broken: [{ side: 'broken', status: 'manifested' }], safe: { side: 'safe', status: 'clean' } });
    expect(outcome.exitCode).toBe(0);
  });

  it('a path that cannot be written: a usage error naming the next step, exit 2, nothing left behind', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    mkdirSync(join(empty, 'taken.cast'));
    for (const path of [join(dir, 'no-such-folder', 'x.cast'), join(empty, 'class.txt'), join(empty, 'taken.cast')]) {
      const result = await runCli(['run', 'child-returns', '--record', path]);
      expect(result.code, path).toBe(2);
      expect(result.said).toMatch(/--record .*: .*Give a writable file ending in \.cast, e\.g\. `npx pitfalls run fork-bomb --record fork-bomb\.cast`/s);
      // Refused before anything ran.
      expect(result.stderr).not.toMatch(/running broken side/);
      expect(result.leftoverCount).toBe(0);
    }
    expect(readdirSync(empty)).toEqual(['taken.cast']);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});
