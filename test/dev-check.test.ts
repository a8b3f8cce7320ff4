// `pitfalls dev check`: every built-in lesson proven three ways through the real CLI (the suite's proof
// that every fixture shows its pitfall, every reference solution is fixed, every twin stays clean),
// and lessons kept outside the package: a malformed one, one without a solution, one that holds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../dist/src/catalog.js';
import { runCli, type CliResult } from './helpers/cli.js';

interface ProofJson {
  holds: boolean;
  runsAsExpected: number;
  runs: number;
  problem: string | null;
  notNeeded: string | null;
  details: { run: number; asExpected: boolean; sides: { label: string; expected: string; status: string; reason: string | null; evidence: string[] }[] }[];
}
interface LessonJson {
  id: string;
  dir: string;
  holds: boolean;
  loadProblem: string | null;
  fixture: ProofJson;
  solution: ProofJson;
  twin: ProofJson;
}
interface DevCheckJson {
  runs: number;
  lessons: LessonJson[];
  exitCode: number;
}

const builtIn = (await loadCatalog({}, { print: false })).map((l) => ({ id: l.id, needsSolution: (l.broken.builds ?? [{ expect: undefined }]).some((b) => b.expect !== 'clean') }));

/** What a proof showed, for a failure message. */
const shown = (proof: ProofJson) => JSON.stringify({ problem: proof.problem, details: proof.details }, null, 1);

describe('dev check over every built-in lesson, one run each', () => {
  let result: CliResult;
  let report: DevCheckJson;

  beforeAll(async () => {
    // Every lesson in one invocation: as a lesson author runs it.
    result = await runCli(['dev', 'check', '--runs', '1', '--json'], { timeoutMs: 400_000 });
    report = JSON.parse(result.stdout) as DevCheckJson;
  }, 420_000);

  it('checks every built-in lesson, in teaching order, and leaves nothing behind', () => {
    expect(report.runs).toBe(1);
    expect(report.lessons.map((l) => l.id)).toEqual(builtIn.map((l) => l.id));
    expect(result.leftovers).toEqual([]);
    // Exit 0 exactly when every lesson held.
    expect(result.code).toBe(report.lessons.every((l) => l.holds) ? 0 : 1);
    expect(report.exitCode).toBe(result.code);
  });

  describe.each(builtIn)('$id', ({ id, needsSolution }) => {
    const lesson = () => report.lessons.find((l) => l.id === id)!;

    it('loads', () => {
      expect(lesson().loadProblem).toBeNull();
    });

    it('the fixture shows what each build is expected to show', () => {
      const { fixture } = lesson();
      expect(fixture.runsAsExpected, shown(fixture)).toBe(1);
      expect(fixture.holds).toBe(true);
    });

    it(needsSolution ? 'the reference solution is fixed in every build check uses' : 'needs no solution: its C side is already the safe pattern', () => {
      const { solution } = lesson();
      if (!needsSolution) {
        expect(solution.notNeeded).toMatch(/safe pattern already/);
        return;
      }
      expect(solution.problem, 'the lesson has a solution').toBeNull();
      expect(solution.runsAsExpected, shown(solution)).toBe(1);
      for (const side of solution.details[0].sides) expect(side.status, side.label).toBe('clean');
      expect(solution.holds).toBe(true);
    });

    it('the twin stays clean', () => {
      const { twin } = lesson();
      expect(twin.runsAsExpected, shown(twin)).toBe(1);
      expect(twin.details[0].sides.map((s) => s.status)).toEqual(['clean']);
      expect(twin.holds).toBe(true);
    });
  });
});

/** An outside lesson: one child that exits 0; the pitfall is leaving it a zombie. */
const zombieLesson = (practice?: object) => ({
  order: 900,
  title: 'One zombie',
  summary: 'a parent that never waits for its one child',
  broken: {},
  safe: {},
  expectation: {
    job: 'start one child that exits 0, reap it, exit',
    done: [{ kind: 'children', count: 1, exitCode: 0 }, { kind: 'reaped' }],
    signs: [{ kind: 'zombies', atLeast: 1 }],
  },
  narration: { why: 'an exited child stays a zombie until its parent waits', rule: 'wait for every child', safeWay: "spawn and 'exit'", rust: 'Child::wait' },
  ...(practice ? { practice } : {}),
});

const BROKEN_C = `/* One child, never waited for. */
#include <unistd.h>
int main(void) {
    if (fork() == 0) _exit(0);
    sleep(1); /* PITFALL: the parent's own work, its child a zombie all along */
    return 0;
}
`;

const FIXED_C = `/* One child, reaped as soon as it exits. */
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    if (fork() == 0) _exit(0);
    while (waitpid(-1, NULL, 0) > 0) continue;
    sleep(1); /* the parent's own work, its child already reaped */
    return 0;
}
`;

const TWIN_JS = `import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['-e', ''], { stdio: 'inherit' });
child.on('exit', (code) => console.log('child exited with code ' + code + ' and was reaped'));
setTimeout(() => {}, 1000);
`;

describe('dev check over a folder of outside lessons', () => {
  let root: string;

  /** A lesson folder under root, with its fixture and twin beside lesson.js. */
  function lessonFolder(id: string, lessonJs: string, extra: Record<string, string> = {}): string {
    const dir = join(root, id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'lesson.js'), lessonJs);
    writeFileSync(join(dir, `${id}.c`), BROKEN_C);
    writeFileSync(join(dir, 'safe.js'), TWIN_JS);
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    return dir;
  }
  const esm = (value: unknown) => `export default ${JSON.stringify(value, null, 2)};\n`;
  const practice = (solution: string) => ({ solution, task: ['start the child, reap it'], hints: [{ text: 'wait for it' }] });

  let result: CliResult;
  let report: DevCheckJson;
  const lessonNamed = (id: string) => report.lessons.find((l) => l.id === id)!;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pitfalls-dev-check-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    lessonFolder('throws', 'throw new Error("boom at import");\n');
    lessonFolder('missing-solution', esm(zombieLesson(practice('fixed.c'))));
    lessonFolder('no-practice', esm(zombieLesson()));
    lessonFolder('holds', esm(zombieLesson(practice('fixed.c'))), { 'fixed.c': FIXED_C });
    result = await runCli(['dev', 'check', root, '--runs', '1', '--json'], { timeoutMs: 90_000 });
    report = JSON.parse(result.stdout) as DevCheckJson;
  }, 100_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks only the lessons in that folder, fails as a whole, and leaves nothing behind', () => {
    expect(report.lessons.map((l) => l.id).sort()).toEqual(['holds', 'missing-solution', 'no-practice', 'throws']);
    expect(result.code).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(result.leftovers).toEqual([]);
  });

  it('reports a malformed lesson.js clearly, as a failure of that lesson', () => {
    const throws = lessonNamed('throws');
    expect(throws.holds).toBe(false);
    expect(throws.dir).toBe(join(root, 'throws'));
    expect(throws.loadProblem).toMatch(/^importing lesson\.js threw: boom at import\. Fix lesson\.js/);
  });

  it('reports a lesson whose solution file is missing, naming the file', () => {
    const missing = lessonNamed('missing-solution');
    expect(missing.holds).toBe(false);
    expect(missing.loadProblem).toMatch(/its solution fixed\.c is missing/);
  });

  it('reports a lesson without practice data as having no solution, and still proves its fixture and twin', () => {
    const noPractice = lessonNamed('no-practice');
    expect(noPractice.holds).toBe(false);
    expect(noPractice.loadProblem).toBeNull();
    expect(noPractice.solution.problem).toMatch(/has no practice data, so no reference solution to prove\. Add `practice: \{ solution: 'solution\.c', task, hints \}` to its lesson\.ts and put the fix in .*\/no-practice\/solution\.c$/);
    expect(noPractice.fixture.runsAsExpected, shown(noPractice.fixture)).toBe(1);
    expect(noPractice.twin.runsAsExpected, shown(noPractice.twin)).toBe(1);
  });

  it('proves an outside lesson with its solution beside lesson.js: fixture manifested, solution fixed, twin clean', () => {
    const holds = lessonNamed('holds');
    expect(holds.fixture.details[0].sides.map((s) => s.status), shown(holds.fixture)).toEqual(['manifested']);
    expect(holds.solution.details[0].sides.map((s) => s.status), shown(holds.solution)).toEqual(['clean']);
    expect(holds.twin.details[0].sides.map((s) => s.status), shown(holds.twin)).toEqual(['clean']);
    expect(holds.holds).toBe(true);
  });

  it('says the same as a table, with each reason and the command to run again', async () => {
    const table = await runCli(['dev', 'check', root, '--runs', '1', '--only', 'throws,no-practice'], { timeoutMs: 60_000 });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^no-practice\s+✓ 1\/1\s+✗ not run\s+✓ 1\/1$/m);
    expect(table.stdout).toMatch(/^throws\s+✗ did not load$/m);
    expect(table.stdout).toMatch(/did not load: importing lesson\.js threw: boom at import/);
    expect(table.stdout).toMatch(/✗ 2 of 2 lessons not proven: no-practice, throws\./);
  });

  it('refuses a folder that is not one, and an unknown lesson, as usage errors', async () => {
    const notThere = await runCli(['dev', 'check', join(root, 'nowhere')]);
    expect(notThere.code).toBe(2);
    expect(notThere.said).toMatch(/nowhere is not a folder\. Give the folder that holds your lesson folders/);
    const unknown = await runCli(['dev', 'check', root, '--only', 'hold']);
    expect(unknown.code).toBe(2);
    expect(unknown.said).toMatch(/There is no lesson "hold" to check\. Did you mean "holds"\?/);
  });
});
