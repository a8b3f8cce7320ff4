// `pitfalls dev check [dir]`: proves every lesson three ways, several runs each, through the same
// runner and judge as `run` and `check`: the fixture shows what each build is expected to show, the
// reference solution is fixed in every build `check` uses, and the twin stays clean. `pitfalls dev new <id>`:
// starts a lesson kept outside the package, from the files in src/classroom/scaffold.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import ora, { type Ora } from 'ora';
import { catalogWarnings, loadCatalog, suggest, type CatalogWarning } from '../catalog.js';
import { EXIT, PitfallsError, usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';
import { builtLessonsDir, fixturesDir, packageRoot } from '../paths.js';
import { devCheckJson, renderDevCheck } from '../render/dev.js';
import { terminalWidth } from '../render/text.js';
import { detectContainment, type Containment } from '../runner/containment.js';
import { runSide, type SideSpec } from '../runner/launch.js';
import type { SideOutcome } from '../runner/outcome.js';
import { brokenSpecs, planSides } from '../runner/run-lesson.js';
import { stopOnSignals } from './common.js';

export interface DevCheckOptions {
  /** Runs of each proof, already validated. */
  runs?: number;
  json?: boolean;
  /** Lesson ids to check, comma-separated (as typed after --only). */
  only?: string;
}

export type ProofName = 'fixture' | 'solution' | 'twin';
export const PROOF_NAMES: ProofName[] = ['fixture', 'solution', 'twin'];

/** One run of one proof: every build it runs (or the twin), each judged. */
export interface ProofRun {
  run: number;
  sides: SideOutcome[];
  /** Every side showed the status it is expected to show. */
  asExpected: boolean;
}

/** One of a lesson's three proofs, over every run. */
export interface Proof {
  runs: ProofRun[];
  /** Why this proof could not run at all (no solution, a compiler error), with the next step. */
  problem?: string;
  /** Why this lesson needs no such proof (a C side that is already the safe pattern has nothing to fix). */
  notNeeded?: string;
  holds: boolean;
}

export interface LessonProof {
  id: string;
  /** The lesson's folder. */
  dir: string;
  /** Why the lesson could not be loaded at all (a malformed lesson.js, a missing file), with the next step. */
  loadProblem?: string;
  fixture: Proof;
  solution: Proof;
  twin: Proof;
  /** All three proofs held in every run. */
  holds: boolean;
}

function ranProof(runs: ProofRun[], wanted: number): Proof {
  return { runs, holds: runs.length === wanted && runs.every((r) => r.asExpected) };
}

function failedProof(problem: string): Proof {
  return { runs: [], problem, holds: false };
}

/** Whether `path` is `folder` or inside it: which lessons and warnings belong to the folder being checked. */
function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The lessons to prove and the ones that did not load, from the built-in folder or from `dir` only. */
async function lessonsToProve(dir: string | undefined): Promise<{ lessons: Lesson[]; skipped: CatalogWarning[]; root: string }> {
  let root = builtLessonsDir;
  if (dir !== undefined) {
    root = resolve(dir);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw usageError(`${dir} is not a folder. Give the folder that holds your lesson folders, e.g. \`npx pitfalls dev check ./my-lessons\`.`);
    }
    if (existsSync(resolve(root, 'lesson.js')) || existsSync(resolve(root, 'lesson.ts'))) {
      throw usageError(`${dir} is a lesson folder itself. Give the folder that holds it: \`npx pitfalls dev check ${dirname(root)} --only ${basename(root)}\`.`);
    }
  }
  // Only the folder asked for: the built-in lessons alone, or the lessons in `dir` alone (as PITFALLS_LESSONS would load them).
  const env = { ...process.env, PITFALLS_LESSONS: dir === undefined ? '' : root };
  const lessons = (await loadCatalog(env, { print: false })).filter((l) => isInside(l.dir, root));
  const skipped = catalogWarnings(env).filter((w) => isInside(w.path, root));
  return { lessons, skipped, root };
}

/** The ids given to --only, each one known; an unknown one is a usage error with a suggestion. */
function restrictTo(only: string | undefined, known: string[]): Set<string> | undefined {
  if (only === undefined) return undefined;
  const ids = only.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw usageError('--only needs lesson ids, comma-separated, e.g. `--only fork-bomb,zombies`.');
  for (const id of ids) {
    if (known.includes(id)) continue;
    const close = suggest(id, known);
    const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 3).map((c) => `"${c}"`).join(' or ')}?` : '';
    throw usageError(`There is no lesson "${id}" to check.${hint} Run \`npx pitfalls list\` to see them all.`);
  }
  return new Set(ids);
}

/** The compiler's messages, when compiling failed; any other error is not this lesson's to report. */
function compilerMessages(error: unknown): string | undefined {
  return error instanceof PitfallsError && error.compilerOutput !== undefined ? error.compilerOutput : undefined;
}

/** Why a lesson without practice data has no solution to prove, and where its fix goes. */
function noSolution(lesson: Lesson): string {
  // A built-in lesson keeps its fix in the package's fixtures/solutions/ under the fixture's name; an
  // outside one, beside its lesson.js (where the fixture already has that name).
  const builtIn = isInside(lesson.dir, builtLessonsDir);
  const name = builtIn ? basename(lesson.fixturePath) : `solution${extname(lesson.fixturePath)}`;
  const practice = `\`practice: { solution: '${name}', task, hints }\``;
  const home = builtIn ? join(fixturesDir, 'solutions') : lesson.dir;
  const where = existsSync(join(home, name)) ? `${join(home, name)} is there already: name it with ${practice} in its lesson.ts` : `Add ${practice} to its lesson.ts and put the fix in ${join(home, name)}`;
  return `the lesson has no practice data, so no reference solution to prove. ${where}`;
}

/** The specs of each proof, compiled: a source that does not compile fails its proof, with the compiler's words. */
function planProofs(lesson: Lesson): { specs: Partial<Record<ProofName, SideSpec[]>>; problems: Partial<Record<ProofName, string>>; notNeeded?: string } {
  const specs: Partial<Record<ProofName, SideSpec[]>> = {};
  const problems: Partial<Record<ProofName, string>> = {};
  try {
    const sides = planSides(lesson);
    specs.fixture = sides.filter((s) => s.side === 'broken');
    specs.twin = sides.filter((s) => s.side === 'safe');
  } catch (error) {
    const messages = compilerMessages(error);
    if (messages === undefined) throw error;
    problems.fixture = `the fixture ${lesson.fixturePath} did not compile:\n${messages}`;
    problems.twin = 'not run: the fixture did not compile (the twin runs beside it)';
  }
  // A C side that is already the safe pattern (every build meant to stay clean) has no fix to prove.
  const builds = lesson.broken.builds ?? [{ label: '', flags: [] }];
  const notNeeded = !lesson.practice && builds.every((b) => b.expect === 'clean')
    ? 'the C side is the safe pattern already (every build is expected clean): there is no fix to prove'
    : undefined;
  if (notNeeded) return { specs, problems, notNeeded };
  if (!lesson.practice || !lesson.solutionPath) {
    problems.solution = noSolution(lesson);
    return { specs, problems };
  }
  try {
    // The solution is built every way `check` builds a learner's file, and must be fixed in each.
    specs.solution = brokenSpecs(lesson, {}, lesson.solutionPath).map((s) => ({ ...s, expected: 'clean' }));
  } catch (error) {
    const messages = compilerMessages(error);
    if (messages === undefined) throw error;
    problems.solution = `the solution ${lesson.solutionPath} did not compile:\n${messages}`;
  }
  return { specs, problems };
}

/** Runs one lesson's three proofs `runs` times, each run interleaved (fixture, solution, twin), so a run's timing varies. */
async function proveLesson(lesson: Lesson, runs: number, containment: Containment, signal: AbortSignal, onSide: (proof: ProofName, run: number, spec: SideSpec) => void): Promise<LessonProof> {
  const { specs, problems, notNeeded } = planProofs(lesson);
  const results: Record<ProofName, ProofRun[]> = { fixture: [], solution: [], twin: [] };
  for (let run = 1; run <= runs; run++) {
    for (const proof of PROOF_NAMES) {
      const proofSpecs = specs[proof];
      if (!proofSpecs) continue;
      const sides: SideOutcome[] = [];
      for (const spec of proofSpecs) {
        if (signal.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
        onSide(proof, run, spec);
        sides.push(await runSide(spec, containment, { signal }));
      }
      if (signal.aborted) throw new PitfallsError('Interrupted: every process of the run was killed and reaped.', EXIT.interrupted);
      results[proof].push({ run, sides, asExpected: sides.length > 0 && sides.every((s) => s.verdict.status === s.expected) });
    }
  }
  const proofOf = (name: ProofName): Proof => {
    const problem = problems[name];
    if (problem) return failedProof(problem);
    if (name === 'solution' && notNeeded) return { runs: [], notNeeded, holds: true };
    return ranProof(results[name], runs);
  };
  const fixture = proofOf('fixture');
  const solution = proofOf('solution');
  const twin = proofOf('twin');
  return { id: lesson.id, dir: lesson.dir, fixture, solution, twin, holds: fixture.holds && solution.holds && twin.holds };
}

/** A lesson the catalogue skipped: every proof fails, for the one reason it gives. */
function unloadable(warning: CatalogWarning): LessonProof {
  const none = failedProof('not run: the lesson did not load');
  return { id: basename(warning.path), dir: warning.path, loadProblem: `${warning.reason}. ${warning.next}.`, fixture: none, solution: none, twin: none, holds: false };
}

export async function devCheck(dir: string | undefined, options: DevCheckOptions): Promise<number> {
  // 1. The lessons: built-in, or those in `dir`; the ones that did not load are failures, reported.
  const runs = options.runs ?? 3;
  const { lessons: all, skipped: allSkipped, root } = await lessonsToProve(dir);
  const only = restrictTo(options.only, [...all.map((l) => l.id), ...allSkipped.map((w) => basename(w.path))]);
  const lessons = all.filter((l) => !only || only.has(l.id));
  const skipped = allSkipped.filter((w) => !only || only.has(basename(w.path)));
  if (lessons.length === 0 && skipped.length === 0) {
    throw usageError(`There are no lessons in ${dir ?? root} (a lesson is a folder with a lesson.js). Give the folder that holds your lesson folders.`);
  }
  const containment = detectContainment();

  // 2. Prove each lesson, runs times each way; Ctrl-C stops cleanly (every process killed and reaped).
  const controller = new AbortController();
  const release = stopOnSignals(controller);
  const proofs: LessonProof[] = [];
  let spinner: Ora | undefined;
  try {
    for (const lesson of lessons) {
      // Through a pipe, ora prints one plain line per lesson on stderr; in a terminal it spins.
      spinner = options.json ? undefined : ora({ text: `proving ${lesson.id}`, discardStdin: false }).start();
      const onSide = (proof: ProofName, run: number, spec: SideSpec) => {
        if (spinner?.isSpinning) spinner.text = `proving ${lesson.id}: ${proof} (${spec.label}), run ${run} of ${runs}`;
      };
      proofs.push(await proveLesson(lesson, runs, containment, controller.signal, onSide));
      spinner?.stop();
    }
  } finally {
    spinner?.stop();
    release();
  }
  proofs.push(...skipped.map(unloadable));

  // 3. The table, then what failed and why; exit 0 only when every proof of every lesson held.
  const exitCode = proofs.every((p) => p.holds) ? EXIT.ok : EXIT.notAsTaught;
  if (options.json) console.log(JSON.stringify(devCheckJson(proofs, runs, root, containment, exitCode), null, 2));
  else console.log(renderDevCheck(proofs, runs, terminalWidth()));
  return exitCode;
}

export interface DevNewOptions {
  /** The folder that holds the lesson folders; default the current one. */
  dir?: string;
}

/**
 * `pitfalls dev new <id> [--dir DIR]`: writes DIR/<id>/ with a fixture (its PITFALL: line), lesson data (job, signs,
 * practice), a twin, a solution, pitfalls.h and a test, every placeholder a TODO; and DIR's package.json
 * ("type": "module") and tsconfig.json when it has none. Nothing that exists is overwritten.
 */
export async function devNew(id: string, options: DevNewOptions): Promise<number> {
  const { LESSON_ID, folderFiles, lessonFiles } = await import('../classroom/scaffold.js');
  if (!LESSON_ID.test(id)) {
    throw usageError(`"${id}" cannot be a lesson id: use lower-case letters and digits in words joined by hyphens, e.g. \`npx pitfalls dev new orphan-reaper\`.`);
  }
  const builtIn = existsSync(builtLessonsDir) ? readdirSync(builtLessonsDir) : [];
  if (builtIn.includes(id)) throw usageError(`"${id}" is a built-in lesson's id, and the built-in one would be kept. Choose another, e.g. \`npx pitfalls dev new my-${id}\`.`);
  const root = resolve(options.dir ?? '.');
  const folder = join(root, id);
  if (existsSync(folder)) throw usageError(`${folder} exists already: nothing was written. Choose another id, or another --dir.`);
  const written: string[] = [];
  const notes: string[] = [];
  try {
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(lessonFiles(id))) {
      writeFileSync(join(folder, name), text, { flag: 'wx' });
      written.push(join(id, name));
    }
    for (const [name, text] of Object.entries(folderFiles())) {
      const path = join(root, name);
      if (existsSync(path)) continue;
      writeFileSync(path, text, { flag: 'wx' });
      written.push(name);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PitfallsError(`${folder} cannot be written (${code ?? (error as Error).message}). Give a folder you can write with --dir.`, EXIT.environment);
  }
  // A lesson.js must be an ES module: the folder's package.json must say so.
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: string };
    if (manifest.type !== 'module') notes.push(`${join(root, 'package.json')} does not say "type": "module", and lesson.js must be an ES module: \`npm pkg set type=module\` in ${root}.`);
  } catch {
    notes.push(`${join(root, 'package.json')} cannot be read as JSON: it must say "type": "module".`);
  }
  const hasPitfalls = existsSync(join(root, 'node_modules', 'pitfalls'));
  const lines = [
    `Wrote the lesson ${id} to fill in, in ${folder}:`,
    ...written.map((name) => `  ${name}`),
    ...notes.map((note) => `Note: ${note}`),
    '',
    'Next:',
    ...(hasPitfalls ? [] : [`  cd ${root} && npm install --save-dev ${packageRoot} typescript @types/node   (once for the folder)`]),
    `  fill in every TODO: grep -rn TODO ${folder}`,
    `  cd ${root} && npx tsc`,
    `  npx pitfalls dev check ${root} --only ${id}`,
    `  then: npx pitfalls --lessons ${root} run ${id}`,
  ];
  console.log(lines.join('\n'));
  return EXIT.ok;
}
