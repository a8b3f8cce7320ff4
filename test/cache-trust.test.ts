// The cache as root: only folders nobody but root can write hold binaries root runs; $HOME is not
// followed; a cached binary someone else could have changed is built again, never run.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, closeSync, lchownSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirChoice, SYSTEM_CACHE_DIR, untrustedBecause } from '../dist/src/paths.js';
import { compile, openCheckedBinary, recordPath } from '../dist/src/runner/compile.js';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('the cache as root', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-test-cache-trust-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('trusts a chain of root-owned folders, and a sticky /tmp on the way', () => {
    const dir = join(scratch, 'good', 'pitfalls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(scratch, 0o755);
    expect(untrustedBecause(dir)).toBeUndefined();
    // Not made yet: root makes it, 0700.
    expect(untrustedBecause(join(scratch, 'not-yet', 'pitfalls'))).toBeUndefined();
  });

  it('refuses a folder another uid owns, one its group or everyone may write, and another uid\'s symbolic link', () => {
    const theirs = join(scratch, 'theirs');
    mkdirSync(join(theirs, 'pitfalls'), { recursive: true });
    chownSync(theirs, 65534, 65534);
    expect(untrustedBecause(join(theirs, 'pitfalls'))).toMatch(/theirs is owned by uid 65534/);

    const shared = join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o775);
    expect(untrustedBecause(join(shared, 'pitfalls'))).toMatch(/shared is writable by its group/);

    const target = join(scratch, 'target');
    mkdirSync(target);
    const link = join(scratch, 'link');
    symlinkSync(target, link);
    expect(untrustedBecause(join(link, 'pitfalls'))).toBeUndefined();
    lchownSync(link, 65534, 65534);
    expect(untrustedBecause(join(link, 'pitfalls'))).toMatch(/link is a symbolic link owned by uid 65534/);
  });

  it('uses root\'s own home, not $HOME, and falls back to the system cache when the folder asked for is refused', () => {
    const elsewhere = join(scratch, 'user-home');
    mkdirSync(elsewhere);
    expect(cacheDirChoice({ HOME: elsewhere }).dir).toBe(join(userInfo().homedir, '.cache', 'pitfalls'));
    const theirs = join(scratch, 'user-cache');
    mkdirSync(theirs);
    chownSync(theirs, 65534, 65534);
    const choice = cacheDirChoice({ XDG_CACHE_HOME: theirs });
    expect(choice.dir).toBe(SYSTEM_CACHE_DIR);
    expect(choice.refused).toMatchObject({ dir: join(theirs, 'pitfalls') });
    expect(choice.refused!.because).toMatch(/owned by uid 65534/);
  });

  it('builds again a cached binary its group could have changed, and never runs it', () => {
    const cache = join(scratch, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    const source = join(scratch, 'hello.c');
    writeFileSync(source, 'int main(void) { return 0; }\n');
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    const first = compile(source, [], [], env);
    expect(statSync(first.binary).mode & 0o777).toBe(0o755);
    chmodSync(first.binary, 0o775);
    const second = compile(source, [], [], env);
    expect(second).toMatchObject({ cached: false, rebuilt: true });
    expect(statSync(second.binary).mode & 0o777).toBe(0o755);
  });
});

describe('a cached binary runs as the file that was checked', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-test-checked-fd-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('opens a binary that matches its record, and refuses one changed or swapped after it was built', () => {
    const binary = join(scratch, 'tool');
    writeFileSync(binary, 'built bytes', { mode: 0o755 });
    const record = { size: 11, sha256: createHash('sha256').update('built bytes').digest('hex') };
    writeFileSync(recordPath(binary), `size=${record.size}\nsha256=${record.sha256}\n`);
    const fd = openCheckedBinary(binary);
    expect(fd).toBeTypeOf('number');
    // What is renamed over the path afterwards does not change what the descriptor holds.
    writeFileSync(`${binary}.new`, 'other bytes', { mode: 0o755 });
    renameSync(`${binary}.new`, binary);
    expect(readFileSync(`/proc/self/fd/${fd}`, 'utf8')).toBe('built bytes');
    closeSync(fd!);
    // The new file does not match the record: it is not opened for running.
    expect(openCheckedBinary(binary)).toBeUndefined();
    // Nor is one others may write, even with the right bytes.
    writeFileSync(binary, 'built bytes', { mode: 0o755 });
    chmodSync(binary, 0o775);
    expect(openCheckedBinary(binary)).toBeUndefined();
    chmodSync(binary, 0o755);
    const again = openCheckedBinary(binary);
    expect(again).toBeTypeOf('number');
    closeSync(again!);
  });
});
