import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../../dist/src/catalog.js';
import { fixturesDir, packageRoot } from '../../dist/src/paths.js';
import { compile } from '../../dist/src/runner/compile.js';
import { detectContainment } from '../../dist/src/runner/containment.js';
import { runSide } from '../../dist/src/runner/launch.js';
import { planSides } from '../../dist/src/runner/run-lesson.js';
import { leftovers, RUNS, runBothWays } from '../helpers/lessons.js';

describe('signal-portability', () => {
  it('one source: the gnu11 build catches SIGUSR2 twice, the c11 build dies of the second, every run', async () => {
    for (const outcome of await runBothWays('signal-portability')) {
      const [gnu11, c11] = outcome.broken;
      expect(gnu11.label).toMatch(/-std=gnu11/);
      expect(c11.label).toMatch(/-std=c11/);
      // Killed by the second SIGUSR2, as the supervisor's wait status says, after read() failed with EINTR.
      expect(c11.verdict.status).toBe('manifested');
      expect(c11.observation.exit).toMatchObject({ reason: 'exited', signal: 'SIGUSR2' });
      expect(c11.verdict.evidence.join('\n')).toMatch(/was killed by SIGUSR2/);
      expect(c11.observation.output.match(/caught SIGUSR2/g)).toHaveLength(1);
      expect(c11.observation.reports.map((r) => `${r.key}=${r.value}`)).toContain('read=EINTR');
      // BSD semantics: both caught, read() restarted, a normal exit.
      expect(gnu11.verdict.status).toBe('clean');
      expect(gnu11.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(gnu11.observation.output.match(/caught SIGUSR2/g)).toHaveLength(2);
      expect(gnu11.observation.output).not.toMatch(/EINTR/);
      expect(outcome.safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(outcome.safe.observation.output).toMatch(/caught SIGUSR2 \(2\)/);
    }
  });

  it('the fix, sigaction with explicit flags, is judged clean under both builds, every run', async () => {
    const lesson = await findLesson('signal-portability');
    const solution = join(packageRoot, 'fixtures', 'solutions', 'signal-portability.c');
    const containment = detectContainment();
    const brokenSpecs = planSides(lesson).filter((s) => s.side === 'broken');
    expect(brokenSpecs).toHaveLength(lesson.broken.builds!.length);
    for (const [b, build] of lesson.broken.builds!.entries()) {
      // Built as check builds a learner's file: the fixtures' header, pitfalls.h, from the fixtures folder.
      const { binary } = compile(solution, [...build.flags, `-I${fixturesDir}`]);
      // The same spec the lesson runs its fixture with (limits, expectation), with the fix as the program.
      const spec = { ...brokenSpecs[b], label: `solution.c (${build.label})`, command: [binary], files: [binary] };
      for (let i = 0; i < RUNS; i++) {
        const outcome = await runSide(spec, containment);
        const summary = JSON.stringify({ build: build.label, verdict: outcome.verdict, exit: outcome.observation.exit, output: outcome.observation.output });
        expect(outcome.verdict.status, summary).toBe('clean');
        expect(outcome.observation.exit, summary).toMatchObject({ reason: 'exited', code: 0 });
        expect(outcome.observation.output.match(/caught SIGUSR2/g), summary).toHaveLength(2);
        expect(outcome.observation.output, summary).not.toMatch(/EINTR/);
        expect(leftovers()).toEqual([]);
      }
    }
  });
});
