// Who holds which end of each pipe, drawn from the detailed snapshots of a run (/proc/PID/fd and the
// fdinfo flags): the lecture's picture of a pipe after pipe(), fork() and close(), as it really was
// at the moment the pitfall was proven (or when the program asked for a snapshot). Then every
// process's descriptor table, close-on-exec marked, so a leaked descriptor can be seen for what it is.
import chalk from 'chalk';
import type { DetailSnapshot, OpenFile, ProcessDetail } from '../runner/outcome.js';
import { endWaitedOn, endsOf, fdWaitedOn, isBlockedOn, isCloseOnExec, pipesOf, type EndHolder, type PipeEnds } from '../runner/pipes.js';
import { padTo, widthOf, wrap } from './text.js';
import type { View } from './views.js';

const ARROW = ' ──▶ ';
/** Below this many columns per end, the ends are drawn one under the other. */
const WIDE_COLUMN = 34;
/** A run of at least this many private close-on-exec descriptors is summed up rather than listed. */
const SUMMARISE_FROM = 3;
/** Keeps one descriptor's entry on one line when the table wraps. */
const NBSP = '\u00a0';


/** "node safe.js" from "/usr/bin/node /x/y/safe.js": what the process runs, without the folders. */
function commandOf(p: ProcessDetail): string {
  if (p.cmdline.length === 0) return p.comm;
  return p.cmdline.map((part) => (part.startsWith('/') ? part.slice(part.lastIndexOf('/') + 1) : part)).join(' ');
}

/** Worth drawing: it joins two processes, or someone is stuck on it. */
function isDrawn(pipe: PipeEnds): boolean {
  const holders = new Set([...pipe.read, ...pipe.write].map((h) => h.process.pid));
  return holders.size > 1 || pipe.read.some((h) => isBlockedOn(h, 'read')) || pipe.write.some((h) => isBlockedOn(h, 'write'));
}

function holderLabel(holder: EndHolder, end: 'read' | 'write'): string {
  const mark = isBlockedOn(holder, end) ? chalk.red(' ⏸') : '';
  return `fd ${holder.fd}${holder.closeOnExec ? '*' : ''} of ${holder.process.pid} ${holder.process.comm}${mark}`;
}

function drawPipe(pipe: PipeEnds, width: number): string[] {
  const writers = pipe.write.map((h) => holderLabel(h, 'write'));
  const readers = pipe.read.map((h) => holderLabel(h, 'read'));
  const none = chalk.dim('none in the run');
  if (writers.length === 0) writers.push(none);
  if (readers.length === 0) readers.push(none);
  const lines = [chalk.bold(`  ${pipe.id}`)];
  const column = Math.floor((width - 4 - ARROW.length) / 2);
  if (column >= WIDE_COLUMN && [...writers, ...readers].every((label) => widthOf(label) <= column)) {
    // Writers on the left, readers on the right, as on the slide: data flows left to right.
    lines.push(chalk.dim(`    ${padTo('write end', column)}${' '.repeat(ARROW.length)}read end`));
    for (let row = 0; row < Math.max(writers.length, readers.length); row++) {
      const left = padTo(writers[row] ?? '', column);
      const right = readers[row] ?? '';
      lines.push(`    ${left}${right ? ARROW : ''}${right}`.trimEnd());
    }
    return lines;
  }
  // Narrower: one end under the other, data going in at the write end and out at the read end; a
  // holder too long for the line goes on under itself, never cut (who holds an end is the point).
  const row = (lead: string, label: string) => {
    const prefix = `    ${lead} `;
    return wrap(label, width - prefix.length, '  ').map((part, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + part);
  };
  lines.push(...writers.flatMap((w, i) => row(i === 0 ? 'write end ▶' : '           ', w)));
  lines.push(...readers.flatMap((r, i) => row(i === 0 ? 'read end  ◀' : '           ', r)));
  return lines;
}

function shortTarget(file: OpenFile): string {
  const anon = /^anon_inode:\[?([^\]]+)\]?$/.exec(file.target);
  const ends = endsOf(file);
  const target = anon ? anon[1] : file.target;
  return ends.length === 1 ? `${target} ${ends[0] === 'read' ? 'r' : 'w'}` : target;
}

/** Only this process holds it, and exec would close it: nothing anyone else can trip on. */
function isPrivate(file: OpenFile, process: ProcessDetail, snapshot: DetailSnapshot): boolean {
  if (file.fd <= 2 || !isCloseOnExec(file)) return false;
  if (file.target.startsWith('anon_inode:')) return true;
  if (!/^(pipe|socket):\[\d+\]$/.test(file.target)) return false;
  return !snapshot.processes.some((q) => q.pid !== process.pid && q.files.some((f) => f.target === file.target));
}

/** The descriptor table of one process, long runs of private close-on-exec ones summed up. */
function describeTable(process: ProcessDetail, snapshot: DetailSnapshot): string[] {
  const items: string[] = [];
  const files = process.files;
  for (let i = 0; i < files.length; ) {
    let j = i;
    while (j < files.length && isPrivate(files[j], process, snapshot) && (j === i || files[j].fd === files[j - 1].fd + 1)) j++;
    if (j - i >= SUMMARISE_FROM) {
      const kinds = new Map<string, number>();
      for (const f of files.slice(i, j)) {
        const kind = shortTarget(f).replace(/:\[\d+\].*$/, '');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      // Breakable only after the commas: each kind stays whole on its line.
      const summary = [...kinds].map(([kind, n]) => (n > 1 ? `${kind}${NBSP}×${n}` : kind)).join(', ');
      items.push(chalk.dim(`${files[i].fd}-${files[j - 1].fd}*${NBSP}its${NBSP}own:${NBSP}${summary}`));
      i = j;
      continue;
    }
    const f = files[i];
    items.push(`${f.fd}${isCloseOnExec(f) ? '*' : ''} ${shortTarget(f)}`.replace(/ /g, NBSP));
    i++;
  }
  return items;
}

function drawSnapshot(snapshot: DetailSnapshot, width: number, brief: boolean): string[] {
  const when = snapshot.reason === 'proven' ? 'when the pitfall was proven' : snapshot.reason === 'suspected' ? 'when a process looked stuck' : `at the program's "${snapshot.reason}"`;
  const lines = wrap(`Pipe ends at ${snapshot.t} ms, ${when}`, width, '  ').map((l) => chalk.bold(l));
  const pipes = pipesOf(snapshot).filter(isDrawn);
  if (pipes.length === 0) {
    lines.push(...wrap('  no pipe joins two processes of the run', width, '  ').map((l) => chalk.dim(l)));
    // Node's stdio 'pipe' is a socket pair: each end has an inode of its own, and /proc does not pair them.
    if (snapshot.processes.some((p) => p.files.some((f) => f.target.startsWith('socket:')))) {
      lines.push(...wrap(chalk.dim('  (the two ends of a socket pair have inodes of their own, and /proc does not say which go together)'), width, '  '));
    }
  }
  for (const pipe of pipes) lines.push(...drawPipe(pipe, width));
  const blocked = snapshot.processes.filter((p) => (p.state === 'S' || p.state === 'D') && endWaitedOn(p.wchan));
  for (const p of blocked) {
    const fd = fdWaitedOn(p);
    lines.push(...wrap(`  ${chalk.red('⏸')} ${p.pid} blocked: ${p.wchan}${fd === undefined ? '' : ` on fd ${fd}`}`, width, '    '));
  }
  // Brief: the pipes and who waits on them; the descriptor tables behind them are for the full report.
  if (brief) return lines;
  lines.push(...wrap('  descriptors (/proc/PID/fd; * close-on-exec)', width, '  ').map((l) => chalk.dim(l)));
  for (const process of snapshot.processes) {
    const name = `${process.pid} ${commandOf(process)}`;
    if (process.files.length === 0) {
      lines.push(...wrap(`  ${name}: ${process.state === 'Z' ? 'zombie, no descriptors' : 'none readable'}`, width, '    '));
      continue;
    }
    lines.push(...wrap(`  ${name}`, width, '    '));
    lines.push(...wrap(`    ${describeTable(process, snapshot).join('  ')}`, width, '  '));
  }
  return lines;
}

export const pipeEnds: View = (side, _lesson, width, options = {}) => {
  const { details } = side.observation;
  if (details.length === 0) return [chalk.dim('Pipe ends: no snapshot of descriptors was taken in this run')];
  // Brief: the last snapshot only, the one taken when the pitfall was proven (or the run's last look).
  const shown = options.brief ? [details.find((d) => d.reason === 'proven') ?? details[details.length - 1]] : details;
  // A snapshot that shows nothing new (the same pipes, holders and tables as the one before) is left out.
  const drawings: string[][] = [];
  let previous = '';
  for (const snapshot of shown) {
    const drawing = drawSnapshot(snapshot, width, Boolean(options.brief));
    const body = drawing.slice(1).join('\n');
    // The same picture again: the one the proof was made on stands for both.
    if (body === previous) {
      if (snapshot.reason === 'proven') drawings[drawings.length - 1] = drawing;
      continue;
    }
    previous = body;
    drawings.push(drawing);
  }
  return drawings.flatMap((drawing, i) => (i === 0 ? [] : ['']).concat(drawing));
};
