// Lessons kept outside the package (PITFALLS_LESSONS): a good one loads beside the built-in ones; a
// malformed one is skipped with one warning line naming its folder and the reason; nothing else breaks.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogWarnings, loadCatalog, resetCatalog } from '../dist/src/catalog.js';
import { builtLessonsDir } from '../dist/src/paths.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Lesson data with every required field; never run here, only loaded. */
function data(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order: 900,
    title: 'An outside lesson',
    summary: 'kept outside the package, found through PITFALLS_LESSONS',
    broken: {},
    safe: {},
    expectation: { job: 'start one child that exits 0', done: [{ kind: 'children', count: 1, exitCode: 0 }], signs: [{ kind: 'zombies', atLeast: 1 }] },
    narration: { why: 'why it happens', rule: 'the rule', safeWay: 'the safe way', rust: 'the Rust way' },
    ...overrides,
  };
}

const esm = (value: unknown) => `export default ${JSON.stringify(value, null, 2)};\n`;

let root: string;

/** A lesson folder under `root`: lesson.js as given, and by default its fixture and built twin beside it. */
function lesson(id: string, lessonJs: string | undefined, files: { fixture?: boolean; twin?: boolean; packageJson?: object; lessonTs?: boolean } = {}): string {
  const dir = join(root, id);
  mkdirSync(dir);
  if (lessonJs !== undefined) writeFileSync(join(dir, 'lesson.js'), lessonJs);
  if (files.lessonTs) writeFileSync(join(dir, 'lesson.ts'), `export default ${JSON.stringify(data())};\n`);
  if (files.fixture !== false) writeFileSync(join(dir, `${id}.c`), '/* PITFALL: not compiled by these tests */\nint main(void) { return 0; }\n');
  if (files.twin !== false) writeFileSync(join(dir, 'safe.js'), '// the twin: not run by these tests\n');
  if (files.packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(files.packageJson));
  return dir;
}

/** One lesson folder of each malformed kind, with the reason its warning must give. */
function malformedLessons(): Record<string, { dir: string; reason: RegExp; nodeOnly?: boolean }> {
  const cjs = { packageJson: { type: 'commonjs' } };
  const bad: Record<string, { dir: string; reason: RegExp; nodeOnly?: boolean }> = {
    exportsDefault: {
      dir: lesson('cjs-exports', `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = ${JSON.stringify(data())};\n`, cjs),
      reason: /lesson\.js is CommonJS/,
    },
    moduleExports: { dir: lesson('cjs-module', `module.exports = ${JSON.stringify(data())};\n`, cjs), reason: /lesson\.js is CommonJS/, nodeOnly: true },
    moduleExportsInEsm: { dir: lesson('cjs-in-esm', `module.exports = ${JSON.stringify(data())};\n`), reason: /importing lesson\.js threw: module is not defined/, nodeOnly: true },
    noFixture: { dir: lesson('no-fixture', esm(data()), { fixture: false }), reason: /its fixture no-fixture\.c is missing \(neither .*no-fixture\/no-fixture\.c nor .*fixtures\/no-fixture\.c exists\)/ },
    otherFixture: { dir: lesson('other-fixture', esm(data({ broken: { fixture: 'elsewhere.cc' } }))), reason: /its fixture elsewhere\.cc is missing/ },
    noTwin: { dir: lesson('no-twin', esm(data()), { twin: false }), reason: /its twin .*no-twin\/safe\.js is missing/ },
    otherTwin: { dir: lesson('other-twin', esm(data({ safe: { twin: 'twin.ts' } }))), reason: /its twin .*other-twin\/twin\.js is missing/ },
    throws: { dir: lesson('throws', 'throw new Error("boom at import\\nand a second line");\n'), reason: /^importing lesson\.js threw: boom at import$/ },
    syntax: { dir: lesson('syntax', 'export default {\n'), reason: /^importing lesson\.js threw: / },
    noDefault: { dir: lesson('no-default', 'export const order = 1;\n'), reason: /^it has no default export/ },
    notObject: { dir: lesson('not-object', 'export default 42;\n'), reason: /its default export is a number, not the lesson's data object/ },
    array: { dir: lesson('array', 'export default [];\n'), reason: /its default export is an array/ },
    noOrder: { dir: lesson('no-order', esm(data({ order: '3' }))), reason: /order is a string, it must be a number/ },
    noTitle: { dir: lesson('no-title', esm(data({ title: undefined }))), reason: /title is missing/ },
    noSummary: { dir: lesson('no-summary', esm(data({ summary: 7 }))), reason: /summary is a number/ },
    noBroken: { dir: lesson('no-broken', esm(data({ broken: undefined }))), reason: /broken is missing/ },
    noSafe: { dir: lesson('no-safe', esm(data({ safe: 'safe.ts' }))), reason: /safe is a string/ },
    noExpectation: { dir: lesson('no-expectation', esm(data({ expectation: undefined }))), reason: /expectation is missing/ },
    noJob: { dir: lesson('no-job', esm(data({ expectation: { done: [], signs: [{ kind: 'zombies', atLeast: 1 }] } }))), reason: /expectation\.job is missing/ },
    noSigns: { dir: lesson('no-signs', esm(data({ expectation: { job: 'a job', done: [] } }))), reason: /expectation\.signs is missing/ },
    unknownSign: {
      dir: lesson('unknown-sign', esm(data({ expectation: { job: 'a job', done: [], signs: [{ kind: 'zombie' }] } }))),
      reason: /expectation\.signs\[0\]\.kind "zombie" is not a sign pitfalls knows \(.*zombies.*\)/,
    },
    noDone: { dir: lesson('no-done', esm(data({ expectation: { job: 'a job', signs: [{ kind: 'zombies', atLeast: 1 }] } }))), reason: /expectation\.done is missing/ },
    noNarration: { dir: lesson('no-narration', esm(data({ narration: undefined }))), reason: /narration is missing/ },
    noRust: { dir: lesson('no-rust', esm(data({ narration: { why: 'w', rule: 'r', safeWay: 's' } }))), reason: /narration\.rust is missing/ },
    notCompiled: { dir: lesson('not-compiled', undefined, { lessonTs: true }), reason: /it has lesson\.ts but no lesson\.js/ },
  };
  // A folder with neither lesson.js nor lesson.ts is not a lesson (node_modules, say): no warning.
  mkdirSync(join(root, 'node_modules'));
  return bad;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pitfalls-outside-'));
  // The lessons folder is an ES-module package, as the README asks.
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', private: true }));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  resetCatalog();
  vi.restoreAllMocks();
});

describe('lessons kept outside the package', () => {
  it('loads a good one beside every built-in lesson, its fixture and twin from its own folder', async () => {
    const dir = lesson('my-lesson', esm(data()));
    const builtIn = (await loadCatalog({}, { print: false })).map((l) => l.id);
    const lessons = await loadCatalog({ PITFALLS_LESSONS: root }, { print: false });
    expect(lessons.map((l) => l.id).sort()).toEqual([...builtIn, 'my-lesson'].sort());
    const mine = lessons.find((l) => l.id === 'my-lesson')!;
    expect(mine).toMatchObject({ dir, fixturePath: join(dir, 'my-lesson.c'), twinPath: join(dir, 'safe.js'), order: 900 });
    expect(lessons.at(-1)!.id).toBe('my-lesson'); // teaching order: 900 comes last
    expect(catalogWarnings({ PITFALLS_LESSONS: root })).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('as root, refuses a lesson folder others may write, and a lesson another uid owns', async () => {
    lesson('mine', esm(data()));
    const theirs = lesson('theirs', esm(data()));
    chownSync(join(theirs, 'lesson.js'), 65534, 65534);
    const env = { PITFALLS_LESSONS: root };
    expect((await loadCatalog(env, { print: false })).map((l) => l.id)).toContain('mine');
    expect(catalogWarnings(env).map((w) => w.line).join('\n')).toMatch(/theirs.*as root, a lesson is code root would import, and .*lesson\.js is owned by uid 65534/s);
    chmodSync(root, 0o777);
    resetCatalog();
    expect((await loadCatalog(env, { print: false })).map((l) => l.id)).not.toContain('mine');
    expect(catalogWarnings(env).map((w) => w.line).join('\n')).toMatch(/as root, lessons are code root would import, and .* is writable by everyone/);
  });

  it('skips each malformed one with one warning line naming its folder and the reason, and loads the rest', async () => {
    const good = lesson('good', esm(data()));
    // Vitest evaluates the modules its tests import with shims of its own (module, exports): how Node
    // itself loads CommonJS is checked through the built CLI below.
    const all = malformedLessons();
    for (const { dir } of Object.values(all).filter((b) => b.nodeOnly)) rmSync(dir, { recursive: true });
    const bad = Object.fromEntries(Object.entries(all).filter(([, b]) => !b.nodeOnly));
    const env = { PITFALLS_LESSONS: root };
    const builtIn = (await loadCatalog({}, { print: false })).map((l) => l.id);
    const lessons = await loadCatalog(env, { print: false });
    expect(lessons.map((l) => l.id).sort()).toEqual([...builtIn, 'good'].sort());
    expect(lessons.find((l) => l.id === 'good')!.dir).toBe(good);

    const warnings = catalogWarnings(env);
    expect(warnings.map((w) => w.path).sort()).toEqual(Object.values(bad).map((b) => b.dir).sort());
    for (const [name, { dir, reason }] of Object.entries(bad)) {
      const found = warnings.filter((w) => w.path === dir);
      expect(found, name).toHaveLength(1);
      const [w] = found;
      expect(w.reason, name).toMatch(reason);
      expect(w.line, name).toBe(`pitfalls: skipped lesson ${dir}: ${w.reason}. ${w.next}.`);
      expect(w.line, name).not.toMatch(/\n/);
      expect(w.next.length, name).toBeGreaterThan(10);
    }
  });

  it('keeps the built-in lesson when an outside one takes its id', async () => {
    const dir = lesson('fork-bomb', esm(data({ title: 'An impostor' })));
    const env = { PITFALLS_LESSONS: root };
    const lessons = await loadCatalog(env, { print: false });
    const forkBomb = lessons.filter((l) => l.id === 'fork-bomb');
    expect(forkBomb).toHaveLength(1);
    expect(forkBomb[0].dir).toBe(join(builtLessonsDir, 'fork-bomb'));
    expect(forkBomb[0].title).not.toBe('An impostor');
    expect(catalogWarnings(env)).toEqual([expect.objectContaining({ path: dir, reason: expect.stringMatching(/its id "fork-bomb" is a built-in lesson's/) })]);
  });

  it('keeps the first of two outside lessons with one id', async () => {
    const first = lesson('twice', esm(data()));
    const secondRoot = mkdtempSync(join(tmpdir(), 'pitfalls-outside-'));
    try {
      writeFileSync(join(secondRoot, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(secondRoot, 'twice'));
      writeFileSync(join(secondRoot, 'twice', 'lesson.js'), esm(data({ title: 'The second' })));
      const env = { PITFALLS_LESSONS: `${root}:${secondRoot}` };
      const lessons = await loadCatalog(env, { print: false });
      expect(lessons.find((l) => l.id === 'twice')!.dir).toBe(first);
      expect(catalogWarnings(env)).toEqual([expect.objectContaining({ path: join(secondRoot, 'twice'), reason: expect.stringMatching(/taken by .*\/twice, found first/) })]);
    } finally {
      rmSync(secondRoot, { recursive: true, force: true });
    }
  });

  it('skips a relative or missing PITFALLS_LESSONS entry, saying to give an absolute path', async () => {
    lesson('my-lesson', esm(data()));
    const missing = join(root, 'nowhere');
    const env = { PITFALLS_LESSONS: `some/relative/folder:${root}::${missing}` };
    const ids = (await loadCatalog(env, { print: false })).map((l) => l.id);
    expect(ids).toContain('my-lesson');
    const warnings = catalogWarnings(env);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ path: 'some/relative/folder', reason: 'it is not an absolute path' });
    expect(warnings[0].line).toMatch(/^pitfalls: skipped lesson folder some\/relative\/folder \(in PITFALLS_LESSONS\): it is not an absolute path\. Give the folder's absolute path/);
    expect(warnings[1]).toMatchObject({ path: missing, reason: 'it does not exist' });
  });

  it('loads each PITFALLS_LESSONS value apart: the catalogue is cached per value', async () => {
    lesson('my-lesson', esm(data()));
    lesson('broken-one', 'export default 1;\n');
    const withOutside = await loadCatalog({ PITFALLS_LESSONS: root }, { print: false });
    const without = await loadCatalog({}, { print: false });
    expect(withOutside.map((l) => l.id)).toContain('my-lesson');
    expect(without.map((l) => l.id)).not.toContain('my-lesson');
    expect(catalogWarnings({ PITFALLS_LESSONS: root })).toHaveLength(1);
    expect(catalogWarnings({})).toEqual([]);
    // Cached: the same list again, without reading the folders.
    expect(await loadCatalog({ PITFALLS_LESSONS: root }, { print: false })).toBe(withOutside);
    resetCatalog();
    expect(catalogWarnings({ PITFALLS_LESSONS: root })).toEqual([]);
  });

  it('prints each warning once per process, on stderr', async () => {
    const dir = lesson('no-twin', esm(data()), { twin: false });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const env = { PITFALLS_LESSONS: root };
    await Promise.all([loadCatalog(env), loadCatalog(env)]);
    await loadCatalog(env);
    resetCatalog();
    await loadCatalog(env); // loaded again, the same line: not printed again
    const mine = written.filter((w) => w.includes(dir));
    expect(mine).toEqual([`pitfalls: skipped lesson ${dir}: its twin ${join(dir, 'safe.js')} is missing. Compile safe.ts to JavaScript beside lesson.js (e.g. \`npx tsc\`).\n`]);
  });
});

describe('the built CLI with a malformed outside lesson', () => {
  it('lists every other lesson as pure JSON on stdout, exit 0, the warning on stderr', () => {
    lesson('my-lesson', esm(data()));
    const bad = lesson('bad-lesson', 'throw new Error("broken on purpose");\n');
    const result = spawnSync(process.execPath, ['bin/pitfalls.js', 'list', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, PITFALLS_LESSONS: root },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as { id: string }[];
    expect(listed.map((l) => l.id)).toContain('fork-bomb');
    expect(listed.map((l) => l.id)).toContain('my-lesson');
    expect(listed.map((l) => l.id)).not.toContain('bad-lesson');
    expect(result.stderr.trim().split('\n')).toEqual([
      `pitfalls: skipped lesson ${bad}: importing lesson.js threw: broken on purpose. Fix lesson.js (\`node ${join(bad, 'lesson.js')}\` shows the whole error).`,
    ]);
  });

  it('skips every malformed kind as Node itself loads it, one line each, and lists the rest', () => {
    lesson('my-lesson', esm(data()));
    const bad = malformedLessons();
    const result = spawnSync(process.execPath, ['bin/pitfalls.js', 'list', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, PITFALLS_LESSONS: root },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((l) => l.id);
    expect(ids).toContain('my-lesson');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(bad).length);
    for (const [name, { dir, reason }] of Object.entries(bad)) {
      expect(ids, name).not.toContain(dir.split('/').at(-1));
      const line = lines.find((l) => l.startsWith(`pitfalls: skipped lesson ${dir}: `));
      expect(line, name).toBeDefined();
      expect(line!.slice(`pitfalls: skipped lesson ${dir}: `.length), name).toMatch(new RegExp(reason.source.replace(/\$$/, '\\.')));
    }
  });

  it('lists as text too, exit 0, one warning per bad lesson', () => {
    lesson('cjs', 'module.exports = {};\n', { packageJson: { type: 'commonjs' } });
    const result = spawnSync(process.execPath, ['bin/pitfalls.js', 'list', '--no-color'], {
      cwd: repoRoot,
      env: { ...process.env, PITFALLS_LESSONS: `relative:${root}` },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/fork-bomb/);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^pitfalls: skipped lesson folder relative \(in PITFALLS_LESSONS\): it is not an absolute path\./);
    expect(lines[1]).toMatch(new RegExp(`^pitfalls: skipped lesson ${join(root, 'cjs')}: lesson\\.js is CommonJS`));
  });
});
