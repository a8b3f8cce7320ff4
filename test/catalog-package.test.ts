// The README's lesson kept outside the repository, followed step by step: a folder that depends on
// pitfalls (the symlink `npm install /path/to/pitfalls` makes), lesson.ts typed with
// `import type { LessonData } from 'pitfalls'`, compiled by tsc, listed through PITFALLS_LESSONS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'pitfalls-my-lessons-'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', target: 'ES2022', strict: true, types: ['node'] } }));
  mkdirSync(join(folder, 'node_modules', '@types'), { recursive: true });
  symlinkSync(repoRoot, join(folder, 'node_modules', 'pitfalls'));
  symlinkSync(join(repoRoot, 'node_modules', '@types', 'node'), join(folder, 'node_modules', '@types', 'node'));
  mkdirSync(join(folder, 'my-lesson'));
  writeFileSync(join(folder, 'my-lesson', 'safe.ts'), "import { spawn } from 'node:child_process';\nspawn(process.execPath, ['-e', '']);\n");
  writeFileSync(join(folder, 'my-lesson', 'my-lesson.c'), '/* PITFALL: not compiled by this test */\nint main(void) { return 0; }\n');
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function lessonTs(order: string): string {
  return `import type { LessonData } from 'pitfalls';

export default {
  order: ${order},
  title: 'My pitfall',
  summary: 'one line for pitfalls list',
  broken: {},
  safe: {},
  expectation: {
    job: 'start a child that exits 0',
    done: [{ kind: 'children', count: 1, exitCode: 0 }],
    signs: [{ kind: 'zombies', atLeast: 1 }],
  },
  narration: { why: 'why', rule: 'rule', safeWay: 'safe way', rust: 'rust' },
} satisfies LessonData;
`;
}

describe("a lesson outside the repository, as the README says", () => {
  it('types lesson.ts from the package, compiles it with tsc, and lists it', () => {
    writeFileSync(join(folder, 'my-lesson', 'lesson.ts'), lessonTs('500'));
    const compiled = spawnSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    expect(compiled.status, compiled.stdout + compiled.stderr).toBe(0);
    expect(readFileSync(join(folder, 'my-lesson', 'lesson.js'), 'utf8')).toMatch(/^export default \{/);
    expect(existsSync(join(folder, 'my-lesson', 'safe.js'))).toBe(true);

    const listed = spawnSync(process.execPath, ['bin/pitfalls.js', 'list', '--json'], { cwd: repoRoot, env: { ...process.env, PITFALLS_LESSONS: folder }, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toContainEqual({ id: 'my-lesson', title: 'My pitfall', summary: 'one line for pitfalls list', order: 500 });
  });

  it('rejects a lesson of the wrong shape at compile time', () => {
    writeFileSync(join(folder, 'my-lesson', 'lesson.ts'), lessonTs("'first'"));
    const compiled = spawnSync(process.execPath, [tsc, '-p', folder, '--noEmit'], { encoding: 'utf8' });
    expect(compiled.status).not.toBe(0);
    expect(compiled.stdout).toMatch(/lesson\.ts.*error TS\d+:.*(order|string.*number)/s);
  });

  it("imports at run time as 'pitfalls': the default caps, nothing started", () => {
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('pitfalls'); console.log(JSON.stringify(Object.keys(m).sort()))"], { cwd: folder, encoding: 'utf8' });
    expect(probe.status, probe.stderr).toBe(0);
    expect(JSON.parse(probe.stdout)).toEqual(['DEFAULT_LIMITS', 'DEFAULT_TWIN_LIMITS']);
  });
});
