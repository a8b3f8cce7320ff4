// Which hint a learner sees next: the one that answers what their last run showed, else the next in order.
import type { Hint, HintTrigger, Lesson } from '../lesson.js';
import type { Verdict } from '../runner/outcome.js';

/** What a hint can be keyed to: a check's answer and the verdict of each build it ran (a CheckRun fits). */
export interface CheckedRun {
  answer: 'fixed' | 'not-fixed' | 'not-judged';
  sides: Array<{ verdict: Verdict }>;
}

export type NextHint =
  | {
      kind: 'hint';
      hint: Hint;
      /** Index in lesson.practice.hints. */
      index: number;
      /** What the learner reads: "hint {number} of {total}". */
      number: number;
      total: number;
      /** True when it was chosen because the last run showed its trigger. */
      matched: boolean;
      /**
       * The learner's hintsUsed once it is shown: the count of hints seen in order, from the first.
       * A hint shown out of order does not move it (only what is seen from the start on counts).
       */
      hintsUsed: number;
    }
  | { kind: 'no-more'; total: number }
  | { kind: 'no-practice' };

/** True when the run's evidence shows what the trigger names. */
export function triggerMatches(trigger: HintTrigger, run: CheckedRun): boolean {
  return run.sides.some(({ verdict }) => {
    if ('sign' in trigger) return verdict.shownSigns?.includes(trigger.sign) ?? false;
    if ('jobPart' in trigger) return (verdict.job ?? []).some((part) => part.kind === trigger.jobPart && part.done === false);
    return verdict.reason === trigger.reason;
  });
}

/**
 * The next hint to show. Hints before `hintsUsed` and those in `alsoSeen` (shown out of order in this
 * session) are seen. After a failed check, the first unseen hint whose `when` matches what that run
 * observed comes first; otherwise the first unseen hint in order.
 */
export function nextHint(lesson: Pick<Lesson, 'practice'>, hintsUsed: number, lastCheck?: CheckedRun, alsoSeen: ReadonlySet<number> = new Set()): NextHint {
  const hints = lesson.practice?.hints;
  if (!hints) return { kind: 'no-practice' };
  const isSeen = (index: number) => index < hintsUsed || alsoSeen.has(index);
  const unseen = hints.map((_, index) => index).filter((index) => !isSeen(index));
  if (unseen.length === 0) return { kind: 'no-more', total: hints.length };
  const failed = lastCheck !== undefined && lastCheck.answer !== 'fixed';
  const matchedIndex = failed ? unseen.find((index) => hints[index].when !== undefined && triggerMatches(hints[index].when!, lastCheck)) : undefined;
  const index = matchedIndex ?? unseen[0];
  // The seen prefix grows only when the hint shown is next in order (or closes a gap before others seen).
  let used = Math.max(0, hintsUsed);
  while (used < hints.length && (used === index || alsoSeen.has(used))) used++;
  return { kind: 'hint', hint: hints[index], index, number: index + 1, total: hints.length, matched: matchedIndex !== undefined, hintsUsed: used };
}
