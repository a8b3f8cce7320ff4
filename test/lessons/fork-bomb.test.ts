import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('fork-bomb', () => {
  it('doubles up to the cap and fails with EAGAIN every run; the pool stays at 5, every run', async () => {
    for (const outcome of await runBothWays('fork-bomb')) {
      const [broken] = outcome.broken;
      // Sampled every 10 ms: never more tasks than the cap.
      expect(broken.peakProcesses).toBeLessThanOrEqual(broken.observation.cap);
      expect(broken.peakProcesses).toBeGreaterThan(5);
      // The counts it held on the way up, from the samples: from 1 to the cap, at most doubling per
      // round (a round skipped between two samples on a loaded machine allows 4x).
      const held = /process count ([\d → ]+) in/.exec(broken.verdict.evidence[0])![1].split(' → ').map(Number);
      expect(held[0]).toBe(1);
      // Up to the cap (exactly, under a pids cgroup; RLIMIT_NPROC also counts the user's other tasks).
      expect(held.at(-1)).toBeGreaterThan(broken.observation.cap / 2);
      expect(held.at(-1)).toBeLessThanOrEqual(broken.observation.cap);
      expect(held.length).toBeGreaterThanOrEqual(4);
      held.slice(1).forEach((n, i) => expect(n / held[i]).toBeLessThanOrEqual(4));
      expect(broken.verdict.evidence.join('\n')).toMatch(/EAGAIN/);
      expect(outcome.safe.peakProcesses).toBeLessThanOrEqual(5);
      expect(outcome.safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
