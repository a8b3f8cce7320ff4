import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../dist/src/catalog.js';
import { renderOutcome } from '../dist/src/render/outcome.js';
import { outcomesJson } from '../dist/src/render/json.js';
import { layout, sideBySide } from '../dist/src/render/columns.js';
import type { LessonOutcome } from '../src/runner/outcome.js';

// A real fork-bomb outcome, recorded once (samples thinned), so rendering is tested without running.
const recorded = JSON.parse(readFileSync(new URL('./data/fork-bomb-outcome.json', import.meta.url), 'utf8')) as LessonOutcome;

describe('rendering a recorded outcome', () => {
  it('sets broken and safe side by side on a wide terminal, with evidence, chart and narration', async () => {
    const lesson = await findLesson('fork-bomb');
    const text = stripVTControlCharacters(renderOutcome(recorded, lesson, 140));
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('BROKEN'))!;
    expect(header).toMatch(/BROKEN\s+fixtures\/fork-bomb\.c\s+│ SAFE\s+lessons\/fork-bomb\/safe\.ts/);
    // Each side's mark says whether it did what it was expected to, in words and symbol.
    expect(text).toMatch(/✓ pitfall shown, as expected/);
    expect(text).toMatch(/✓ clean, as expected/);
    expect(text).toMatch(/process count 1 → 2 → 4 → /);
    expect(text).toMatch(/processes over time \(cap 64\)/);
    for (const heading of ['What happened', 'Why', 'The rule', 'The safe way']) expect(lines).toContain(heading);
    expect(text).toMatch(/Rust: std::process::Command/);
    expect(text).toMatch(/Containment \(cgroup-v1\)/);
    // No line is wider than the terminal.
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(140);
  });

  it('stacks the sides below 100 columns', async () => {
    const lesson = await findLesson('fork-bomb');
    const text = stripVTControlCharacters(renderOutcome(recorded, lesson, 80));
    expect(text).not.toMatch(/│ SAFE/);
    const lines = text.split('\n');
    expect(lines.findIndex((l) => l.startsWith('SAFE'))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('BROKEN')));
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('says plainly when the pitfall did not show', async () => {
    const lesson = await findLesson('fork-bomb');
    const missed = structuredClone(recorded);
    missed.broken[0].verdict = { status: 'clean', evidence: ['at most 2 processes at once (the job needs 5)'], atMs: 900, settled: true };
    missed.asTaught = false;
    const text = stripVTControlCharacters(renderOutcome(missed, lesson, 140));
    expect(text).toMatch(/✗ NOT as expected: the pitfall did not show this run/);
    expect(text).toMatch(/did not behave as taught this run/);
    // The verdict opens and closes the report.
    expect(text.split('\n')[1]).toMatch(/^✗ NOT as taught this run: BROKEN the pitfall did not show this run/);
    expect(text.trimEnd().split('\n').at(-3)).toMatch(/■ fork-bomb: did NOT behave as taught this run/);
  });

  it('keeps the JSON document in the documented shape', () => {
    const doc = outcomesJson([recorded], { mode: 'cgroup-v1', why: 'test' }, 0);
    expect(doc.containment.mode).toBe('cgroup-v1');
    const [lesson] = doc.lessons;
    expect(lesson).toMatchObject({ id: 'fork-bomb', asTaught: true });
    expect(lesson.broken[0]).toMatchObject({ side: 'broken', status: 'manifested', peakProcesses: 64, cap: 64 });
    expect(lesson.safe).toMatchObject({ side: 'safe', status: 'clean', exit: { reason: 'exited', code: 0, signal: null } });
    expect(typeof lesson.broken[0].timeToVerdictMs).toBe('number');
  });
});

describe('columns', () => {
  it('pads every column to its width and marks the gutter', () => {
    // The gutter runs the whole height, so the columns read as columns.
    expect(sideBySide([['ab', 'c'], ['xyz']], 13)).toEqual(['ab    │ xyz', 'c     │']);
    expect(layout([['a'], ['b']], 100)).toEqual(['a'.padEnd(48) + ' │ b']);
    expect(layout([['a'], ['b']], 99)).toEqual(['a', '', 'b']);
  });
});
