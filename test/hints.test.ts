// nextHint: the hint that answers what the last run showed comes first; otherwise the next unseen, in order.
import { describe, expect, it } from 'vitest';
import type { Hint } from '../src/lesson.js';
import type { Verdict } from '../src/runner/outcome.js';
import { nextHint, triggerMatches, type CheckedRun } from '../dist/src/practice/hints.js';

const hints: Hint[] = [
  { text: 'general' },
  { text: 'zombies', when: { sign: 'zombies' } },
  { text: 'children', when: { jobPart: 'children' } },
  { text: 'timeout', when: { reason: 'timeout' } },
  { text: 'last' },
];
const lesson = { practice: { solution: 'x.c', task: [], hints } };

function verdict(fields: Partial<Verdict>): Verdict {
  return { status: 'inconclusive', evidence: [], atMs: 0, settled: true, ...fields };
}
function run(answer: CheckedRun['answer'], ...verdicts: Verdict[]): CheckedRun {
  return { answer, sides: verdicts.map((v) => ({ verdict: v })) };
}

const zombiesShown = run('not-fixed', verdict({ status: 'manifested', shownSigns: ['zombies'] }));
const childrenMissing = run('not-judged', verdict({ reason: 'job-not-done', job: [{ part: '5 children', kind: 'children', done: false, evidence: '' }] }));
const timedOut = run('not-judged', verdict({ reason: 'timeout' }));

describe('triggerMatches', () => {
  it('matches a sign the run proved, a job part not done, the reason it was not judged', () => {
    expect(triggerMatches({ sign: 'zombies' }, zombiesShown)).toBe(true);
    expect(triggerMatches({ sign: 'runaway-processes' }, zombiesShown)).toBe(false);
    expect(triggerMatches({ jobPart: 'children' }, childrenMissing)).toBe(true);
    expect(triggerMatches({ jobPart: 'reaped' }, childrenMissing)).toBe(false);
    expect(triggerMatches({ reason: 'timeout' }, timedOut)).toBe(true);
    expect(triggerMatches({ reason: 'crashed' }, timedOut)).toBe(false);
  });

  it('a job part done, or unknown, is not a match', () => {
    const unknown = run('not-judged', verdict({ job: [{ part: 'c', kind: 'children', done: undefined, evidence: '' }] }));
    const done = run('not-judged', verdict({ job: [{ part: 'c', kind: 'children', done: true, evidence: '' }] }));
    expect(triggerMatches({ jobPart: 'children' }, unknown)).toBe(false);
    expect(triggerMatches({ jobPart: 'children' }, done)).toBe(false);
  });

  it('any build of the check may show it', () => {
    const twoBuilds = run('not-fixed', verdict({ status: 'clean' }), verdict({ status: 'manifested', shownSigns: ['zombies'] }));
    expect(triggerMatches({ sign: 'zombies' }, twoBuilds)).toBe(true);
  });
});

describe('nextHint', () => {
  it('without a check: in order, numbered, and the count of seen hints moves on', () => {
    const first = nextHint(lesson, 0);
    expect(first).toMatchObject({ kind: 'hint', index: 0, number: 1, total: 5, matched: false, hintsUsed: 1 });
    expect(nextHint(lesson, 3)).toMatchObject({ kind: 'hint', index: 3, number: 4, hintsUsed: 4 });
  });

  it('after a failed check: the hint whose trigger the run showed, first', () => {
    expect(nextHint(lesson, 0, zombiesShown)).toMatchObject({ index: 1, matched: true });
    expect(nextHint(lesson, 0, childrenMissing)).toMatchObject({ index: 2, matched: true });
    expect(nextHint(lesson, 0, timedOut)).toMatchObject({ index: 3, matched: true });
  });

  it('a hint shown out of order does not move the count past unseen ones', () => {
    const shown = nextHint(lesson, 0, childrenMissing);
    expect(shown).toMatchObject({ index: 2, hintsUsed: 0 });
    // The next one, with the same evidence and hint 3 seen this session: in order, from the first.
    const again = nextHint(lesson, 0, childrenMissing, new Set([2]));
    expect(again).toMatchObject({ index: 0, matched: false, hintsUsed: 1 });
    // Once 1 and 2 are seen in order, the count closes over the one seen out of order.
    expect(nextHint(lesson, 1, undefined, new Set([0, 2]))).toMatchObject({ index: 1, hintsUsed: 3 });
  });

  it('a matched hint already seen gives way to the next unseen one', () => {
    expect(nextHint(lesson, 2, zombiesShown)).toMatchObject({ index: 2, matched: false, hintsUsed: 3 });
  });

  it('a fixed check matches nothing: the order holds', () => {
    const fixed = run('fixed', verdict({ status: 'clean', shownSigns: ['zombies'] }));
    expect(nextHint(lesson, 0, fixed)).toMatchObject({ index: 0, matched: false });
  });

  it('says when there are no more, and when the lesson has no practice', () => {
    expect(nextHint(lesson, 5)).toEqual({ kind: 'no-more', total: 5 });
    expect(nextHint(lesson, 3, undefined, new Set([3, 4]))).toEqual({ kind: 'no-more', total: 5 });
    expect(nextHint({}, 0)).toEqual({ kind: 'no-practice' });
  });
});
