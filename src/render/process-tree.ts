// The process tree a run produced, drawn from its /proc samples: pid, parent, state and the names each
// process carried. When the lesson says what the programmer meant, that tree is drawn beside it, row by
// row, and the differences are marked: + seen but not meant, - meant but never seen, ~ ran other work.
import chalk from 'chalk';
import type { IntendedProcess } from '../lesson.js';
import type { Sample } from '../runner/outcome.js';
import { fit, wrap } from './text.js';
import type { View } from './views.js';

/** One process as the samples saw it over the whole run. */
export interface SeenProcess {
  pid: number;
  /** The parent it was first seen with: the one that forked it, unless it was orphaned before the first sample. */
  ppid: number;
  /** The parent it was last seen with: another one when it was re-parented because its parent ended first. */
  lastPpid: number;
  /**
   * The names (comm) it carried, in order: a fork inherits its parent's, exec and prctl(PR_SET_NAME) change it.
   * A first name seen in one sample only, before another (a moment between fork and exec), is left out.
   */
  names: string[];
  /**
   * Its state while the program was last seen alive (Z: exited, not yet reaped), or at its own last sample
   * if it came later; '-' when it had ended and been reaped by then.
   */
  state: string;
  firstT: number;
  children: SeenProcess[];
}

/** Every process the samples saw, as trees: the program's first, then any seen without a known parent. */
export function observedTree(samples: Sample[], programPid: number): SeenProcess[] {
  const byPid = new Map<number, SeenProcess>();
  // States are read at the last sample where the program was alive: once it ends, its children are
  // re-parented and it is a zombie itself until the supervisor reaps it.
  const isProgramAlive = (s: Sample) => s.processes.some((p) => p.pid === programPid && p.state !== 'Z');
  let reference = -1;
  samples.forEach((sample, index) => {
    if (isProgramAlive(sample)) reference = index;
  });
  const referenceT = reference >= 0 ? samples[reference].t : -Infinity;
  const firstNameSamples = new Map<number, number>();
  samples.forEach((sample, index) => {
    if (index === reference) {
      const present = new Set(sample.processes.map((p) => p.pid));
      for (const known of byPid.values()) if (!present.has(known.pid)) known.state = '-';
    }
    for (const p of sample.processes) {
      const known = byPid.get(p.pid);
      if (!known) {
        byPid.set(p.pid, { pid: p.pid, ppid: p.ppid, lastPpid: p.ppid, names: [p.comm], state: p.state, firstT: sample.t, children: [] });
        firstNameSamples.set(p.pid, 1);
        continue;
      }
      known.lastPpid = p.ppid;
      if (index <= reference || known.firstT > referenceT) known.state = p.state;
      if (known.names[known.names.length - 1] !== p.comm) known.names.push(p.comm);
      if (known.names.length === 1) firstNameSamples.set(p.pid, firstNameSamples.get(p.pid)! + 1);
    }
  });
  for (const p of byPid.values()) if (p.names.length > 1 && firstNameSamples.get(p.pid) === 1) p.names.shift();
  const roots: SeenProcess[] = [];
  const ordered = [...byPid.values()].sort((a, b) => a.firstT - b.firstT || a.pid - b.pid);
  for (const p of ordered) {
    const parent = p.pid === programPid ? undefined : byPid.get(p.ppid);
    if (parent) parent.children.push(p);
    else roots.push(p);
  }
  return roots.sort((a, b) => Number(b.pid === programPid) - Number(a.pid === programPid));
}

type Mark = ' ' | '+' | '-' | '~';

/** A row of the drawing: an observed process, a meant one, or both, paired. */
interface Paired {
  seen?: SeenProcess;
  meant?: IntendedProcess;
  mark: Mark;
  /** Work names (names of the meant tree) this process carried that its meant counterpart does not. */
  otherWork: string[];
  children: Paired[];
}

function namesOfTree(meant: IntendedProcess): string[] {
  return [meant.name, ...(meant.children ?? []).flatMap(namesOfTree)];
}

/** Pairs an observed process with a meant one, and their children: by name first, then in order. */
function pair(seen: SeenProcess | undefined, meant: IntendedProcess | undefined, work: Set<string>, isRoot: boolean): Paired {
  const seenChildren = seen?.children ?? [];
  const meantChildren = meant?.children ?? [];
  let mark: Mark = ' ';
  let otherWork: string[] = [];
  if (!meant) mark = work.size > 0 ? '+' : ' ';
  else if (!seen) mark = '-';
  else {
    otherWork = [...new Set(seen.names.filter((n) => work.has(n) && n !== meant.name))];
    if (otherWork.length > 0 || (!isRoot && !seen.names.includes(meant.name))) mark = '~';
  }
  const partner = new Map<SeenProcess, IntendedProcess>();
  const taken = new Set<IntendedProcess>();
  for (const m of meantChildren) {
    const match = seenChildren.find((s) => !partner.has(s) && s.names.includes(m.name));
    if (match) {
      partner.set(match, m);
      taken.add(m);
    }
  }
  const unpairedMeant = meantChildren.filter((m) => !taken.has(m));
  for (const s of seenChildren) {
    if (!partner.has(s) && unpairedMeant.length > 0) partner.set(s, unpairedMeant.shift()!);
  }
  const children = [
    ...seenChildren.map((s) => pair(s, partner.get(s), work, false)),
    ...unpairedMeant.map((m) => pair(undefined, m, work, false)),
  ];
  return { seen, meant, mark, otherWork, children };
}

/** What a process is shown as: the names it took itself, without the one it inherited from its parent at fork. */
function shownName(seen: SeenProcess, parent: SeenProcess | undefined): string {
  const own = parent ? seen.names.filter((n, i) => i > 0 || !parent.names.includes(n)) : seen.names;
  const names = own.length > 0 ? own : seen.names.slice(-1);
  return names.join('→') + (seen.state === 'Z' ? ' <defunct>' : '');
}

interface Row {
  mark: Mark;
  seen?: SeenProcess;
  /** Tree branches and the name, observed side; empty when the row is only meant. */
  left: string;
  /** Tree branches and the name, meant side; only branches when the row is only observed. */
  right: string;
  isMeant: boolean;
  note?: string;
}

function rowsOf(nodes: Paired[], parent: SeenProcess | undefined, leftBase: string, rightBase: string, rows: Row[], isRoot: boolean): void {
  nodes.forEach((node, i) => {
    const later = nodes.slice(i + 1);
    const lastSeen = !later.some((n) => n.seen);
    const lastMeant = !later.some((n) => n.meant);
    const branch = (last: boolean) => (isRoot ? '' : last ? '└ ' : '├ ');
    const through = (last: boolean) => (isRoot ? '' : last ? '  ' : '│ ');
    const left = node.seen ? leftBase + branch(lastSeen) + shownName(node.seen, parent) : leftBase + (lastSeen || isRoot ? '' : '│');
    const right = node.meant ? rightBase + branch(lastMeant) + node.meant.name : rightBase + (lastMeant || isRoot ? '' : '│');
    let note: string | undefined;
    const who = node.seen ? `pid ${node.seen.pid}` : '';
    if (node.mark === '+') note = `${who} (${shownName(node.seen!, parent)}): not in the tree meant`;
    else if (node.mark === '-') note = `${node.meant!.name}: meant, never seen`;
    else if (node.mark === '~') {
      const other = node.otherWork.length > 0 ? `${who} ran ${node.otherWork.join(', ')}, not meant for it` : '';
      const meantAs = node.seen!.names.includes(node.meant!.name) || isRoot ? '' : `${other ? '; it' : who} was meant to be ${node.meant!.name}`;
      note = other + meantAs;
    }
    rows.push({ mark: node.mark, seen: node.seen, left, right, isMeant: node.meant !== undefined, note });
    rowsOf(
      node.children,
      node.seen,
      node.seen ? leftBase + through(lastSeen) : leftBase,
      node.meant ? rightBase + through(lastMeant) : rightBase,
      rows,
      false,
    );
  });
}

const STATES: Record<string, string> = {
  R: 'running', S: 'sleeping', D: 'in uninterruptible wait', T: 'stopped', t: 'stopped by a tracer',
  Z: 'zombie (exited, unreaped)', X: 'dead', I: 'idle', '-': 'ended and reaped',
};

const COLOURS: Record<Mark, (text: string) => string> = { ' ': (t) => t, '+': chalk.red, '-': chalk.yellow, '~': chalk.yellow };


/** Draws the observed tree, and the meant one beside it (or under it, when the width is short). */
export function drawProcessTree(samples: Sample[], programPid: number, intended: IntendedProcess | undefined, width: number): string[] {
  const roots = observedTree(samples, programPid);
  if (roots.length === 0) return ['process tree: no process was seen in /proc'];
  const work = new Set(intended ? namesOfTree(intended) : []);
  const paired = roots.map((root, i) => pair(root, i === 0 && root.pid === programPid ? intended : undefined, work, true));
  const rows: Row[] = [];
  rowsOf(paired, undefined, '', '', rows, true);

  const pidWidth = Math.max(3, ...rows.map((r) => String(r.seen?.pid ?? '').length));
  const ppidWidth = Math.max(4, ...rows.map((r) => String(r.seen?.ppid ?? '').length));
  const fixed = 2 + pidWidth + 1 + ppidWidth + 1 + 2;
  const meantWidth = intended ? Math.max(5, ...rows.map((r) => r.right.length)) : 0;
  const leftWanted = Math.max(7, ...rows.map((r) => r.left.length));
  // Beside when the observed names keep at least 12 columns; else the meant tree goes under.
  const beside = intended !== undefined && fixed + 12 + 2 + meantWidth <= width;
  const leftWidth = beside ? Math.min(leftWanted, width - fixed - 2 - meantWidth) : Math.max(7, width - fixed);
  const observedLine = (mark: Mark, pid: string, ppid: string, state: string, left: string) =>
    `${mark} ${pid.padStart(pidWidth)} ${ppid.padStart(ppidWidth)} ${state.padEnd(2)}${fit(left, leftWidth)}`;

  const title = intended ? `process tree seen in /proc, ${beside ? 'beside' : 'and'} the one meant` : 'process tree seen in /proc';
  const lines = wrap(title, width, '  ').map((l) => chalk.bold(l));
  const header = observedLine(' ', 'PID', 'PPID', 'S', 'COMMAND');
  lines.push(chalk.dim(beside ? `${header.padEnd(fixed + leftWidth)}  MEANT` : header));
  for (const row of rows) {
    if (!beside && !row.seen) continue;
    const left = row.seen ? observedLine(row.mark, String(row.seen.pid), String(row.seen.ppid), row.seen.state, row.left) : observedLine(row.mark, '', '', '', row.left);
    lines.push(COLOURS[row.mark]((beside ? `${left.padEnd(fixed + leftWidth)}  ${fit(row.right, meantWidth)}` : left).trimEnd()));
  }
  if (intended && !beside) {
    lines.push(chalk.dim('meant:'));
    for (const row of rows) {
      const mark: Mark = row.mark === '-' ? '-' : ' ';
      if (row.isMeant) lines.push(COLOURS[mark](`${mark} ${fit(row.right, width - 2)}`));
    }
  }

  for (const row of rows) if (row.note) lines.push(...wrap(`${row.mark} ${row.note}`, width, '  ').map((l) => COLOURS[row.mark](l)));
  // Orphans: re-parented to the nearest subreaper (or init) when their parent ended first.
  const moved = new Map<number, number[]>();
  const visit = (p: SeenProcess) => {
    if (p.lastPpid !== p.ppid) moved.set(p.lastPpid, [...(moved.get(p.lastPpid) ?? []), p.pid]);
    p.children.forEach(visit);
  };
  roots.forEach(visit);
  for (const [to, pids] of moved) {
    const which = pids.length === 1 ? `pid ${pids[0]} was` : `pids ${pids.join(', ')} were`;
    lines.push(...wrap(`${which} re-parented to pid ${to} when ${pids.length === 1 ? 'its' : 'their'} parent ended`, width, '  ').map((l) => chalk.dim(l)));
  }
  const states = [...new Set(rows.flatMap((r) => (r.seen ? [r.seen.state] : [])))].filter((s) => STATES[s]);
  lines.push(...wrap(`S: ${states.map((s) => `${s} ${STATES[s]}`).join(', ')}`, width, '   ').map((l) => chalk.dim(l)));
  return lines;
}

export const processTree: View = (side, lesson, width) =>
  drawProcessTree(side.observation.samples, side.observation.programPid, lesson.intendedTree, width);
