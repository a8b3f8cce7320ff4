// The --runs distribution: the key number taken from what a run observed, and the picture drawn at 40, 80
// and 130 columns, from hand-made runs (no program is run here).
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyFigure, spread, type Distribution, type RunRecord } from '../dist/src/classroom/runs.js';
import { runAsTaught } from '../dist/src/classroom/slide.js';
import { allTableRows, renderAllTable } from '../dist/src/classroom/all-table.js';
import { asTaughtSentence, distributionJson, histogramRows, renderDistribution } from '../dist/src/render/distribution.js';
import type { LessonOutcome, ProcessEvent, SideOutcome, Status } from '../src/runner/outcome.js';
import type { Sign } from '../src/lesson.js';
import { observation } from './helpers/observations.js';

const COUNT_SIGN: Sign = { kind: 'count-below-children', report: 'sigchld', counts: 'child exits' };

/** A run of the SIGCHLD counter: `children` forked and exited (heard from the kernel), the program reporting `counted`. */
function counterSide(children: number, counted: number | undefined, status: Status): SideOutcome {
  const events: ProcessEvent[] = [];
  for (let i = 0; i < children; i++) events.push({ t: 5 + i, kind: 'fork', parent: 100, pid: 200 + i });
  for (let i = 0; i < children; i++) events.push({ t: 1000 + i, kind: 'exit', pid: 200 + i, code: 0 });
  const reports = counted === undefined ? [] : [{ t: 1020, key: 'sigchld', value: String(counted) }];
  return {
    side: 'broken',
    expected: 'manifested',
    label: 'lessons/sigchld-count/slide.c',
    verdict: { status, evidence: ['evidence'], atMs: 1020, settled: true },
    observation: observation([{ t: 0, processes: [] }], { events, eventsComplete: true, reports, durationMs: 1030 }),
    peakProcesses: children + 1,
  };
}

function record(run: number, value: number, status: Status, atMs: number, asTaught = true): RunRecord {
  return { run, status, atMs, durationMs: atMs + 10, figure: { name: "the program's count of child exits", value, of: 10, ofWhat: 'children ended' }, asTaught, evidence: `run ${run} evidence` };
}

/** Twenty runs of a racy slide: counts 3 to 10, one run that proved nothing. */
function racyDistribution(withInconclusive: boolean): Distribution {
  const values = [3, 4, 4, 5, 5, 5, 6, 7, 7, 8, 3, 4, 5, 6, 10, 10, 5, 4, 7, 9];
  const runs = values.map((v, i) => record(i + 1, v, v === 10 ? 'clean' : 'manifested', 1000 + i * 10));
  if (withInconclusive) runs[6] = { ...runs[6], status: 'inconclusive', reason: 'timeout', asTaught: false, evidence: 'did not finish within 5 s' };
  return {
    id: 'sigchld-count',
    title: 'Counting SIGCHLDs',
    program: 'slide',
    label: 'lessons/sigchld-count/slide.c',
    source: 'NET7212 "Multiprocessing pitfalls", slide "Signal — what could possibly go wrong? (cont.)"',
    expected: 'manifested or clean',
    runs,
    shown: runs.filter((r) => r.status === 'manifested').length,
    asTaught: runs.every((r) => r.asTaught),
  };
}

describe('the key number of a run', () => {
  it('is the program\'s last report against the children the run saw end', () => {
    expect(keyFigure([COUNT_SIGN], counterSide(10, 3, 'manifested'))).toEqual({ name: "the program's count of child exits", value: 3, of: 10, ofWhat: 'children ended' });
    expect(keyFigure([COUNT_SIGN], counterSide(7, 7, 'clean'))).toMatchObject({ value: 7, of: 7 });
  });

  it('is absent when the program reported no count, or the lesson has no number', () => {
    expect(keyFigure([COUNT_SIGN], counterSide(10, undefined, 'inconclusive'))).toBeUndefined();
    expect(keyFigure([{ kind: 'lock-without-owner' }], counterSide(10, 3, 'manifested'))).toBeUndefined();
  });

  it('is the peak of live processes for a fork bomb', () => {
    expect(keyFigure([{ kind: 'runaway-processes', needed: 5 }], counterSide(63, undefined, 'manifested'))).toMatchObject({ value: 64, of: 5 });
  });
});

describe('what "as taught" means', () => {
  it('a fixture must show its pitfall every run; a racy slide must reach a verdict either way', () => {
    expect(runAsTaught('manifested', 'manifested', 'fixture')).toBe(true);
    expect(runAsTaught('clean', 'manifested', 'fixture')).toBe(false);
    const racy = { file: 'slide.c', source: 'x' };
    expect(runAsTaught('clean', 'manifested', 'slide', racy)).toBe(true);
    expect(runAsTaught('manifested', 'manifested', 'slide', racy)).toBe(true);
    expect(runAsTaught('inconclusive', 'manifested', 'slide', racy)).toBe(false);
    expect(runAsTaught('clean', 'manifested', 'slide', { ...racy, expect: 'manifested' })).toBe(false);
  });

  it('says which run was not, and why', () => {
    const d = racyDistribution(true);
    expect(d.asTaught).toBe(false);
    expect(asTaughtSentence(d)).toMatch(/^no: 1 run proved nothing either way .* Run 7: inconclusive \(timeout\): did not finish within 5 s\.$/);
    expect(asTaughtSentence(racyDistribution(false))).toBe('yes: a race, so each run shows the pitfall or does the job cleanly; it showed in 18 of 20 runs.');
  });
});

describe('the distribution drawn', () => {
  it('has a row per count from the least seen to the children that ended, with the runs that gave it', () => {
    const rows = histogramRows(racyDistribution(false).runs);
    expect(rows.map((r) => r.value)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.map((r) => r.runs)).toEqual([2, 4, 5, 2, 3, 1, 1, 2]);
    expect(rows.reduce((sum, r) => sum + r.runs, 0)).toBe(20);
  });

  for (const width of [40, 80, 130]) {
    it(`fits ${width} columns and says the verdicts, the times and whether it was as taught`, () => {
      const text = stripVTControlCharacters(renderDistribution(racyDistribution(false), width));
      const lines = text.split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      const joined = lines.map((l) => l.trim()).join(' ');
      expect(joined).toMatch(/sigchld-count: the lecture's own program, 20 runs/);
      // The row for 5 (five runs) is the longest bar; 8 has one run, the shortest bar.
      const bar = (value: number) => lines.find((l) => new RegExp(`^\\s+${value} [█ ]`).test(l))!;
      expect(bar(5)).toMatch(/ 5$/);
      expect(bar(5).split('█').length).toBeGreaterThan(bar(8).split('█').length);
      expect(bar(8)).toMatch(/█ +1$/);
      expect(joined).toMatch(/pitfall shown 18 · clean 2 · inconclusive 0/);
      expect(joined).toMatch(/min 1\.00 s · median 1\.09 s · max 1\.19 s/);
      expect(joined).toMatch(/as taught +yes: a race/);
    });
  }

  it('draws no histogram for a lesson without a number, and names inconclusive reasons', () => {
    const runs: RunRecord[] = [1, 2, 3].map((run) => ({ run, status: 'manifested', atMs: 400 + run, durationMs: 500, asTaught: true }));
    runs.push({ run: 4, status: 'inconclusive', reason: 'timeout', atMs: 5000, durationMs: 5000, asTaught: false });
    const d: Distribution = { id: 'pipe-eof', title: 'x', program: 'fixture', label: 'fixtures/pipe-eof.c', expected: 'manifested', runs, shown: 3, asTaught: false };
    const text = stripVTControlCharacters(renderDistribution(d, 80)).split('\n').map((l) => l.trim()).join(' ');
    expect(text).not.toMatch(/█/);
    expect(text).toMatch(/inconclusive 1 \(timeout 1\)/);
    expect(text).toMatch(/min 401 ms · median 402 ms · max 5\.00 s/);
    expect(text).toMatch(/no: the pitfall showed in 3 of 4 runs, and it should in every one\. Run 4: inconclusive \(timeout\)\./);
  });

  it('goes into --json with every run and the counts it is drawn from', () => {
    const doc = distributionJson(racyDistribution(false));
    expect(doc.runs).toHaveLength(20);
    expect(doc.runs[0]).toMatchObject({ run: 1, status: 'manifested', timeToVerdictMs: 1000, figure: { value: 3, of: 10 } });
    expect(doc.verdicts).toEqual({ manifested: 18, clean: 2, inconclusive: 0 });
    expect(doc.timeToVerdictMs).toEqual({ min: 1000, median: 1090, max: 1190 });
    expect(doc.histogram.find((r) => r.value === 10)).toEqual({ value: 10, runs: 2 });
    expect(spread([])).toBeUndefined();
  });
});

describe('the table that ends run --all', () => {
  const side = (s: Partial<SideOutcome> & { status: Status; atMs: number; evidence: string }): SideOutcome => ({
    side: s.side ?? 'broken',
    expected: s.expected ?? 'manifested',
    label: 'x',
    verdict: { status: s.status, evidence: [s.evidence], atMs: s.atMs, settled: true },
    observation: observation([]),
    peakProcesses: 1,
  });
  const outcomes: LessonOutcome[] = [
    { id: 'fork-bomb', title: 'x', asTaught: true, containment: 'rlimit', broken: [side({ status: 'manifested', atMs: 750, evidence: 'process count 1 → 2 → 4 → 64' })], safe: side({ side: 'safe', expected: 'clean', status: 'clean', atMs: 1200, evidence: 'job done: 5 workers' }) },
    { id: 'pipe-eof', title: 'x', asTaught: false, containment: 'rlimit', broken: [side({ status: 'inconclusive', atMs: 5000, evidence: 'did not finish within 5 s' })], safe: side({ side: 'safe', expected: 'clean', status: 'clean', atMs: 300, evidence: 'job done' }) },
  ];
  const rows = allTableRows(outcomes, [], [{ id: 'exception-after-fork', reason: 'No C++ compiler found' }]);

  it('has a row per lesson: as taught, each side\'s time to verdict and evidence, and the skipped', () => {
    expect(rows[0]).toEqual({ id: 'fork-bomb', asTaught: true, broken: { timeToVerdictMs: 750, evidence: 'shown: process count 1 → 2 → 4 → 64', builds: 1 }, twin: { timeToVerdictMs: 1200, evidence: 'clean: job done: 5 workers' } });
    expect(rows[1]).toMatchObject({ id: 'pipe-eof', asTaught: false, broken: { evidence: 'inconclusive: did not finish within 5 s' } });
    expect(rows[2]).toEqual({ id: 'exception-after-fork', asTaught: 'skipped', skipped: 'No C++ compiler found' });
  });

  for (const width of [40, 80, 130]) {
    it(`fits ${width} columns`, () => {
      const lines = stripVTControlCharacters(renderAllTable(rows, width)).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      const text = lines.map((l) => l.trim()).join('\n');
      expect(text.replace(/\n/g, ' ')).toMatch(/^Every lesson: 1 of 2 behaved as taught, 1 skipped/);
      expect(text).toMatch(/✓ yes +fork-bomb|fork-bomb +✓ yes/);
      expect(text).toMatch(/✗ NO +pipe-eof|pipe-eof +✗ NO/);
      expect(text).toMatch(/750 ms/);
    });
  }
});
