// `run <lesson> --slide`: each lecture program the package ships, run once through the built CLI (contained, under
// leak-check), judged by the same judge as the fixture; and `--runs` drawing what each run observed. A racy slide may
// show its pitfall or not in a given run: the tests check that the verdict agrees with what the run observed, never
// which way the race went.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../dist/src/catalog.js';
import { lessonSourcesDir } from '../dist/src/paths.js';
import { runCli } from './helpers/cli.js';

const catalog = await loadCatalog({}, { print: false });
const withSlides = catalog.filter((l) => l.broken.slide);

interface SideJson {
  label: string;
  status: 'manifested' | 'clean' | 'inconclusive';
  reason: string | null;
  evidence: string[];
  exit: { reason: string };
}

describe('the lectures\' own programs', () => {
  it('are shipped for the lessons whose fixture differs from the slide, each naming its source', () => {
    expect(withSlides.map((l) => l.id).sort()).toEqual(['printf-in-handler', 'running-count', 'sigchld-count']);
    for (const lesson of withSlides) {
      // Found in the lesson's source folder, which the package ships (package.json "files": lessons/).
      expect(lesson.slidePath).toBe(join(lessonSourcesDir, lesson.id, 'slide.c'));
      const text = readFileSync(lesson.slidePath!, 'utf8');
      expect(text).toMatch(/^\/\* The lecture's own program/);
      expect(text).toMatch(/Source: (NET7212|CS110L)/);
      expect(text).toMatch(/As on the slide, but for/);
    }
    const shipped = JSON.parse(readFileSync(join(lessonSourcesDir, '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(shipped.files).toContain('lessons');
  });

  for (const lesson of withSlides) {
    it(`${lesson.id} --slide runs the slide's program as the broken side, contained, and judges it`, async () => {
      const result = await runCli(['run', lesson.id, '--slide', '--json']);
      expect(result.leftoverCount, result.leftovers.join('\n')).toBe(0);
      const doc = JSON.parse(result.stdout) as { program: string; exitCode: number; lessons: Array<{ asTaught: boolean; broken: SideJson[]; safe: SideJson }> };
      expect(doc.program).toBe('slide');
      const [outcome] = doc.lessons;
      const [broken] = outcome.broken;
      expect(broken.label).toBe(`lessons/${lesson.id}/slide.c`);
      expect(outcome.safe.status).toBe('clean');
      // A race: either verdict is what the slide teaches; a run that proved nothing is not.
      expect(['manifested', 'clean'], JSON.stringify(broken)).toContain(broken.status);
      expect(outcome.asTaught).toBe(true);
      expect(result.code).toBe(doc.exitCode);
      expect(doc.exitCode).toBe(0);
      if (lesson.id === 'sigchld-count') {
        // The verdict agrees with the count the program reported against the exits the kernel announced.
        const counted = Number(/the program's own count of child exits: (\d+)/.exec(broken.evidence.join('\n'))?.[1]);
        expect(counted).toBeGreaterThanOrEqual(1);
        expect(broken.status).toBe(counted < 10 ? 'manifested' : 'clean');
      }
    });
  }

  it('--runs 2 draws each run\'s own count, verdict and time', async () => {
    const result = await runCli(['run', 'sigchld-count', '--slide', '--runs', '2', '--json']);
    expect(result.leftoverCount).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      exitCode: number;
      distributions: Array<{ label: string; program: string; expected: string; asTaught: boolean; runs: Array<{ status: string; timeToVerdictMs: number; figure: { value: number; of: number } | null }>; histogram: Array<{ value: number; runs: number }> }>;
    };
    const [d] = doc.distributions;
    expect(d).toMatchObject({ label: 'lessons/sigchld-count/slide.c', program: 'slide', expected: 'manifested or clean' });
    expect(d.runs).toHaveLength(2);
    for (const run of d.runs) {
      expect(run.figure!.of).toBe(10);
      expect(run.status).toBe(run.figure!.value < 10 ? 'manifested' : 'clean');
      expect(run.timeToVerdictMs).toBeGreaterThan(0);
    }
    expect(d.histogram.reduce((sum, row) => sum + row.runs, 0)).toBe(2);
    expect(doc.exitCode).toBe(d.asTaught ? 0 : 1);
    expect(result.code).toBe(doc.exitCode);
  });

  it('--runs with the fixture: every run must show the pitfall, and the text says how many did', async () => {
    const result = await runCli(['run', 'sigchld-count', '--runs', '2', '--no-color']);
    expect(result.stdout).toMatch(/sigchld-count: the fixture, 2 runs/);
    expect(result.stdout).toMatch(/How many runs gave each value of the program's count of child exits/);
    // The fixture blocks SIGCHLD until all ten have exited: one delivery, a count of 1, every run.
    expect(result.stdout).toMatch(/^ +1 █+ 2$/m);
    expect(result.stdout).toMatch(/as taught +yes: the pitfall showed in every run \(2 of 2\)/);
    expect(result.code).toBe(0);
  });

  it('Ctrl-C in the middle of --runs stops at once, every process of the run killed and reaped (exit 130)', async () => {
    const result = await runCli(['run', 'sigchld-count', '--slide', '--runs', '5'], { during: { when: /run 2 of 5/, act: (pid) => process.kill(pid, 'SIGINT') } });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Interrupted: every process of the run was killed and reaped/);
    expect(result.stderr).not.toMatch(/run 3 of 5/);
    expect(result.leftoverCount, result.leftovers.join('\n')).toBe(0);
  });

  it('a lesson without a slide program, and --slide with --all, are usage errors naming what to type', async () => {
    const none = await runCli(['run', 'fork-bomb', '--slide']);
    expect(none.code).toBe(2);
    expect(none.said).toMatch(/fork-bomb has no lecture program of its own .* The lessons that ship one: .*sigchld-count/);
    const all = await runCli(['run', '--all', '--runs', '3']);
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/take lesson names, not --all/);
    expect(existsSync(join(lessonSourcesDir, 'fork-bomb', 'slide.c'))).toBe(false);
  });

  it('show --slide lists the lecture\'s program beside the fixture made from it, its source named', async () => {
    for (const lesson of withSlides) {
      const shown = await runCli(['show', lesson.id, '--slide'], { env: { COLUMNS: '100' } });
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain("THE LECTURE'S PROGRAM");
      expect(shown.stdout).toContain(`lessons/${lesson.id}/slide.c`);
      expect(shown.stdout).toMatch(/THE FIXTURE\s+fixtures\//);
      expect(shown.stdout.replace(/\s+/g, ' ')).toContain(`From ${lesson.broken.slide!.source}`.replace(/\s+/g, ' '));
      expect(shown.stdout).toContain(`npx pitfalls run ${lesson.id} --slide --runs 20`);
    }
    const none = await runCli(['show', 'fork-bomb', '--slide']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/fork-bomb has no lecture program of its own/);
  });
});
