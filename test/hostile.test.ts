// Containment against a hostile program, as a learner's `check` would run it: what it tries, what the
// runner lets it do, and what is left after. (kill(-1) is not tried here: only inside a PID namespace
// a test makes itself could a failure not reach the machine.)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

describe('a hostile program run as a learner\'s file', () => {
  it('cannot reach the terminal, signal outside its run, become root or leave files; its output is bounded and shown, not obeyed', async () => {
    const lesson = await findLesson('fork-bomb');
    const [spec] = brokenSpecs(lesson, {}, join(root, 'test', 'data', 'hostile', 'probe.c'));
    const outcome = await runSide({ ...spec, command: [...spec.command, String(sentinel.pid)], expected: 'clean' }, detectContainment());
    const said = new Map(outcome.observation.output.split('\n').filter((l) => /^[\w-]+: /.test(l)).map((l) => l.split(/: (.*)/s).slice(0, 2) as [string, string]));
    const summary = JSON.stringify(Object.fromEntries(said));
    expect(said.get('tty'), summary).toMatch(/No such device or address/);
    expect(said.get('kill-sentinel'), summary).not.toBe('yes');
    expect(said.get('setuid-root'), summary).not.toBe('yes');
    expect(said.get('no-new-privs'), summary).toBe('1');
    if (process.getuid?.() === 0) expect(said.get('uid'), summary).not.toBe('0');
    // The supervisor ignores signals from the program: the run ended by itself, and was reported.
    expect(outcome.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    expect(sentinel.exitCode).toBeNull();
    // The run's scratch directory took its file; what it wrote outside is gone with the run.
    expect(said.get('write-cwd'), summary).toBe('yes');
    expect(existsSync('/tmp/pitfalls-hostile-probe-file')).toBe(false);
    // Escape sequences are shown as symbols, never passed on; a 4 MiB line without an end is cut.
    expect(said.get('escapes')).toBe('␛]0;PWNED␇ ␛]52;c;SGVsbG8=␇ ␛[2J');
    expect(outcome.observation.output).not.toMatch(/\u001b/);
    expect(outcome.observation.output.length).toBeLessThan(200 * 1024);
    expect(leftovers().filter((line) => !line.startsWith(`${sentinel.pid} `))).toEqual([]);
  });
});
