// The compile cache trusts no binary it did not check: each cached binary has a record (its size and
// sha256) written when it was built, and one that is truncated, corrupt or without its record is
// built again rather than run.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, readRecord, recordPath, type CompileResult } from '../dist/src/runner/compile.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-compile-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const source = join(scratch, 'hello.c');
// Prints and exits: it forks nothing, so the test runs it directly.
writeFileSync(source, '#include <stdio.h>\nint main(void) { puts("hello from the cache"); return 0; }\n');
const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') };

/** The binary is whole (its size and sha256 are its record's) and it runs. */
function expectWorking(result: CompileResult) {
  const record = readRecord(result.binary);
  expect(record, 'a record beside the binary').toBeDefined();
  const bytes = readFileSync(result.binary);
  expect(bytes.length).toBeGreaterThan(0);
  expect(record).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  const run = spawnSync(result.binary, [], { encoding: 'utf8', timeout: 10_000 });
  expect(run.error).toBeUndefined();
  expect(run.signal).toBeNull();
  expect(run.status).toBe(0);
  expect(run.stdout).toBe('hello from the cache\n');
}

describe('the compile cache', () => {
  it('builds a binary with its record, in folders only the user can open, and serves it warm', () => {
    const first = compile(source, [], [], env);
    expect(first).toMatchObject({ cached: false, rebuilt: false });
    expectWorking(first);
    for (const dir of [join(scratch, 'cache', 'pitfalls'), join(scratch, 'cache', 'pitfalls', 'bin')]) {
      expect((statSync(dir).mode & 0o777).toString(8), dir).toBe('700');
    }
    const second = compile(source, [], [], env);
    expect(second).toMatchObject({ binary: first.binary, cached: true, rebuilt: false });
    expectWorking(second);
  });

  it('rebuilds a binary truncated to zero bytes', () => {
    const { binary } = compile(source, [], [], env);
    truncateSync(binary, 0);
    const result = compile(source, [], [], env);
    expect(result).toMatchObject({ binary, cached: false, rebuilt: true });
    expectWorking(result);
    expect(compile(source, [], [], env)).toMatchObject({ cached: true, rebuilt: false });
  });

  it('rebuilds a binary overwritten with garbage of the same size', () => {
    const { binary } = compile(source, [], [], env);
    const size = statSync(binary).size;
    writeFileSync(binary, Buffer.alloc(size, 0xa5));
    expect(statSync(binary).size).toBe(size);
    const result = compile(source, [], [], env);
    expect(result).toMatchObject({ binary, cached: false, rebuilt: true });
    expectWorking(result);
    expect(compile(source, [], [], env)).toMatchObject({ cached: true, rebuilt: false });
  });

  it('rebuilds a binary whose record is gone', () => {
    const { binary } = compile(source, [], [], env);
    rmSync(recordPath(binary));
    const result = compile(source, [], [], env);
    expect(result).toMatchObject({ binary, cached: false, rebuilt: true });
    expectWorking(result);
    expect(compile(source, [], [], env)).toMatchObject({ cached: true, rebuilt: false });
  });

  it('rebuilds a binary whose record is garbage', () => {
    const { binary } = compile(source, [], [], env);
    writeFileSync(recordPath(binary), 'size=0\nsha256=nothing\n');
    const result = compile(source, [], [], env);
    expect(result).toMatchObject({ binary, cached: false, rebuilt: true });
    expectWorking(result);
  });

  it('builds a binary whose record is left but the binary gone, without calling it a rebuild', () => {
    const { binary } = compile(source, [], [], env);
    rmSync(binary);
    const result = compile(source, [], [], env);
    expect(result).toMatchObject({ binary, cached: false, rebuilt: false });
    expectWorking(result);
  });

  it('a source the compiler refuses: its messages, no binary, no record, no temporary file', () => {
    const broken = join(scratch, 'broken.c');
    writeFileSync(broken, 'int main(void) { return nope; }\n');
    expect(() => compile(broken, [], [], env)).toThrow(/could not compile/);
    try {
      compile(broken, [], [], env);
    } catch (error) {
      expect((error as { compilerOutput?: string }).compilerOutput).toMatch(/nope/);
    }
    const names = readdirSync(join(scratch, 'cache', 'pitfalls', 'bin'));
    expect(names.filter((n) => n.startsWith('broken-') || n.includes('.tmp-'))).toEqual([]);
  });

  it('runs compiling at once into an empty cache all get a checked binary, and leave a binary and record that match', async () => {
    const cache = join(scratch, 'race');
    const compileJs = new URL('../dist/src/runner/compile.js', import.meta.url).href;
    const script = `const { compile } = await import(${JSON.stringify(compileJs)}); console.log(JSON.stringify(compile(${JSON.stringify(source)}, [], [], { ...process.env, XDG_CACHE_HOME: ${JSON.stringify(cache)} })));`;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<{ code: number | null; stdout: string }>((resolve) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
          let stdout = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.on('close', (code) => resolve({ code, stdout }));
        }),
      ),
    );
    for (const run of runs) expect(run.code).toBe(0);
    const results = runs.map((r) => JSON.parse(r.stdout) as CompileResult);
    expect(new Set(results.map((r) => r.binary)).size).toBe(1);
    expectWorking(results[0]);
    expect(compile(source, [], [], { ...process.env, XDG_CACHE_HOME: cache })).toMatchObject({ cached: true });
    expect(readdirSync(join(cache, 'pitfalls', 'bin')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('leaves no temporary file behind', () => {
    const { binary } = compile(source, [], [], env);
    const names = readdirSync(dirname(binary));
    expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(names.sort()).toEqual([basename(binary), basename(recordPath(binary))].sort());
  });
});
