// The lesson catalogue: every folder with a lesson.js, in teaching order. Paths come from the id.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS, DEFAULT_TWIN_LIMITS, type Lesson, type LessonData, type Limits } from './lesson.js';
import { builtLessonsDir, fixturesDir } from './paths.js';
import { environmentError, usageError } from './errors.js';

/** Folders that hold lesson folders: the built-in ones, then any in PITFALLS_LESSONS (colon-separated). */
export function lessonRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return [builtLessonsDir, ...(env.PITFALLS_LESSONS ?? '').split(':').filter(Boolean)];
}

async function loadLesson(root: string, id: string): Promise<Lesson | undefined> {
  const dir = join(root, id);
  const file = join(dir, 'lesson.js');
  if (!existsSync(file)) return undefined;
  const data = (await import(pathToFileURL(file).href)).default as LessonData;
  const fixture = data.broken.fixture ?? `${id}.c`;
  // A lesson kept outside the package carries its fixture in its own folder.
  const fixturePath = existsSync(join(dir, fixture)) ? join(dir, fixture) : join(fixturesDir, fixture);
  const twinPath = join(dir, (data.safe.twin ?? 'safe.ts').replace(/\.ts$/, '.js'));
  return { ...data, id, dir, fixturePath, twinPath };
}

let loaded: Lesson[] | undefined;

export async function loadCatalog(env: NodeJS.ProcessEnv = process.env): Promise<Lesson[]> {
  if (loaded) return loaded;
  if (!existsSync(builtLessonsDir)) {
    throw environmentError(`The lessons are not built (${builtLessonsDir} is missing). Run \`npm install\` (or \`npm run build\`) in the pitfalls folder.`);
  }
  const lessons = new Map<string, Lesson>();
  for (const root of lessonRoots(env)) {
    if (!existsSync(root)) continue;
    for (const id of readdirSync(root).sort()) {
      const lesson = await loadLesson(root, id);
      if (lesson) lessons.set(id, lesson);
    }
  }
  loaded = [...lessons.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return loaded;
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
