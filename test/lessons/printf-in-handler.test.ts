import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('printf-in-handler', () => {
  it('deadlocks on its own heap lock in a futex every run, proven well before the time limit; the twin answers every signal', async () => {
    for (const outcome of await runBothWays('printf-in-handler')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      expect(evidence).toMatch(/state S, wchan \S*futex\S*: waiting for a lock \(a private futex, no timeout\), with no other thread in its process to release it; no CPU progress for \d+ ms/);
      // One thread, waiting for a lock: nobody else is there to release it.
      expect(evidence).toMatch(/has 1 thread\b/);
      expect(broken.observation.stoppedBecause).toBe('the pitfall was proven');
      // Proven within a second of the start (typically ~0.3 s), far from the 5 s time limit.
      expect(broken.verdict.atMs).toBeLessThan(1000);

      const safe = outcome.safe;
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      const lines = safe.observation.output.split('\n').filter(Boolean);
      // Every line whole: a progress line, a record, the monitor's count or the summary, nothing torn.
      for (const line of lines) expect(line).toMatch(/^(progress: \d+ records|record \d+|monitor: sent \d+ SIGUSR1|done: \d+ records, \d+ progress lines)$/);
      const sent = Number(/monitor: sent (\d+)/.exec(safe.observation.output)?.[1]);
      const answered = Number(/(\d+) progress lines/.exec(safe.observation.output)?.[1]);
      expect(answered).toBeGreaterThan(50);
      expect(answered).toBeLessThanOrEqual(sent);
      expect(lines.filter((l) => l.startsWith('progress:'))).toHaveLength(answered);
    }
  });
});
