// `pitfalls dev new`: a lesson started in an empty folder outside the repository, followed as the README's
// "A lesson kept outside the repository" says (the package, typescript and @types/node installed in the folder,
// `npx tsc`), unfilled (dev check names what is missing), then filled in with a tiny real lesson (a parent that
// never waits: zombies) and proven by `dev check`; and `--lessons DIR`, the global option, finding it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root as packageRoot, runCli } from './helpers/cli.js';

const ID = 'zombie-demo';
let folder: string;

/** `npm install --save-dev /path/to/pitfalls typescript @types/node`, as links: npm installs a local folder as a link too. */
function installDependencies(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(packageRoot, join(dir, 'node_modules', 'pitfalls'));
  symlinkSync(join(packageRoot, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'));
  symlinkSync(join(packageRoot, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'));
}

/** `npx tsc` in the folder: its exit status and messages. */
function tsc(dir: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc')], { cwd: dir, encoding: 'utf8' }) };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

/** Replaces each placeholder, which must be there exactly once. */
function fill(path: string, replacements: Array<[string, string]>): void {
  let text = readFileSync(path, 'utf8');
  for (const [placeholder, value] of replacements) {
    expect(text.split(placeholder).length - 1, `${placeholder} in ${path}`).toBe(1);
    text = text.replace(placeholder, value);
  }
  writeFileSync(path, text);
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pitfalls-dev-new-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('dev new, then dev check, outside the repository', () => {
  it('writes the lesson\'s files, and the folder\'s package.json ("type": "module") and tsconfig.json', async () => {
    const result = await runCli(['dev', 'new', ID, '--dir', folder]);
    expect(result.code, result.stderr).toBe(0);
    for (const name of ['lesson.ts', 'safe.ts', `${ID}.c`, 'solution.c', 'pitfalls.h', `${ID}.test.mjs`]) expect(existsSync(join(folder, ID, name)), name).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    expect(JSON.parse(readFileSync(join(folder, 'tsconfig.json'), 'utf8'))).toMatchObject({ compilerOptions: { module: 'NodeNext' } });
    expect(readFileSync(join(folder, ID, `${ID}.c`), 'utf8')).toMatch(/PITFALL: TODO/);
    expect(result.stdout).toMatch(new RegExp(`npx pitfalls dev check ${folder} --only ${ID}`));
    // Nothing is overwritten; a built-in id and a bad one are refused.
    expect((await runCli(['dev', 'new', ID, '--dir', folder])).code).toBe(2);
    const builtIn = await runCli(['dev', 'new', 'zombies', '--dir', folder]);
    expect(builtIn.code).toBe(2);
    expect(builtIn.stderr).toMatch(/built-in lesson's id/);
    expect((await runCli(['dev', 'new', 'Bad_Id', '--dir', folder])).code).toBe(2);
  });

  it('unfilled, it builds, and dev check fails naming what is missing', async () => {
    installDependencies(folder);
    const built = tsc(folder);
    expect(built.ok, built.output).toBe(true);
    const check = await runCli(['dev', 'check', folder, '--runs', '1', '--json']);
    expect(check.code).toBe(1);
    const doc = JSON.parse(check.stdout) as { lessons: Array<{ id: string; holds: boolean; loadProblem: string | null }> };
    expect(doc.lessons).toEqual([expect.objectContaining({ id: ID, holds: false, loadProblem: expect.stringMatching(/expectation\.signs .* at least one sign/) })]);
  });

  it('filled in with a tiny real lesson, it builds and dev check proves it', async () => {
    const dir = join(folder, ID);
    fill(join(dir, 'lesson.ts'), [
      ["'TODO: the pitfall, in a few words'", "'Zombies, in miniature'"],
      ["'TODO: one line for pitfalls list'", "'three children exit; the parent never waits, so they stay zombies'"],
      ["'TODO: what the program is for, in one line'", "'start 3 children that exit at once, work for a second, then exit'"],
      ['done: [],', "done: [{ kind: 'children', count: 3, exitCode: 0 }],"],
      ['signs: [],', "signs: [{ kind: 'zombies', atLeast: 3 }],"],
      ["'TODO: the mechanism: why the broken program does what it does'", "'A child that has exited stays in the process table until its parent waits for it.'"],
      ["'TODO: the rule to take away'", "'Always reap your children.'"],
      ["'TODO: the safe way in TypeScript, as safe.ts does it'", "'spawn(): libuv reaps each child and says so with an exit event.'"],
      ["'TODO: the safe way in Rust'", "'std::process::Child::wait().'"],
      ["'TODO: what the fixed program must still do and print'", "'Keep the 3 children and the second of work.'"],
      ["'TODO: a first hint that points the way without giving the fix away'", "'Who collects a child that has exited?'"],
    ]);
    fill(join(dir, `${ID}.c`), [
      ['/* PITFALL: TODO: the broken line, and why it is broken. */\n    printf("TODO\\n");', [
        'for (int i = 0; i < 3; i++) {',
        '        if (fork() == 0) _exit(0);',
        '    }',
        '    /* PITFALL: the parent never waits: its exited children stay zombies while it works. */',
        '    sleep(1);',
      ].join('\n')],
    ]);
    fill(join(dir, 'solution.c'), [
      ['/* TODO: the same job, without the pitfall. */\n    printf("TODO\\n");', [
        'for (int i = 0; i < 3; i++) {',
        '        if (fork() == 0) _exit(0);',
        '    }',
        '    while (wait(NULL) > 0) {} /* every child reaped as soon as it exits */',
        '    sleep(1);',
      ].join('\n')],
    ]);
    fill(join(dir, 'safe.ts'), [
      ["// TODO: do the job.\nconsole.log('TODO');", [
        "import { spawn } from 'node:child_process';",
        "for (let i = 0; i < 3; i++) spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).on('exit', (code) => console.log(`child ${i} exited ${code}, reaped`));",
        'setTimeout(() => {}, 1000);',
      ].join('\n')],
    ]);
    const built = tsc(folder);
    expect(built.ok, built.output).toBe(true);
    expect(existsSync(join(dir, 'lesson.js'))).toBe(true);
    const check = await runCli(['dev', 'check', folder, '--only', ID, '--runs', '1', '--json'], { timeoutMs: 90_000 });
    const doc = JSON.parse(check.stdout) as { exitCode: number; lessons: Array<{ id: string; holds: boolean; fixture: { holds: boolean }; solution: { holds: boolean }; twin: { holds: boolean } }> };
    expect(doc.lessons[0], check.stdout).toMatchObject({ id: ID, holds: true, fixture: { holds: true }, solution: { holds: true }, twin: { holds: true } });
    expect(doc.exitCode).toBe(0);
    expect(check.code).toBe(0);
    expect(check.leftoverCount).toBe(0);
  });

  it('--lessons DIR adds the folder as PITFALLS_LESSONS does; a missing folder is a usage error', async () => {
    const listed = await runCli(['--lessons', folder, 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(listed.stdout))).toContain(`"${ID}"`);
    // After the command too, as --no-color is.
    const after = await runCli(['list', '--json', '--lessons', folder]);
    expect(JSON.stringify(JSON.parse(after.stdout))).toContain(`"${ID}"`);
    const missing = await runCli(['--lessons', join(folder, 'nowhere'), 'list']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--lessons .*nowhere: there is no folder/);
  });
});
