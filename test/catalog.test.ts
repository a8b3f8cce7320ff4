import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogWarnings, findLesson, loadCatalog, suggest } from '../dist/src/catalog.js';
import { PitfallsError } from '../dist/src/errors.js';

describe('catalogue', () => {
  it('lists the lessons in teaching order, each with its files and every part of its narration', async () => {
    const lessons = await loadCatalog();
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons[0].id).toBe('fork-bomb');
    const orders = lessons.map((l) => l.order);
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    for (const lesson of lessons) {
      expect(existsSync(lesson.fixturePath), lesson.fixturePath).toBe(true);
      expect(existsSync(lesson.twinPath), lesson.twinPath).toBe(true);
      expect(lesson.expectation.signs.length, lesson.id).toBeGreaterThan(0);
      for (const part of ['why', 'rule', 'safeWay', 'rust'] as const) expect(lesson.narration[part].length, `${lesson.id} ${part}`).toBeGreaterThan(40);
    }
  });

  it('loads every built-in lesson without a warning', async () => {
    const env = { ...process.env, PITFALLS_LESSONS: '' };
    expect((await loadCatalog(env, { print: false })).length).toBeGreaterThan(0);
    expect(catalogWarnings(env)).toEqual([]);
  });

  it('marks the pitfall in every shipped fixture', async () => {
    for (const lesson of await loadCatalog()) {
      expect(readFileSync(lesson.fixturePath, 'utf8'), lesson.id).toMatch(/PITFALL:|SAFE PATTERN:/);
    }
  });

  it('suggests close ids for a typo', () => {
    expect(suggest('fork-bom', ['fork-bomb', 'zombies'])).toEqual(['fork-bomb']);
    expect(suggest('zombie', ['fork-bomb', 'zombies'])).toEqual(['zombies']);
    expect(suggest('quantum', ['fork-bomb', 'zombies'])).toEqual([]);
  });

  it('fails on an unknown lesson with a usage error that says what to do next', async () => {
    const error = await findLesson('fork-bom').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PitfallsError);
    expect((error as PitfallsError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/Did you mean "fork-bomb"\?.*npx pitfalls list/);
  });
});
