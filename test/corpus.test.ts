// The judge graded the way a teacher grades: every learner program of test/corpus/<lesson>/, with the
// answer a teacher expects written in its first comment, through `pitfalls check`, several runs each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './helpers/cli.js';

/** Runs per program: a race that shows only now and then would show in one of them. */
const RUNS = 3;
const corpus = join(root, 'test', 'corpus');

interface Entry {
  lesson: string;
  file: string;
  what: string;
  expected: string[];
}

function entries(): Entry[] {
  const found: Entry[] = [];
  for (const lesson of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(corpus, lesson)).filter((f) => /\.(c|cc)$/.test(f)).sort()) {
      const text = readFileSync(join(corpus, lesson, file), 'utf8');
      const expectLine = /^\s*\*?\s*expect:\s*(.+)$/m.exec(text);
      const what = /corpus:\s*(.+)$/m.exec(text)?.[1].trim() ?? file;
      if (!expectLine) throw new Error(`${lesson}/${file} has no "expect:" line`);
      found.push({ lesson, file, what, expected: expectLine[1].trim().split(/\s+or\s+/).map((a) => a.trim()) });
    }
  }
  return found;
}

describe('the corpus of learner programs, through `pitfalls check`', () => {
  const all = entries();
  it('has programs for every lesson with a C side', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const entry of all) {
    it(`${entry.lesson}/${entry.file} (${entry.what}): ${entry.expected.join(' or ')}`, async () => {
      const result = await runCli(['check', entry.lesson, join(corpus, entry.lesson, entry.file), '--runs', String(RUNS), '--json'], { timeoutMs: 110_000 });
      expect(result.leftovers, 'processes left behind').toEqual([]);
      const document = JSON.parse(result.stdout) as { answer: string; runs: Array<{ run: number; answer: string; builds: Array<{ status: string; reason: string | null; evidence: string[] }> }> };
      const detail = JSON.stringify(document.runs.map((r) => ({ run: r.run, answer: r.answer, builds: r.builds.map((b) => ({ status: b.status, reason: b.reason, evidence: b.evidence.slice(0, 3) })) })), null, 1);
      // Every run must give an expected answer; a racy program may give any of its answers.
      for (const run of document.runs) expect(entry.expected, `run ${run.run}: ${detail}`).toContain(run.answer);
      expect(result.code).toBe(document.runs.every((r) => r.answer === 'fixed') ? 0 : 1);
    });
  }
});
