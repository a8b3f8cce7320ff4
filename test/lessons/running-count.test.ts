import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('running-count', () => {
  it('pause() sleeps forever with every child gone, every run; the event loop never misses an exit', async () => {
    for (const outcome of await runBothWays('running-count')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      // Blocked in pause() (the wait channel's raw name varies by kernel: __do_sys_pause, sys_pause ...).
      expect(evidence).toMatch(/state S, wchan \S*pause\S* \(waiting for a signal\), no CPU progress for \d+ ms/);
      expect(evidence).toMatch(/none of its 5 children left to signal it/);
      expect(broken.observation.stoppedBecause).toBe('the pitfall was proven');
      // The twin saw all five children and exited by itself once they were gone.
      expect(outcome.safe.peakProcesses).toBe(6);
      expect(outcome.safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(outcome.safe.observation.output).toMatch(/All processes exited! 0 running processes/);
    }
  });
});
