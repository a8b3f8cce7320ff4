// Ctrl-C to `pitfalls` during a run (an aborted AbortSignal, as the CLI's SIGINT handler gives) must
// leave nothing behind: no process of the run, no zombie, whichever side was running, pty or not.
import { describe, expect, it } from 'vitest';
import { findLesson } from '../../dist/src/catalog.js';
import { runLesson } from '../../dist/src/runner/run-lesson.js';
import { leftovers } from '../helpers/lessons.js';

const LESSONS = ['running-count', 'exit-in-handler', 'self-pipe', 'isolation'];

describe('interrupted run', () => {
  for (const id of LESSONS) {
    for (const side of ['broken', 'safe'] as const) {
      it(`${id}: aborted while the ${side} side runs, nothing is left`, async () => {
        const lesson = await findLesson(id);
        const controller = new AbortController();
        let aliveAtAbort = 0;
        const run = runLesson(lesson, {
          signal: controller.signal,
          onSideStart: (spec) => ({
            // Abort at a sample that shows the side's processes alive: mid-run, not between sides.
            onSample: (sample) => {
              if (spec.side !== side || controller.signal.aborted) return;
              if (sample.processes.length >= 2 || (sample.processes.length > 0 && sample.t >= 100)) {
                aliveAtAbort = sample.processes.length;
                controller.abort();
              }
            },
          }),
        });
        await expect(run).rejects.toThrow(/Interrupted/);
        expect(aliveAtAbort).toBeGreaterThan(0);
        expect(leftovers()).toEqual([]);
      });
    }
  }
});
