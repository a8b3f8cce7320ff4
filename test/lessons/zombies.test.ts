import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('zombies', () => {
  it('five children stay <defunct> under a living parent until the reaper collects them; the twin reaps each at once', async () => {
    for (const outcome of await runBothWays('zombies')) {
      const [broken] = outcome.broken;
      const program = broken.observation.programPid;
      const [zombies, reaped] = broken.verdict.evidence;
      // Seen in /proc: five children of the program in state Z for 250 ms while it lived, proven within a second.
      expect(zombies).toMatch(new RegExp(`^5 zombies \\(state Z, <defunct>\\) in /proc at \\d+ ms: pids (\\d+, ){4}\\d+, children of pid ${program} `));
      expect(broken.verdict.atMs).toBeLessThan(1000);
      const lastAlive = broken.observation.samples.filter((s) => s.processes.some((p) => p.pid === program && p.state !== 'Z')).at(-1)!;
      expect(lastAlive.processes.filter((p) => p.ppid === program && p.state === 'Z')).toHaveLength(5);
      // Once the parent was gone, the run's reaper (the init of its PID namespace, PID 1 there) reaped it and its five zombies.
      expect(broken.observation.exit.reaped).toBe(6);
      expect(reaped).toMatch(/5 zombie children still unreaped; they passed to the run.s init \(PID 1 of its own PID namespace\), which reaped 6 processes/);

      // The twin: five workers, five 'exit' events, and no zombie ever outlived its parent's prompt wait.
      const safe = outcome.safe;
      expect(safe.observation.output.match(/exited \(code 0\) and was reaped/g)).toHaveLength(5);
      expect(safe.observation.output).toMatch(/parent: done, 5 of 5 workers reaped/);
      expect(safe.verdict.evidence).toContainEqual(expect.stringMatching(/^no zombie (with a living parent at any sample|lasted 250 ms)/));
      const workers = new Set(safe.observation.samples.flatMap((s) => s.processes.filter((p) => p.ppid === safe.observation.programPid).map((p) => p.pid)));
      expect(workers.size).toBe(5);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0, reaped: 1 });
    }
  });
});
