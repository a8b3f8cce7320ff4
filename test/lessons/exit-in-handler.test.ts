import { describe, expect, it } from 'vitest';
import { runBothWays } from '../helpers/lessons.js';

describe('exit-in-handler', () => {
  it('Ctrl-C typed into the terminal: exit() flushes half a record, _exit() flushes nothing, exit() during atexit() hangs, the twin finishes the record', async () => {
    for (const outcome of await runBothWays('exit-in-handler')) {
      const [withExit, withUnderscoreExit, inAtexit] = outcome.broken;
      // exit() from the handler: the atexit line lands inside record 1, written by the exit path's flush.
      expect(withExit.verdict.evidence.join('\n')).toMatch(/record 1: \[atexit\] journal saved/);
      expect(withExit.observation.exit).toMatchObject({ reason: 'exited', code: 130 });
      // _exit() from the handler: nothing of the program ran, so nothing half-done, and nothing flushed.
      expect(withUnderscoreExit.observation.output).toMatch(/record 0: ok/);
      expect(withUnderscoreExit.observation.output).not.toMatch(/record 1|journal saved/);
      expect(withUnderscoreExit.observation.exit).toMatchObject({ reason: 'exited', code: 130 });
      // exit() from the handler while main is inside atexit(): it waits for the exit-handlers lock main holds, for ever.
      expect(inAtexit.verdict.evidence.join('\n')).toMatch(/pid \d+ \(exit-in-handler\) state S, wchan futex\w*: waiting for a lock \(a private futex, no timeout\), with no other thread in its process to release it/);
      expect(inAtexit.verdict.shownSigns).toEqual(['lock-without-owner']);
      expect(inAtexit.observation.exit).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
      expect(inAtexit.observation.output).not.toMatch(/journal saved/);
      // The twin: the SIGINT listener noted it, the record was finished, then the cleanup ran.
      expect(outcome.safe.observation.output).toMatch(/record 1: (\^C)?ok\n\[exit\] journal saved\n/);
      expect(outcome.safe.observation.exit).toMatchObject({ reason: 'exited', code: 130 });
    }
  });
});
