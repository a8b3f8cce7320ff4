import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('double-fork', () => {
  it('four processes where three were meant and do_stuff1 twice, every run; the twin starts exactly two children', async () => {
    for (const outcome of await runBothWays('double-fork')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      const [processes] = broken.verdict.evidence;
      // The whole tree, from the kernel's fork events: four processes, a grandchild under the first child.
      const tree = new RegExp(`^4 processes in the run where the job needs 3: pid ${program} \\([^)]*\\) → (\\d+) \\([^)]*\\), (\\d+) \\([^)]*\\); (\\d+) → (\\d+)`).exec(processes);
      expect(tree, processes).not.toBeNull();
      expect([tree![1], tree![2]]).toContain(tree![3]);
      expect(broken.verdict.atMs).toBeLessThan(1000);
      // The program said the same, each process for itself.
      expect(broken.observation.output.match(/^do_stuff1: /gm)).toHaveLength(2);

      const safe = outcome.safe;
      const children = new Set(safe.observation.samples.flatMap((s) => s.processes.filter((p) => p.ppid === safe.observation.programPid).map((p) => p.pid)));
      expect(children.size).toBe(2);
      expect(safe.verdict.evidence).toContainEqual(expect.stringMatching(/^3 processes in the run, the program included \(the job needs 3/));
      expect(safe.verdict.job?.every((part) => part.done)).toBe(true);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
