// --predict's matching, on hand-made outcomes (no program is run here): the value read from what a run
// observed, the choice a key picks, and right or wrong decided by that value only. And every lesson's question
// is well formed.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../dist/src/catalog.js';
import { choiceForKey, choiceMatches, observe, reveal } from '../dist/src/classroom/predict.js';
import { revealLines } from '../dist/src/render/phases.js';
import type { Lesson, Question } from '../src/lesson.js';
import type { LessonOutcome, ProcessEvent, SideOutcome } from '../src/runner/outcome.js';
import { stripVTControlCharacters } from 'node:util';
import { observation, snapshots } from './helpers/observations.js';

const catalog = await loadCatalog();
const lesson = (id: string): Lesson => catalog.find((l) => l.id === id)!;

/** A side of the SIGCHLD counter: `children` forked and exited (heard from the kernel), the program reporting `counted`. */
function counterSide(side: 'broken' | 'safe', children: number, counted: number): SideOutcome {
  const events: ProcessEvent[] = [];
  for (let i = 0; i < children; i++) events.push({ t: 5 + i, kind: 'fork', parent: 100, pid: 200 + i });
  for (let i = 0; i < children; i++) events.push({ t: 1000 + i, kind: 'exit', pid: 200 + i, code: 0 });
  return {
    side,
    expected: side === 'broken' ? 'manifested' : 'clean',
    label: side === 'broken' ? 'fixtures/sigchld-count.c' : 'lessons/sigchld-count/safe.ts',
    verdict: { status: counted < children ? 'manifested' : 'clean', evidence: [`${children} children of pid 100 ended`, `the program's own count of child exits: ${counted}`], atMs: 1020, settled: true },
    observation: observation([{ t: 0, processes: [] }], { events, eventsComplete: true, reports: [{ t: 1010, key: 'sigchld', value: String(counted) }], durationMs: 1030 }),
    peakProcesses: children + 1,
  };
}

function outcomeOf(broken: SideOutcome, safe: SideOutcome): LessonOutcome {
  return { id: 'x', title: 'x', broken: [broken], safe, asTaught: true, containment: 'cgroup-v2' };
}

describe('a choice and a key', () => {
  it('a choice describes a value when every condition it gives holds', () => {
    expect(choiceMatches({ text: '', matches: { is: 10 } }, 10)).toBe(true);
    expect(choiceMatches({ text: '', matches: { is: 10 } }, 9)).toBe(false);
    expect(choiceMatches({ text: '', matches: { atLeast: 1, atMost: 4 } }, 4)).toBe(true);
    expect(choiceMatches({ text: '', matches: { atLeast: 1, atMost: 4 } }, 5)).toBe(false);
    expect(choiceMatches({ text: '', matches: { is: 'running' } }, 'running')).toBe(true);
    expect(choiceMatches({ text: '', matches: { atLeast: 1 } }, 'running')).toBe(false);
    // Nothing observed: no choice describes it.
    expect(choiceMatches({ text: '', matches: {} }, undefined)).toBe(false);
  });

  it('1-4 and a-d pick the choices in order; any other key picks none', () => {
    const choices = [{ text: 'a', matches: {} }, { text: 'b', matches: {} }, { text: 'c', matches: {} }];
    expect([choiceForKey('1', choices), choiceForKey('c', choices), choiceForKey('B', choices)]).toEqual([0, 2, 1]);
    expect([choiceForKey('4', choices), choiceForKey('d', choices), choiceForKey('\r', choices), choiceForKey('0', choices)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('the value a run observed, and the reveal', () => {
  const question = lesson('sigchld-count').question!;

  it('sigchld-count: the program\'s own count against the children that ended, from the run, never stored', () => {
    for (const counted of [1, 7, 10]) {
      const outcome = outcomeOf(counterSide('broken', 10, counted), counterSide('safe', 10, 10));
      const right = counted === 10 ? 0 : 1;
      for (const picked of [0, 1, 2]) {
        const r = reveal(question, picked, outcome, lesson('sigchld-count'));
        expect(r.observed).toMatchObject({ value: counted, against: 'children ended 10', evidence: `the program's own count of child exits: ${counted}` });
        expect(r.twin.value).toBe(10);
        expect(r.right).toEqual([right]);
        expect(r.isRight).toBe(picked === right);
        const text = stripVTControlCharacters(revealLines(r, 80).join('\n'));
        expect(text).toContain(`This run: the program's count of child exits: ${counted} (children ended 10)`);
        expect(text).toMatch(picked === right ? /✓ Right/ : new RegExp(`✗ Not this run: it observed what ${right + 1} says`));
      }
    }
  });

  it('a run that showed no value is neither right nor wrong', () => {
    const silent = counterSide('broken', 10, 3);
    silent.observation.reports = [];
    const r = reveal(question, 1, outcomeOf(silent, counterSide('safe', 10, 10)), lesson('sigchld-count'));
    expect(r.observed.value).toBeUndefined();
    expect(r.isRight).toBeUndefined();
    expect(stripVTControlCharacters(revealLines(r, 80).join('\n'))).toMatch(/No choice describes what this run observed/);
  });

  it('child-returns: the processes that printed the line, by the pids they printed', () => {
    const side = counterSide('broken', 1, 1);
    side.observation.output = 'say_hello: pid 201, parent 100\nsave_results: pid 201, parent 1\nsave_results: pid 100, parent 9\n';
    const q = lesson('child-returns').question!;
    expect(observe(q.observed, side, lesson('child-returns')).value).toBe(2);
    side.observation.output = 'say_hello: pid 201, parent 100\nsave_results: pid 100, parent 9\n';
    expect(observe(q.observed, side, lesson('child-returns')).value).toBe(1);
  });

  it('zombies: the most processes seen at once in state Z; running-count: how the program ended', () => {
    const p = snapshots();
    const side = counterSide('broken', 0, 0);
    side.observation.samples = [
      { t: 0, processes: [p(100), p(201, { state: 'Z' })] },
      { t: 10, processes: [p(100), p(201, { state: 'Z' }), p(202, { state: 'Z' }), p(203, { state: 'S' })] },
    ];
    expect(observe(lesson('zombies').question!.observed, side, lesson('zombies')).value).toBe(2);
    const end = lesson('running-count').question!.observed;
    expect(observe(end, side, lesson('running-count')).value).toBe('exited');
    side.observation.exit = { reason: 'stopped', signal: 'SIGKILL', reaped: 6, killedAtEnd: 0 };
    expect(observe(end, side, lesson('running-count')).value).toBe('running');
    side.observation.exit = { reason: 'exited', signal: 'SIGSEGV', reaped: 1, killedAtEnd: 0 };
    expect(observe(end, side, lesson('running-count')).value).toBe('killed');
  });
});

describe('the lessons\' questions', () => {
  const asked = catalog.filter((l) => l.question);

  it('the lessons of the issue have one, each with 2 to 4 choices, and patterns that compile', () => {
    const ids = asked.map((l) => l.id);
    for (const id of ['sigchld-count', 'fork-bomb', 'zombies', 'pipe-eof', 'child-returns', 'running-count', 'exit-in-handler', 'fd-leak']) expect(ids).toContain(id);
    for (const l of asked) {
      const q = l.question as Question;
      expect(q.choices.length, l.id).toBeGreaterThanOrEqual(2);
      expect(q.choices.length, l.id).toBeLessThanOrEqual(4);
      expect(q.ask.length > 0 && q.why.length > 0, l.id).toBe(true);
      if (q.observed.kind === 'lines') expect(() => new RegExp((q.observed as { pattern: string }).pattern), l.id).not.toThrow();
    }
  });
});
