import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('use-after-close', () => {
  it('the late log line lands in results.csv through the reused number, every run; the twin\'s closed handle refuses it, every run', async () => {
    for (const outcome of await runBothWays('use-after-close')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      // What the run left: the log line among the results.
      expect(evidence).toMatch(/"results\.csv" \(\d+ bytes\) holds "log: 3 results written": a log line, meant for "session\.log"/);
      // And in /proc/PID/fd, at the program's two snapshots: one number, two files.
      expect(evidence).toMatch(/in \/proc\/\d+\/fd: fd 3 was "session\.log" at \d+ ms \(log-open\), then "results\.csv" at \d+ ms \(results-open\)/);
      expect(broken.observation.files?.find((f) => f.name === 'session.log')?.text).toBe('log: session started\n');
      expect(broken.observation.exit).toMatchObject({ reason: 'exited', code: 0 });

      const { safe } = outcome;
      expect(safe.observation.output).toMatch(/a write through the closed log handle was refused: EBADF/);
      expect(safe.observation.files?.find((f) => f.name === 'results.csv')?.text).toBe('1,1\n2,4\n3,9\n');
      expect(safe.observation.files?.find((f) => f.name === 'session.log')?.text).toBe('log: session started\nlog: 3 results written\n');
      // Node reuses the number too: the handle, not the number, refused the write.
      expect(safe.verdict.evidence.join('\n')).toMatch(/in \/proc\/\d+\/fd: fd (\d+) was "session\.log" at \d+ ms \(log-open\), then "results\.csv" at \d+ ms \(results-open\)/);
    }
  });
});
