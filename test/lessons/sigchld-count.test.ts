import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('sigchld-count', () => {
  it('ten exits, one SIGCHLD handler call, every run; the twin gets ten exit events', async () => {
    for (const outcome of await runBothWays('sigchld-count')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      // The observer saw all ten children; SIGCHLD was blocked until all had exited, so exactly one delivery.
      expect(evidence).toMatch(/^10 children of pid \d+ ended/m);
      expect(broken.observation.reports.filter((r) => r.key === 'sigchld').map((r) => r.value)).toEqual(['1']);
      expect(evidence).toMatch(/9 of 10 exits went uncounted/);
      expect(broken.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
      expect(broken.observation.output).toMatch(/All 10 children exited, received 1 SIGCHLDs/);

      const safe = outcome.safe;
      expect(safe.verdict.evidence.join('\n')).toMatch(/^10 children of pid \d+ ended/m);
      expect(safe.observation.reports.filter((r) => r.key === 'sigchld').map((r) => r.value)).toEqual(['10']);
      expect(safe.observation.exit).toMatchObject({ reason: 'exited', code: 0 });
    }
  });
});
