// A fresh copy of the repository (what a clone of this working tree holds: tracked and new files, not
// node_modules or dist), and a PATH without g++, make and python3, as on a student's laptop with gcc only.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './cli.js';

/** Copies the files a clone would have into `into`, and returns it. */
export function copyRepository(into: string): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(root, file);
    // A file deleted in the working tree (not yet committed) is not in a clone of it either.
    if (!existsSync(from) || !lstatSync(from).isFile()) continue;
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(from, join(into, file));
  }
  return into;
}

/** Names a build of node-pty from source would need: a C++ compiler, make, python3. */
const WITHHELD = /^((.*-)?(g\+\+|c\+\+|clang\+\+)(-[\d.]+)?|make|gmake|python[\d.]*(-config)?|node-gyp)$/;

/**
 * A folder of links to every program on this PATH except a C++ compiler, make and python (the first of
 * each name, as the shell would find it): a PATH on which `npm ci` must manage without building. It is
 * made in the repository's ignored .cache folder, not in the temp folder: as root a run has a /tmp of
 * its own, where a PATH folder under /tmp would not be. The caller removes it.
 */
export function pathWithoutBuildTools(name: string): string {
  const into = join(root, '.cache', `${name}-${process.pid}`);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const seen = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(':')) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name) || WITHHELD.test(name)) continue;
      try {
        accessSync(join(dir, name), constants.X_OK);
      } catch {
        continue;
      }
      seen.add(name);
      symlinkSync(join(dir, name), join(into, name));
    }
  }
  return into;
}
