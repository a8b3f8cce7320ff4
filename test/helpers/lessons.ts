// Runs a lesson the way `pitfalls run` does and checks it behaved as taught, and left nothing behind.
import { expect } from 'vitest';
import { findLesson } from '../../dist/src/catalog.js';
import { runLesson } from '../../dist/src/runner/run-lesson.js';
import { readTree } from '../../dist/src/runner/proc.js';
import type { LessonOutcome } from '../../src/runner/outcome.js';

export const RUNS = 5;

/** Processes still descending from this test process: a lesson must leave none, zombies included. */
export function leftovers(): string[] {
  return readTree(process.pid).map((p) => `${p.pid} ${p.state} ${p.comm}`);
}

/** Runs the lesson `runs` times; every broken build must show what it is expected to (manifest, by default) and the twin stay clean, each time. */
export async function runBothWays(id: string, runs = RUNS): Promise<LessonOutcome[]> {
  const lesson = await findLesson(id);
  const outcomes: LessonOutcome[] = [];
  for (let i = 0; i < runs; i++) {
    const outcome = await runLesson(lesson);
    const summary = JSON.stringify(
      [...outcome.broken, outcome.safe].map((s) => ({ side: s.side, status: s.verdict.status, evidence: s.verdict.evidence, exit: s.observation.exit })),
      null,
      1,
    );
    // A build may be expected to stay clean (Build.expect): one source meaning two things.
    outcome.broken.forEach((broken) => {
      expect(broken.verdict.status, `run ${i + 1}, broken: ${summary}`).toBe(broken.expected);
    });
    expect(outcome.safe.verdict.status, `run ${i + 1}, safe: ${summary}`).toBe('clean');
    expect(outcome.asTaught).toBe(true);
    expect(leftovers(), `run ${i + 1}: processes left behind`).toEqual([]);
    outcomes.push(outcome);
  }
  return outcomes;
}
