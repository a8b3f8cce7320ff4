import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/runner/outcome.js';
import { runBothWays } from '../helpers/lessons.js';

const reported = (reports: Report[], key: string) => Number(reports.find((r) => r.key === key)?.value);

describe('self-pipe', () => {
  it('the safe C (self-pipe and signalfd) and the twin handle a storm in the main loop: clean, every run', async () => {
    for (const outcome of await runBothWays('self-pipe')) {
      const [selfPipe, signalFd] = outcome.broken;
      for (const side of [selfPipe, signalFd, outcome.safe]) {
        expect(side.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
        expect(side.verdict.evidence.join('\n')).toMatch(/was not killed by a signal/);
        const sent = reported(side.observation.reports, 'sent');
        const handled = reported(side.observation.reports, 'handled');
        // Standard signals coalesce: some of the storm arrives, never more than was sent.
        expect(sent).toBe(20000);
        expect(handled).toBeGreaterThan(0);
        expect(handled).toBeLessThanOrEqual(sent);
      }
      // Self-pipe: one byte per handler run, every byte read and handled by the main loop (plus SIGCHLD's byte).
      const delivered = reported(selfPipe.observation.reports, 'delivered');
      expect(reported(selfPipe.observation.reports, 'handled')).toBe(delivered);
      expect(selfPipe.observation.output).toContain(`the handler ran ${delivered} times, a byte each; ${delivered + 1} bytes read (1 for SIGCHLD)`);
      expect(signalFd.observation.output).toMatch(/signalfd records read \(1 for SIGCHLD\)/);
      // The twin's listener ran on the main thread, by /proc/thread-self.
      expect(outcome.safe.observation.reports.find((r) => r.key === 'handler_thread')?.value).toMatch(/^thread (\d+) of pid \1 \(the main thread\), isMainThread true$/);
    }
  });
});
