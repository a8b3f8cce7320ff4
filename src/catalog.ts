// The lesson catalogue: every folder with a lesson.js, in teaching order. Paths come from the id.
// Lessons kept outside the package (PITFALLS_LESSONS) are checked as they load: a malformed one is
// skipped with a one-line warning on stderr, and every other lesson still lists and runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS, DEFAULT_TWIN_LIMITS, type Lesson, type LessonData, type Limits } from './lesson.js';
import { builtLessonsDir, fixturesDir, lessonSourcesDir, untrustedBecause } from './paths.js';
import { environmentError, usageError } from './errors.js';

/** A lesson folder, or a PITFALLS_LESSONS entry, that was skipped, and why. */
export interface CatalogWarning {
  /** The lesson folder (or the PITFALLS_LESSONS entry) skipped. */
  path: string;
  /** Why, in one sentence. */
  reason: string;
  /** What to do about it. */
  next: string;
  /** The whole line as printed on stderr. */
  line: string;
}

/** Folders that hold lesson folders: the built-in ones, then any in PITFALLS_LESSONS (colon-separated). */
export function lessonRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return [builtLessonsDir, ...(env.PITFALLS_LESSONS ?? '').split(':').filter(Boolean)];
}

/** A lesson that cannot load: why, and what to do about it. */
class Skip {
  constructor(
    readonly reason: string,
    readonly next: string,
  ) {}
}

/** For require.cache: Node loads a CommonJS file imported from an ES module into it. */
const requireHere = createRequire(import.meta.url);

/** One line, whatever the error: the first line of its message. */
function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'no message';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Sign kinds the judge knows, read from its table only when an outside lesson needs checking. */
let knownSigns: Promise<Set<string>> | undefined;
function signKinds(): Promise<Set<string>> {
  knownSigns ??= import('./runner/signs/index.js').then((m) => new Set(Object.keys(m.signJudges)));
  return knownSigns;
}

/** What to do about lesson data of the wrong shape. */
const FIX_DATA = 'Write it as `export default { ... } satisfies LessonData` (`import type { LessonData } from \'pitfalls\'`) and let tsc check it';

/**
 * The first thing wrong with a lesson's default export, or undefined when it has every required field. A built-in
 * lesson must also carry its references; one kept outside may, and then they must have the right shape.
 */
async function problemWith(data: unknown, builtIn: boolean): Promise<string | undefined> {
  const checkSigns = !builtIn;
  if (data === undefined) return 'it has no default export (`export default { ... }`)';
  if (!isObject(data)) return `its default export is ${describeValue(data)}, not the lesson's data object`;
  const field = (path: string, value: unknown, wanted: string) => `${path} is ${value === undefined ? 'missing' : describeValue(value)}, it must be ${wanted}`;
  if (typeof data.order !== 'number' || !Number.isFinite(data.order)) return field('order', data.order, 'a number (its place in the teaching order)');
  for (const key of ['title', 'summary'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') return field(key, data[key], 'a string');
  }
  const { broken, safe, expectation, narration } = data;
  if (!isObject(broken)) return field('broken', broken, 'an object (`{}` for the defaults)');
  if (broken.fixture !== undefined && (typeof broken.fixture !== 'string' || broken.fixture === '')) return field('broken.fixture', broken.fixture, 'a file name');
  if (broken.builds !== undefined && (!Array.isArray(broken.builds) || !broken.builds.every((b) => isObject(b) && typeof b.label === 'string' && Array.isArray(b.flags)))) {
    return 'broken.builds must be a list of { label, flags }';
  }
  if (broken.slide !== undefined) {
    const slide = broken.slide;
    if (!isObject(slide)) return field('broken.slide', slide, 'an object { file, source, args?, expect?, job?, done? }');
    if (typeof slide.file !== 'string' || slide.file === '') return field('broken.slide.file', slide.file, 'a file name, e.g. "slide.c"');
    if (typeof slide.source !== 'string' || slide.source === '') return field('broken.slide.source', slide.source, 'a string naming the lecture and the slide\'s title');
    if (slide.args !== undefined && (!Array.isArray(slide.args) || !slide.args.every((a) => typeof a === 'string'))) return field('broken.slide.args', slide.args, 'a list of strings');
    if (slide.expect !== undefined && slide.expect !== 'manifested' && slide.expect !== 'sometimes') return field('broken.slide.expect', slide.expect, '"manifested" or "sometimes"');
    if (slide.job !== undefined && (typeof slide.job !== 'string' || slide.job === '')) return field('broken.slide.job', slide.job, 'a string');
    if (slide.done !== undefined && (!Array.isArray(slide.done) || !slide.done.every((p) => isObject(p) && typeof p.kind === 'string'))) {
      return field('broken.slide.done', slide.done, 'a list of job parts, each with a kind');
    }
  }
  if (!isObject(safe)) return field('safe', safe, 'an object (`{}` for the defaults)');
  if (safe.twin !== undefined && (typeof safe.twin !== 'string' || safe.twin === '')) return field('safe.twin', safe.twin, 'a file name');
  if (!isObject(expectation)) return field('expectation', expectation, 'an object with job, done and signs');
  if (typeof expectation.job !== 'string' || expectation.job === '') return field('expectation.job', expectation.job, 'a string');
  if (!Array.isArray(expectation.done) || !expectation.done.every((p) => isObject(p) && typeof p.kind === 'string')) {
    return field('expectation.done', expectation.done, 'a list of job parts, each with a kind');
  }
  if (!Array.isArray(expectation.signs) || expectation.signs.length === 0) return field('expectation.signs', expectation.signs, 'a list of at least one sign');
  const known = checkSigns ? await signKinds() : undefined;
  for (const [i, sign] of expectation.signs.entries()) {
    if (!isObject(sign) || typeof sign.kind !== 'string') return `expectation.signs[${i}] must be an object with a kind`;
    if (known && !known.has(sign.kind)) return `expectation.signs[${i}].kind "${sign.kind}" is not a sign pitfalls knows (${[...known].join(', ')})`;
  }
  if (!isObject(narration)) return field('narration', narration, 'an object with why, rule, safeWay and rust');
  for (const key of ['why', 'rule', 'safeWay', 'rust'] as const) {
    if (typeof narration[key] !== 'string' || narration[key] === '') return field(`narration.${key}`, narration[key], 'a string');
  }
  const { references } = narration;
  if (references !== undefined || builtIn) {
    const wanted = 'a list of { title, where, note? } (e.g. { title: \'fork(2)\', where: \'man 2 fork\' })';
    if (!Array.isArray(references)) return field('narration.references', references, wanted);
    if (references.length === 0) return `narration.references is empty, it must be ${wanted}`;
    for (const [i, reference] of references.entries()) {
      const isText = (value: unknown) => typeof value === 'string' && value !== '';
      if (!isObject(reference) || !isText(reference.title) || !isText(reference.where) || (reference.note !== undefined && !isText(reference.note))) {
        return field(`narration.references[${i}]`, reference, 'an object { title, where, note? } of non-empty strings');
      }
    }
  }
  if (data.practice !== undefined) {
    const practice = data.practice as Record<string, unknown>;
    if (typeof practice !== 'object' || practice === null) return field('practice', practice, 'an object { solution, task, hints }');
    if (typeof practice.solution !== 'string' || practice.solution === '') return field('practice.solution', practice.solution, 'a file name, e.g. "solution.c"');
    if (!Array.isArray(practice.task) || !practice.task.every((t) => typeof t === 'string')) return field('practice.task', practice.task, 'a list of lines');
    if (!Array.isArray(practice.hints) || !practice.hints.every((h) => typeof h === 'object' && h !== null && typeof (h as { text?: unknown }).text === 'string')) {
      return field('practice.hints', practice.hints, 'a list of { text, when? }');
    }
  }
  if (data.views !== undefined && (!Array.isArray(data.views) || !data.views.every((v) => typeof v === 'string'))) return field('views', data.views, 'a list of view names');
  return undefined;
}

/** Imports `<dir>/lesson.js` and checks it: its data, its fixture, its twin. Throws Skip when it cannot be used. */
async function loadLesson(dir: string, id: string, builtIn: boolean): Promise<Lesson> {
  const file = join(dir, 'lesson.js');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const message = oneLine(error instanceof Error ? error.message : String(error));
    const esmInCommonJs = /Unexpected token 'export'|Cannot use import statement outside a module|module is not defined in ES module scope|exports is not defined in ES module scope/.test(message);
    throw new Skip(
      `importing lesson.js threw: ${message}`,
      esmInCommonJs
        ? 'Make lesson.js an ES module (`export default { ... }`) in a folder whose package.json says "type": "module"'
        : `Fix lesson.js (\`node ${file}\` shows the whole error)`,
    );
  }
  // Node gives a CommonJS file's module.exports as the default export; an ES module never lands in require.cache.
  if (file in requireHere.cache || '__esModule' in module || 'module.exports' in module) {
    throw new Skip(
      'lesson.js is CommonJS (module.exports or exports.default), not an ES module with `export default`',
      'Put a package.json with "type": "module" in the lessons folder and compile with "module": "NodeNext" (or write `export default { ... }`)',
    );
  }
  const data = module.default;
  // The built-in lessons are type-checked against the Sign union; an outside one is checked against the judge's table.
  const problem = await problemWith(data, builtIn);
  if (problem) throw new Skip(problem, FIX_DATA);
  const lesson = data as unknown as LessonData;
  const fixture = lesson.broken.fixture ?? `${id}.c`;
  // A lesson kept outside the package carries its fixture in its own folder.
  const fixturePath = [join(dir, fixture), join(fixturesDir, fixture)].find((p) => existsSync(p));
  if (!fixturePath) throw new Skip(`its fixture ${fixture} is missing (neither ${join(dir, fixture)} nor ${join(fixturesDir, fixture)} exists)`, `Put ${fixture} beside lesson.js, or name the right file in broken.fixture`);
  const twin = lesson.safe.twin ?? 'safe.ts';
  const twinPath = join(dir, twin.replace(/\.ts$/, '.js'));
  if (!existsSync(twinPath)) {
    throw new Skip(`its twin ${twinPath} is missing`, twin.endsWith('.ts') ? `Compile ${twin} to JavaScript beside lesson.js (e.g. \`npx tsc\`)` : `Put ${twin} beside lesson.js`);
  }
  // The reference fix, like the fixture: beside lesson.js, else in the package's fixtures/solutions/.
  let solutionPath: string | undefined;
  if (lesson.practice) {
    const name = lesson.practice.solution;
    solutionPath = [join(dir, name), join(fixturesDir, 'solutions', name)].find((p) => existsSync(p));
    if (!solutionPath) throw new Skip(`its solution ${name} is missing (neither ${join(dir, name)} nor ${join(fixturesDir, 'solutions', name)} exists)`, `Put ${name} beside lesson.js, or name the right file in practice.solution`);
  }
  // The lecture's own program: beside lesson.js, else in the lesson's source folder (tsc does not copy .c files to dist).
  let slidePath: string | undefined;
  if (lesson.broken.slide) {
    const name = lesson.broken.slide.file;
    const places = builtIn ? [join(dir, name), join(lessonSourcesDir, id, name)] : [join(dir, name)];
    slidePath = places.find((p) => existsSync(p));
    if (!slidePath) throw new Skip(`its slide program ${name} is missing (${places.length === 1 ? `${places[0]} does not exist` : `neither ${places.join(' nor ')} exists`})`, `Put ${name} beside lesson.js, or name the right file in broken.slide.file`);
  }
  return { ...lesson, id, dir, fixturePath, twinPath, ...(solutionPath ? { solutionPath } : {}), ...(slidePath ? { slidePath } : {}) };
}

interface Loaded {
  lessons: Lesson[];
  warnings: CatalogWarning[];
}

function warning(path: string, what: 'lesson' | 'lesson folder', reason: string, next: string): CatalogWarning {
  const where = what === 'lesson folder' ? `lesson folder ${path} (in PITFALLS_LESSONS)` : `lesson ${path}`;
  return { path, reason, next, line: `pitfalls: skipped ${where}: ${reason}. ${next}.` };
}

async function load(env: NodeJS.ProcessEnv): Promise<Loaded> {
  if (!existsSync(builtLessonsDir)) {
    throw environmentError(`The lessons are not built (${builtLessonsDir} is missing). Run \`npm install\` (or \`npm run build\`) in the pitfalls folder.`);
  }
  const lessons = new Map<string, Lesson>();
  const warnings: CatalogWarning[] = [];
  // The built-in lessons: one that does not load (a stale build, say) is a bug in pitfalls, and the
  // catalogue test fails on it; the others still work.
  for (const id of readdirSync(builtLessonsDir).sort()) {
    const dir = join(builtLessonsDir, id);
    if (!existsSync(join(dir, 'lesson.js'))) continue;
    try {
      lessons.set(id, await loadLesson(dir, id, true));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      warnings.push(warning(dir, 'lesson', error.reason, 'This is a bug in pitfalls: run `npm run build` in the pitfalls folder, and report it if it stays'));
    }
  }
  const builtIn = new Set(lessons.keys());
  // The lessons kept outside: trusted code (imported and run), but one that does not load is skipped.
  const seen = new Set([resolve(builtLessonsDir)]);
  for (const root of lessonRoots(env).slice(1)) {
    if (!isAbsolute(root)) {
      warnings.push(warning(root, 'lesson folder', 'it is not an absolute path', `Give the folder's absolute path, e.g. ${resolve(root)}`));
      continue;
    }
    if (seen.has(resolve(root))) continue;
    seen.add(resolve(root));
    // Outside lessons are code that is imported and run: as root, only from folders nobody else can write.
    const untrusted = process.geteuid?.() === 0 ? untrustedBecause(root) : undefined;
    if (untrusted) {
      warnings.push(warning(root, 'lesson folder', `as root, lessons are code root would import, and ${untrusted}`, 'Run pitfalls as yourself, or keep the lessons in a folder only root can write (chown -R root, chmod -R go-w)'));
      continue;
    }
    let ids: string[];
    try {
      if (!statSync(root).isDirectory()) throw new Skip('it is not a folder', 'Give the folder that holds your lesson folders');
      ids = readdirSync(root).sort();
    } catch (error) {
      const reason = error instanceof Skip ? error.reason : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it cannot be read: ${oneLine((error as Error).message)}`;
      warnings.push(warning(root, 'lesson folder', reason, 'Check the path in PITFALLS_LESSONS'));
      continue;
    }
    for (const id of ids) {
      const dir = join(root, id);
      if (!existsSync(join(dir, 'lesson.js'))) {
        if (existsSync(join(dir, 'lesson.ts'))) warnings.push(warning(dir, 'lesson', 'it has lesson.ts but no lesson.js', 'Compile it to lesson.js (e.g. `npx tsc`)'));
        continue;
      }
      const untrustedLesson = process.geteuid?.() === 0 ? untrustedBecause(join(dir, 'lesson.js')) : undefined;
      if (untrustedLesson) {
        warnings.push(warning(dir, 'lesson', `as root, a lesson is code root would import, and ${untrustedLesson}`, 'Run pitfalls as yourself, or make the lesson root\'s own (chown -R root, chmod -R go-w)'));
        continue;
      }
      if (builtIn.has(id)) {
        warnings.push(warning(dir, 'lesson', `its id "${id}" is a built-in lesson's (the built-in one is kept)`, 'Rename its folder'));
        continue;
      }
      const earlier = lessons.get(id);
      if (earlier) {
        warnings.push(warning(dir, 'lesson', `its id "${id}" is taken by ${earlier.dir}, found first`, 'Rename one of the two folders'));
        continue;
      }
      try {
        lessons.set(id, await loadLesson(dir, id, false));
      } catch (error) {
        if (!(error instanceof Skip)) throw error;
        warnings.push(warning(dir, 'lesson', error.reason, error.next));
      }
    }
  }
  return { lessons: [...lessons.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)), warnings };
}

/** Loads per PITFALLS_LESSONS value: a process normally has one; tests load several. */
const loads = new Map<string, { promise: Promise<Loaded>; result?: Loaded }>();
/** Warning lines already printed by this process: each is printed once. */
const printed = new Set<string>();

function cacheKey(env: NodeJS.ProcessEnv): string {
  return env.PITFALLS_LESSONS ?? '';
}

/**
 * The lessons, built-in and from PITFALLS_LESSONS, in teaching order. An outside lesson that does not
 * load is skipped, with a warning on stderr (once per process) and in catalogWarnings().
 */
export async function loadCatalog(env: NodeJS.ProcessEnv = process.env, options: { print?: boolean } = {}): Promise<Lesson[]> {
  const key = cacheKey(env);
  let entry = loads.get(key);
  if (!entry) {
    const promise = load(env);
    const created: { promise: Promise<Loaded>; result?: Loaded } = { promise };
    entry = created;
    loads.set(key, created);
    promise.then(
      (result) => (created.result = result),
      () => loads.delete(key),
    );
  }
  const { lessons, warnings } = await entry.promise;
  if (options.print !== false) {
    for (const { line } of warnings) {
      if (printed.has(line)) continue;
      printed.add(line);
      process.stderr.write(`${line}\n`);
    }
  }
  return lessons;
}

/** The lessons skipped when the catalogue for `env` loaded (empty before loadCatalog(env) has finished). */
export function catalogWarnings(env: NodeJS.ProcessEnv = process.env): CatalogWarning[] {
  return loads.get(cacheKey(env))?.result?.warnings ?? [];
}

/** Forgets every loaded catalogue, so the next loadCatalog reads the folders again (modules already imported stay imported). */
export function resetCatalog(): void {
  loads.clear();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Lesson ids close to `wanted`, closest first. */
export function suggest(wanted: string, ids: string[]): string[] {
  return ids
    .map((id) => ({ id, distance: id.includes(wanted) || wanted.includes(id) ? 1 : editDistance(wanted, id) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .map(({ id }) => id);
}

export async function findLesson(id: string): Promise<Lesson> {
  const lessons = await loadCatalog();
  const lesson = lessons.find((l) => l.id === id);
  if (lesson) return lesson;
  const close = suggest(id, lessons.map((l) => l.id));
  const hint = close.length > 0 ? ` Did you mean ${close.slice(0, 3).map((c) => `"${c}"`).join(' or ')}?` : '';
  throw usageError(`There is no lesson "${id}".${hint} Run \`npx pitfalls list\` to see them all.`);
}

export function brokenLimits(lesson: Lesson): Limits {
  return { ...DEFAULT_LIMITS, ...lesson.broken.limits };
}

export function safeLimits(lesson: Lesson): Limits {
  return { ...DEFAULT_TWIN_LIMITS, ...lesson.safe.limits };
}
