import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogWarnings, findLesson, loadCatalog, suggest } from '../dist/src/catalog.js';
import { PitfallsError } from '../dist/src/errors.js';
import { packageRoot } from '../dist/src/paths.js';
import { referencesPointer } from '../dist/src/render/sentences.js';

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

describe('references', () => {
  const manPage = /^[\w.-]+\(\d\w*\)/;

  it('every lesson carries its references: a man page with its section, and the lecture slide it comes from', async () => {
    for (const lesson of await loadCatalog()) {
      const references = lesson.narration.references ?? [];
      expect(references.length, lesson.id).toBeGreaterThan(0);
      for (const { title, where } of references) {
        expect(title.trim(), `${lesson.id}: a reference without a title`).not.toBe('');
        expect(where.trim(), `${lesson.id} ${title}: where to find it`).not.toBe('');
        // A man page says how to open it, in its own section.
        const page = manPage.exec(title)?.[0];
        if (page) expect(where, `${lesson.id} ${title}`).toMatch(new RegExp(`^man ${page.replace(/^.*\((\w+)\)$/, '$1')} `));
      }
      expect(references.some((r) => manPage.test(r.title)), `${lesson.id}: a man page with a section`).toBe(true);
      expect(references.some((r) => /^slides? "/.test(r.title) && /NET7212|CS110L/.test(r.where)), `${lesson.id}: the lecture's slide`).toBe(true);
    }
  });

  it('says where a measurement was made, and names only files that exist', async () => {
    for (const lesson of await loadCatalog()) {
      const prose = [lesson.narration.why, lesson.narration.rule, lesson.narration.safeWay, lesson.narration.rust, lesson.narration.today ?? ''].join(' ');
      // "Tried here" means nothing on the learner's machine: a figure says which machine it came from.
      expect(prose, lesson.id).not.toMatch(/\btried here\b|\bhere \d+ runs\b/i);
      for (const path of prose.match(/\b(?:fixtures|lessons)\/[\w./-]+\.(?:c|cc|ts)\b/g) ?? []) {
        expect(existsSync(join(packageRoot, path)), `${lesson.id} names ${path}`).toBe(true);
      }
    }
  });

  it('show lists them, and run ends with one line pointing there', async () => {
    const result = spawnSync(process.execPath, [join(packageRoot, 'bin', 'pitfalls.js'), 'show', 'fork-bomb', '--no-color'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const listed = result.stdout.slice(result.stdout.indexOf('References'));
    expect(listed).toMatch(/^References\n/);
    expect(listed).toMatch(/• fork\(2\) — man 2 fork/);
    expect(listed).toMatch(/NET7212/);
    const lesson = await findLesson('fork-bomb');
    const pointer = referencesPointer('fork-bomb', lesson.narration.references!, 200);
    expect(pointer).toBe('References: fork(2), _exit(2), getrlimit(2), cgroups(7), systemd.resource-control(5) and 3 more: npx pitfalls show fork-bomb');
    // On a narrow screen, fewer names and a bigger "more": still one line.
    const narrow = referencesPointer('fork-bomb', lesson.narration.references!, 80);
    expect(narrow.length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/^References: fork\(2\), .* and \d+ more: npx pitfalls show fork-bomb$/);
  });
});
