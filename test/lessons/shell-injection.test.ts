import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('shell-injection', () => {
  it('popen() hands the name to sh -c, which runs tee on "notes" and then touch, every run; the twin\'s tee gets the whole name as one argument, every run', async () => {
    for (const outcome of await runBothWays('shell-injection')) {
      const [broken] = outcome.broken;
      const evidence = broken.verdict.evidence.join('\n');
      expect(evidence).toMatch(/pid \d+ \(sh\), child of the program \(pid \d+\), ran argv \["sh","-c","tee notes; touch pwned"\]: a program the job never meant to run \(it runs tee\)/);
      expect(evidence).toMatch(/the run left "notes" \(51 bytes\), "pwned" \(0 bytes\) in its working directory: files the job never makes \(it makes "notes; touch pwned"\)/);
      expect(broken.observation.exit).toMatchObject({ reason: 'exited', code: 0 });

      const { safe } = outcome;
      expect(safe.verdict.evidence.join('\n')).toMatch(/the run's other processes ran only tee: pid \d+ \(tee\) ran argv \["tee","--","notes; touch pwned"\]/);
      expect(safe.observation.files).toEqual([{ name: 'notes; touch pwned', size: 51, text: 'note 1: buy milk\nnote 2: buy milk\nnote 3: buy milk\n' }]);
    }
  });
});
