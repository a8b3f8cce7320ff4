// The process-tree view: drawn from samples alone, beside the tree the programmer meant.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { drawProcessTree, observedTree, processTree } from '../dist/src/render/process-tree.js';
import { views } from '../dist/src/render/views.js';
import type { IntendedProcess, Lesson } from '../src/lesson.js';
import type { ProcessSnapshot, Sample, SideOutcome } from '../src/runner/outcome.js';
import { brokenSide, observation } from './helpers/observations.js';

function proc(pid: number, ppid: number, comm: string, state = 'S'): ProcessSnapshot {
  return { pid, ppid, pgid: 100, state, comm, wchan: '0', cpuTicks: 0, threads: 1 };
}

function side(samples: Sample[], programPid = 100): SideOutcome {
  return brokenSide(observation(samples, { programPid, exit: { reason: 'stopped', reaped: 4, killedAtEnd: 4 } }));
}

const lesson = (intendedTree?: IntendedProcess) => ({ id: 'x', intendedTree }) as unknown as Lesson;
const plain = (lines: string[]) => lines.map((l) => stripVTControlCharacters(l));

// double-fork as /proc shows it: the first child forked too, and both of them named themselves do_stuff1.
const doubleFork: Sample[] = [
  { t: 0, processes: [proc(100, 99, 'supervisor')] },
  { t: 10, processes: [proc(100, 99, 'double-fork'), proc(101, 100, 'double-fork'), proc(102, 100, 'double-fork'), proc(103, 101, 'double-fork')] },
  { t: 20, processes: [proc(100, 99, 'double-fork'), proc(101, 100, 'do_stuff1'), proc(102, 100, 'do_stuff2'), proc(103, 101, 'do_stuff1')] },
];
const meant: IntendedProcess = { name: 'main', children: [{ name: 'do_stuff1' }, { name: 'do_stuff2' }] };

describe('process tree: what was seen', () => {
  it('builds trees from every sample: first parent, names in order, transient fork-to-exec names left out', () => {
    const [root, ...others] = observedTree(doubleFork, 100);
    expect(others).toEqual([]);
    expect(root).toMatchObject({ pid: 100, ppid: 99, names: ['double-fork'] });
    expect(root.children.map((c) => [c.pid, c.names])).toEqual([
      [101, ['do_stuff1']],
      [102, ['do_stuff2']],
    ]);
    expect(root.children[0].children.map((c) => c.pid)).toEqual([103]);
  });

  it('reads states while the program lived: zombies stay Z, the reaped show -, orphans say where they went', () => {
    const samples: Sample[] = [
      { t: 0, processes: [proc(100, 99, 'zombies'), proc(101, 100, 'worker 0'), proc(102, 100, 'worker 1', 'R')] },
      { t: 10, processes: [proc(100, 99, 'zombies'), proc(101, 100, 'worker 0', 'Z')] },
      // The runner ends the program: it is a zombie itself for a moment, its child now the reaper's.
      { t: 20, processes: [proc(100, 99, 'zombies', 'Z'), proc(101, 99, 'worker 0', 'Z')] },
    ];
    const lines = plain(drawProcessTree(samples, 100, undefined, 70));
    expect(lines).toEqual([
      'process tree seen in /proc',
      '  PID PPID S COMMAND',
      '  100   99 S zombies',
      '  101  100 Z ├ worker 0 <defunct>',
      '  102  100 - └ worker 1',
      'pid 101 was re-parented to pid 99 when its parent ended',
      'S: S sleeping, Z zombie (exited, unreaped), - ended and reaped',
    ]);
  });
});

describe('process tree: beside the tree meant', () => {
  it('pairs rows and marks the process that was never meant', () => {
    const lines = plain(processTree(side(doubleFork), lesson(meant), 60));
    expect(lines).toEqual([
      'process tree seen in /proc, beside the one meant',
      '  PID PPID S COMMAND        MEANT',
      '  100   99 S double-fork    main',
      '  101  100 S ├ do_stuff1    ├ do_stuff1',
      '+ 103  101 S │ └ do_stuff1  │',
      '  102  100 S └ do_stuff2    └ do_stuff2',
      '+ pid 103 (do_stuff1): not in the tree meant',
      'S: S sleeping',
    ]);
  });

  it('marks a process that ran work meant for another, and one meant but never seen', () => {
    // child-returns: the child said hello, then ran the parent's save_results; a third process was meant too.
    const samples: Sample[] = [
      { t: 0, processes: [proc(100, 99, 'child-returns'), proc(101, 100, 'child-returns')] },
      { t: 10, processes: [proc(100, 99, 'child-returns'), proc(101, 100, 'say_hello')] },
      { t: 20, processes: [proc(100, 99, 'child-returns'), proc(101, 100, 'save_results')] },
      { t: 30, processes: [proc(100, 99, 'save_results')] },
    ];
    const intended = { name: 'save_results', children: [{ name: 'say_hello' }, { name: 'log_it' }] };
    const lines = plain(drawProcessTree(samples, 100, intended, 70));
    expect(lines).toEqual([
      'process tree seen in /proc, beside the one meant',
      '  PID PPID S COMMAND                     MEANT',
      '  100   99 S child-returns→save_results  save_results',
      '~ 101  100 - └ say_hello→save_results    ├ say_hello',
      '-                                        └ log_it',
      '~ pid 101 ran save_results, not meant for it',
      '- log_it: meant, never seen',
      'S: S sleeping, - ended and reaped',
    ]);
  });

  it('puts the tree meant under the one seen when the column is narrow, and never overflows it', () => {
    const lines = plain(processTree(side(doubleFork), lesson(meant), 30));
    expect(lines).toContain('meant:');
    expect(lines.slice(lines.indexOf('meant:') + 1, lines.indexOf('meant:') + 4)).toEqual(['  main', '  ├ do_stuff1', '  └ do_stuff2']);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(30);
  });

  it('is registered as a view, and says so when nothing was seen', () => {
    expect(views['process-tree']).toBe(processTree);
    expect(plain(processTree(side([]), lesson(meant), 60))).toEqual(['process tree: no process was seen in /proc']);
  });
});
