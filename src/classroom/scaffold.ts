// `pitfalls dev new <id>`: the files of a lesson kept outside the package, to fill in. Every placeholder says
// TODO; unfilled, the lesson does not load (no sign, no job part), so `dev check` names what is missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../paths.js';

/** What an id may be: lower-case words of letters and digits joined by hyphens (it names a folder and a C file). */
export const LESSON_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The lesson folder's files, by name. */
export function lessonFiles(id: string): Record<string, string> {
  return {
    'lesson.ts': `// The lesson ${id}. Fill in every TODO, build (\`npx tsc\` in the folder above), then prove it:
// \`npx pitfalls dev check <that folder> --only ${id}\`. The fields are documented in pitfalls' src/lesson.ts.
import type { LessonData } from 'pitfalls';

export default {
  order: 500, // its place in \`pitfalls list\` (the built-in lessons use 10 to 200)
  title: 'TODO: the pitfall, in a few words',
  summary: 'TODO: one line for pitfalls list',
  broken: {}, // builds ${id}.c, beside this file (flags, args, limits: BrokenSide)
  safe: {}, // runs safe.js, beside this file (built from safe.ts)
  expectation: {
    job: 'TODO: what the program is for, in one line',
    // TODO: what proves the job done (JobPart), e.g. { kind: 'children', count: 3, exitCode: 0 }
    done: [],
    // TODO: how the pitfall shows (Sign; the kinds are listed in the README, "Writing a lesson"), e.g. { kind: 'zombies', atLeast: 3 }
    signs: [],
  },
  narration: {
    why: 'TODO: the mechanism: why the broken program does what it does',
    rule: 'TODO: the rule to take away',
    safeWay: 'TODO: the safe way in TypeScript, as safe.ts does it',
    rust: 'TODO: the safe way in Rust',
  },
  practice: {
    solution: 'solution.c',
    task: ['TODO: what the fixed program must still do and print'],
    hints: [{ text: 'TODO: a first hint that points the way without giving the fix away' }],
  },
} satisfies LessonData;
`,
    [`${id}.c`]: `/* ${id}: TODO: what this program does, and where it comes from (a lecture and its slide's title).
 * Keep it short and close to the slide; comment anything added to make the pitfall show every run. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h" /* report(key, value) and report_int(key, n): the line protocol */

int main(void) {
    /* PITFALL: TODO: the broken line, and why it is broken. */
    printf("TODO\\n");
    return 0;
}
`,
    'solution.c': `/* ${id}, fixed: TODO: the idiomatic fix of ${id}.c, doing the same job. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

int main(void) {
    /* TODO: the same job, without the pitfall. */
    printf("TODO\\n");
    return 0;
}
`,
    'safe.ts': `// The safe twin of ${id}: the same job done the safe way, with Node's built-ins only (and files beside it).
// The judge checks it with the same expectation as the C side: the job done, no sign of the pitfall.
// TODO: do the job.
console.log('TODO');
`,
    'pitfalls.h': readFileSync(join(fixturesDir, 'pitfalls.h'), 'utf8'),
    [`${id}.test.mjs`]: `// Proves the lesson ${id} five times each way: \`node --test\` (after \`npx tsc\`).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lessons = dirname(dirname(fileURLToPath(import.meta.url)));
// The pitfalls this folder installed (npm install --save-dev /path/to/pitfalls).
const pitfalls = join(dirname(createRequire(import.meta.url).resolve('pitfalls/package.json')), 'bin', 'pitfalls.js');

test('${id}: the fixture shows its pitfall, the solution is fixed, the twin is clean', () => {
  const run = spawnSync(process.execPath, [pitfalls, 'dev', 'check', lessons, '--only', '${id}', '--runs', '5', '--json'], { encoding: 'utf8' });
  const outcome = JSON.parse(run.stdout);
  assert.equal(outcome.exitCode, 0, run.stdout);
});
`,
  };
}

/** The lessons folder's own files, written only when it has none. */
export function folderFiles(): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'my-pitfalls-lessons', private: true, type: 'module', scripts: { build: 'tsc', test: 'node --test' } }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { module: 'NodeNext', target: 'ES2022', strict: true, types: ['node'] } }, null, 2)}\n`,
  };
}
