import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('fork-with-threads', () => {
  it("leaves the child waiting in a futex for a lock whose owner it lacks, every run; the twin's child runs echo", async () => {
    for (const outcome of await runBothWays('fork-with-threads')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      const blocked = /pid (\d+) \(\S+\) state S, wchan \S*futex\S*: waiting for a lock \(a private futex, no timeout\), with no other thread in its process to release it; no CPU progress for \d+ ms/.exec(evidence);
      expect(blocked, evidence).not.toBeNull();
      // The blocked one is the child: one thread, while its parent still has its logger thread.
      expect(blocked![1]).not.toBe(String(broken.observation.programPid));
      expect(evidence).toMatch(new RegExp(`pid ${blocked![1]} \\(\\S+\\) has 1 thread; its parent pid ${broken.observation.programPid} \\(\\S+\\) had 2 threads`));
      expect(broken.observation.stoppedBecause).toBe('the pitfall was proven');
      // Proven within a second of the start (typically ~0.3 s), far from the 5 s time limit.
      expect(broken.verdict.atMs).toBeLessThan(1000);
      // The parent took the same lock after the fork; the child never printed its line.
      expect(broken.observation.output).toMatch(/parent: started child \d+/);
      expect(broken.observation.output).not.toMatch(/child: starting echo/);

      const safe = outcome.safe;
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(safe.observation.output).toMatch(/the logger holds the lock \(1\); starting echo\nhello from the child's program\n/);
      expect(safe.observation.output).toMatch(/echo \(pid \d+\) exited with 0/);
    }
  });
});
