import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('pipe-full', () => {
  it('both processes block in pipe_write with 64 KiB in each pipe, every run; the streams drain both ways, every run', async () => {
    for (const outcome of await runBothWays('pipe-full')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      const blocked = evidence.match(/pid \d+ \(.*\) state S, wchan \w*pipe_write: blocked writing pipe:\[\d+\], and every holder of its read end is stuck too or never uses it; no CPU progress for \d+ ms/g) ?? [];
      expect(blocked).toHaveLength(2);
      // Each waits to write into a pipe whose only reader is the other, blocked too.
      expect(evidence.match(/waits to write at fd \d+; its read end is held only by pid \d+ \(.*\) fd \d+ \(blocked too, in \w*pipe_write\), so nobody reads/g)).toHaveLength(2);
      const capacity = Number(/reported a pipe capacity of (\d+) bytes/.exec(evidence)?.[1]);
      expect(capacity).toBe(65536);
      expect(evidence.match(new RegExp(`had written ${capacity} bytes before the write that blocked`, 'g'))).toHaveLength(2);
      expect(broken.verdict.atMs).toBeLessThan(2000);

      const { safe } = outcome;
      expect(safe.observation.output).toMatch(/A received 4194304 bytes \(sent 4194304, waited for 'drain' [1-9]\d* times\)/);
      expect(safe.observation.output).toMatch(/B received 4194304 bytes \(sent 4194304, waited for 'drain' \d+ times\)/);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
