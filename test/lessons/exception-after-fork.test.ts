import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../../dist/src/catalog.js';
import { compile } from '../../dist/src/runner/compile.js';
import { runBothWays } from '../helpers/lessons.js';

describe('exception-after-fork', () => {
  it('the failed exec throws into the parent\'s handler in the child: two parents, every run; the twin gets ENOENT', async () => {
    for (const outcome of await runBothWays('exception-after-fork')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      const [evidence] = broken.verdict.evidence;
      const match = /^parent_work \(the parent's work\) was done twice where the job does it once, by pid (\d+)(?: \(the program\))?, pid (\d+)/.exec(evidence);
      expect(match, evidence).not.toBeNull();
      expect([Number(match![1]), Number(match![2])]).toContain(program);
      const child = [Number(match![1]), Number(match![2])].find((pid) => pid !== program)!;
      // The child got there through main()'s catch: it said so, with the exec's error.
      expect(broken.observation.output).toContain(`pid ${child}: could not start the helper (exec no-such-helper failed: No such file or directory); carrying on without it`);
      expect(broken.verdict.atMs).toBeLessThan(1000);

      const safe = outcome.safe;
      expect(safe.verdict.evidence).toContain(`parent_work (the parent's work) was done once, by pid ${safe.observation.programPid} (the program), as the job wants`);
      expect(safe.observation.output).toMatch(new RegExp(`pid ${safe.observation.programPid}: could not start the helper \\(ENOENT: `));
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });

  it('without a C++ compiler, says how to get one and exits 3', async () => {
    const lesson = await findLesson('exception-after-fork');
    const empty = mkdtempSync(join(tmpdir(), 'pitfalls-no-cxx-'));
    expect(() => compile(lesson.fixturePath, [], [], { PATH: empty, HOME: empty })).toThrow(
      expect.objectContaining({
        exitCode: 3,
        message: expect.stringMatching(/^No C\+\+ compiler found \(tried c\+\+, g\+\+, clang\+\+ on PATH, and \$CXX\)\. Install one: Debian\/Ubuntu `sudo apt-get install g\+\+`/),
      }),
    );
    rmSync(empty, { recursive: true, force: true });
  });
});
