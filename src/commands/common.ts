// What several commands share: a lesson named by id or by number, and a clean stop on signals.
import { findLesson, loadCatalog } from '../catalog.js';
import { usageError } from '../errors.js';
import type { Lesson } from '../lesson.js';

/** Ctrl-C, SIGTERM or SIGHUP to pitfalls: abort (the supervisors kill and reap the runs); returns the undo. */
export function stopOnSignals(controller: AbortController): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = () => controller.abort();
  signals.forEach((s) => process.on(s, onSignal));
  return () => signals.forEach((s) => process.off(s, onSignal));
}

/** A lesson by id, or by its number in `pitfalls list` ("run 3"). */
export async function resolveLesson(id: string): Promise<Lesson> {
  if (!/^\d+$/.test(id)) return findLesson(id);
  const catalog = await loadCatalog();
  const lesson = catalog[Number(id) - 1];
  if (!lesson) throw usageError(`There is no lesson ${id}: \`npx pitfalls list\` numbers them 1 to ${catalog.length}.`);
  return lesson;
}
