// A --timeout too short for the lesson is said as such, with the lesson's own wall clock as a command to
// type; a side that ran out of the lesson's own time, or a lesson not as taught for another reason, keeps
// the general advice. Built from a recorded outcome, the sides ended as the judge ends them for want of time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../dist/src/catalog.js';
import { checkTimeoutAdvice, notAsTaughtAdvice, ownTimeoutMs } from '../dist/src/render/sentences.js';
import type { LessonOutcome, SideOutcome } from '../src/runner/outcome.js';

const recorded = JSON.parse(readFileSync(new URL('./data/fork-bomb-outcome.json', import.meta.url), 'utf8')) as LessonOutcome;
const lesson = await findLesson('fork-bomb');

/** The side as the judge leaves it when its wall clock (`timeoutMs`) ran out before anything could be said. */
function endedByClock(side: SideOutcome, timeoutMs: number): SideOutcome {
  const evidence = [`the program did not finish within the ${timeoutMs} ms allowed and was ended`];
  return {
    ...side,
    verdict: { ...side.verdict, status: 'inconclusive', reason: 'timeout', evidence },
    observation: { ...side.observation, timeoutMs, exit: { ...side.observation.exit, reason: 'timeout' } },
  };
}

function outcomeWith(broken: SideOutcome[], safe: SideOutcome): LessonOutcome {
  return { ...recorded, broken, safe, asTaught: false };
}

describe('the advice when a lesson did not behave as taught', () => {
  it('--timeout 0.05: too short for this lesson, and the lesson\'s own clock as a command to type', () => {
    const outcome = outcomeWith(recorded.broken.map((s) => endedByClock(s, 50)), endedByClock(recorded.safe, 50));
    const advice = notAsTaughtAdvice(outcome, lesson);
    expect(advice).toMatch(/^The --timeout of 50 ms was too short for this lesson: every side was ended before/);
    expect(advice).not.toMatch(/doctor|again/);
    const own = ownTimeoutMs(lesson, 'safe');
    expect(advice).toContain(`\`npx pitfalls run fork-bomb --timeout ${Math.ceil(own / 1000)}\``);
  });

  it('only the broken side cut short: that side is named', () => {
    const outcome = outcomeWith(recorded.broken.map((s) => endedByClock(s, 300)), recorded.safe);
    expect(notAsTaughtAdvice(outcome, lesson)).toMatch(/^The --timeout of 300 ms was too short for this lesson: BROKEN was ended/);
  });

  it('a side that ran out of the lesson\'s own time (no --timeout), or any other miss: run it again, or doctor', () => {
    const own = ownTimeoutMs(lesson, 'broken');
    const hung = outcomeWith(recorded.broken.map((s) => endedByClock(s, own)), recorded.safe);
    expect(notAsTaughtAdvice(hung, lesson)).toMatch(/Run it again, or run `npx pitfalls doctor`/);
    const missed = outcomeWith(recorded.broken.map((s) => ({ ...s, verdict: { ...s.verdict, status: 'clean' as const } })), recorded.safe);
    expect(notAsTaughtAdvice(missed, lesson)).toMatch(/Run it again, or run `npx pitfalls doctor`/);
  });

  it('check: the learner\'s file cut short by --timeout gets the same advice, as a check command', () => {
    const advice = checkTimeoutAdvice(recorded.broken.map((s) => endedByClock(s, 50)), lesson, 'my-fix.c');
    expect(advice).toMatch(/^the --timeout of 50 ms was too short for this lesson \(it allows 5\.00 s\)/);
    expect(advice).toContain('`npx pitfalls check fork-bomb my-fix.c --timeout 5`');
    expect(checkTimeoutAdvice(recorded.broken, lesson, 'my-fix.c')).toBeUndefined();
  });
});
