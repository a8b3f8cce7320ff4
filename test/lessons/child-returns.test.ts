import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('child-returns', () => {
  it('the child returns into main() and saves the results too, every run; in the twin only the parent does', async () => {
    for (const outcome of await runBothWays('child-returns')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      // Which pids ran the parent-only code, from /proc: the child first, then the parent.
      const [evidence] = broken.verdict.evidence;
      const match = new RegExp(`^save_results \\(code meant for the parent only\\) ran twice where the job runs it once: pid (\\d+), child of the program \\(pid ${program}\\); pid ${program}, the program$`).exec(evidence);
      expect(match, evidence).not.toBeNull();
      const child = Number(match![1]);
      // The same child said hello first: it carried both names.
      const names = broken.observation.samples.flatMap((s) => s.processes.filter((p) => p.pid === child).map((p) => p.comm));
      expect(names.indexOf('say_hello')).toBeGreaterThanOrEqual(0);
      expect(names.lastIndexOf('say_hello')).toBeLessThan(names.indexOf('save_results'));
      expect(broken.verdict.atMs).toBeLessThan(2000);

      const safe = outcome.safe;
      expect(safe.verdict.evidence).toEqual([`save_results (code meant for the parent only) ran once, as the job wants: pid ${safe.observation.programPid}, the program`]);
      const hello = safe.observation.samples.flatMap((s) => s.processes.filter((p) => p.comm === 'say_hello').map((p) => p.ppid));
      expect(new Set(hello)).toEqual(new Set([safe.observation.programPid]));
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
