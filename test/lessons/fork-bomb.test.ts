import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('fork-bomb', () => {
  it('doubles up to the cap and fails with EAGAIN every run; the pool stays at 5, every run', async () => {
    for (const outcome of await runBothWays('fork-bomb')) {
      const [broken] = outcome.broken;
      // Sampled every 10 ms: never more tasks than the cap.
      expect(broken.peakProcesses).toBeLessThanOrEqual(broken.observation.cap);
      expect(broken.peakProcesses).toBeGreaterThan(5);
      expect(broken.verdict.evidence.join('\n')).toMatch(/1 → 2 → 4 → 8/);
      expect(broken.verdict.evidence.join('\n')).toMatch(/EAGAIN/);
      expect(outcome.safe.peakProcesses).toBeLessThanOrEqual(5);
      expect(outcome.safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
