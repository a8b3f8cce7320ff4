import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('double-fork', () => {
  it('four processes where three were meant and do_stuff1 twice, every run; the twin starts exactly two children', async () => {
    for (const outcome of await runBothWays('double-fork')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      const [processes, ranTwice] = broken.verdict.evidence;
      // do_stuff1 ran in the program's first child and in that child's own child (in either order).
      expect(ranTwice).toMatch(/^do_stuff1 \(the first job\) ran twice where the job runs it once: pid \d+, [^;]+; pid \d+, [^;]+$/);
      const carriers = [...ranTwice.matchAll(/pid (\d+), child of (?:the program \(pid (\d+)\)|pid (\d+) \(do_stuff1\))/g)];
      expect(carriers).toHaveLength(2);
      const first = carriers.find((c) => Number(c[2]) === program)!;
      const grandchild = carriers.find((c) => c !== first)!;
      expect(grandchild[3]).toBe(first[1]);
      // The whole tree /proc showed: four processes, the grandchild under the first child.
      expect(processes).toMatch(new RegExp(`^4 processes in the run where the job needs 3: pid ${program} \\(`));
      expect(processes).toContain(`; ${first[1]} → ${grandchild[1]} (do_stuff1)`);
      expect(broken.verdict.atMs).toBeLessThan(1000);
      // The program said the same, each process for itself.
      expect(broken.observation.output.match(/^do_stuff1: /gm)).toHaveLength(2);

      const safe = outcome.safe;
      const children = new Set(safe.observation.samples.flatMap((s) => s.processes.filter((p) => p.ppid === safe.observation.programPid).map((p) => p.pid)));
      expect(children.size).toBe(2);
      expect(safe.verdict.evidence).toEqual([
        '3 processes in the run, the program included (the job needs 3)',
        expect.stringMatching(/^do_stuff1 \(the first job\) ran once, as the job wants: pid \d+, child of the program/),
      ]);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
