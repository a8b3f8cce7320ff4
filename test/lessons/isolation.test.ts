import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('isolation', () => {
  it('one tab thread\'s SIGSEGV kills the browser, every run; a tab process\'s SIGSEGV is contained', async () => {
    for (const outcome of await runBothWays('isolation')) {
      const [broken] = outcome.broken;
      expect(broken.observation.exit).toMatchObject({ reason: 'exited', signal: 'SIGSEGV' });
      // All the tabs were threads of the one process that died.
      expect(broken.verdict.evidence.join('\n')).toMatch(/was killed by SIGSEGV; it ran 5 threads \(the most seen at once\), and all of them ended with it/);
      expect(broken.observation.output).not.toMatch(/all tabs done/);
      // The twin: the browser survived, saw the tab die of SIGSEGV, reloaded it, and every tab finished.
      const { output, exit } = outcome.safe.observation;
      expect(exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(output).toMatch(/browser: tab 2 crashed \(SIGSEGV\): showing a sad tab, reloading it/);
      const afterCrash = output.slice(output.indexOf('crashed'));
      for (const tab of [0, 1, 3]) expect(afterCrash).toMatch(new RegExp(`tab ${tab}: frame 9`));
      expect(afterCrash).toMatch(/tab 2: frame 9/);
      expect(output).toMatch(/browser: all 4 tabs done/);
      expect(outcome.safe.peakProcesses).toBe(5);
    }
  });
});
