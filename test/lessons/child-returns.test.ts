import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('child-returns', () => {
  it('the child returns into main() and saves the results too, every run; in the twin only the parent does', async () => {
    for (const outcome of await runBothWays('child-returns')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      // Which pids ran the parent-only code, from /proc: the child first, then the parent.
      const [evidence] = broken.verdict.evidence;
      // Who printed the parent-only line: the program and one other pid, its child.
      const match = /^save_results \(code meant for the parent only\) was done twice where the job does it once, by pid (\d+)(?: \(the program\))?, pid (\d+)/.exec(evidence);
      expect(match, evidence).not.toBeNull();
      const pids = [Number(match![1]), Number(match![2])];
      expect(pids).toContain(program);
      const child = pids.find((pid) => pid !== program)!;
      // The same child said hello first: it carried both names.
      const names = broken.observation.samples.flatMap((s) => s.processes.filter((p) => p.pid === child).map((p) => p.comm));
      expect(names.indexOf('say_hello')).toBeGreaterThanOrEqual(0);
      expect(names.lastIndexOf('say_hello')).toBeLessThan(names.indexOf('save_results'));
      expect(broken.verdict.atMs).toBeLessThan(2000);

      const safe = outcome.safe;
      expect(safe.verdict.evidence).toContain(`save_results (code meant for the parent only) was done once, by pid ${safe.observation.programPid} (the program), as the job wants`);
      const hello = safe.observation.samples.flatMap((s) => s.processes.filter((p) => p.comm === 'say_hello').map((p) => p.ppid));
      expect(new Set(hello)).toEqual(new Set([safe.observation.programPid]));
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
