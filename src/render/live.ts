// What a side looks like while it runs, as lines for a terminal region redrawn in place: which side,
// the time, what /proc shows now (processes by state, tasks against the cap, the tree and where each
// process waits), the signal bits of the program, the program's latest output, and an invitation
// when the lesson waits for a key. Plain data in, lines out: the region that draws them is live-region.ts.
import chalk from 'chalk';
import { constants } from 'node:os';
import type { ProcessSnapshot, Sample } from '../runner/outcome.js';
import { fit, widthOf, wrap } from './text.js';

/** One signal's bits in /proc/PID/status: pending (SigPnd or ShdPnd), blocked (SigBlk), caught (SigCgt). */
export interface SignalBits {
  name: string;
  pending: boolean;
  blocked: boolean;
  caught: boolean;
}

export interface LiveFrame {
  /** "side 1 of 2". */
  index: number;
  total: number;
  /** BROKEN, SAFE or C. */
  role: string;
  label: string;
  elapsedMs: number;
  /** The run's tasks may not exceed this. */
  cap: number;
  sample?: Sample;
  /** The program's pid, once seen. */
  programPid?: number;
  /** The program's signal bits for the signals it handles, pending or blocks (standard ones). */
  signals?: SignalBits[];
  /** The program's latest output lines, already made safe to print. */
  output: string[];
  /** Lines of an invitation to press a key, when the lesson waits for one. */
  prompt?: string[];
}

const STATE_NAMES: Record<string, string> = { R: 'running', S: 'sleeping', D: 'disk wait', Z: 'zombie', T: 'stopped', t: 'traced', I: 'idle', X: 'dead' };

/** "3 processes (2 sleeping, 1 zombie) · 4 of 64 tasks": what the observer sees now. */
export function statusLine(sample: Sample | undefined, cap: number): string {
  if (!sample || sample.processes.length === 0) return '/proc: waiting for the program to appear';
  const byState = new Map<string, number>();
  for (const p of sample.processes) byState.set(p.state, (byState.get(p.state) ?? 0) + 1);
  const states = [...byState].map(([state, n]) => `${n} ${STATE_NAMES[state] ?? state}`).join(', ');
  const tasks = sample.processes.reduce((sum, p) => sum + Math.max(1, p.threads), 0);
  const count = sample.processes.length;
  return `/proc now: ${count} process${count === 1 ? '' : 'es'} (${states}) · ${tasks} of ${cap} tasks`;
}

/** The tree of processes in one sample, one row each: pid, state, where it waits, name. */
export function treeRows(processes: ProcessSnapshot[], programPid: number | undefined): string[] {
  const pids = new Set(processes.map((p) => p.pid));
  const children = new Map<number, ProcessSnapshot[]>();
  const roots: ProcessSnapshot[] = [];
  for (const p of processes) {
    if (p.pid !== programPid && pids.has(p.ppid)) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    else roots.push(p);
  }
  roots.sort((a, b) => Number(b.pid === programPid) - Number(a.pid === programPid) || a.pid - b.pid);
  const rows: string[] = [];
  const visit = (p: ProcessSnapshot, prefix: string, branch: string) => {
    const waits = p.state === 'R' ? 'running' : p.state === 'Z' ? '<defunct>' : p.wchan && p.wchan !== '0' ? `in ${p.wchan}` : '';
    const threads = p.threads > 1 ? ` · ${p.threads} threads` : '';
    rows.push(`${String(p.pid).padStart(7)} ${p.state} ${prefix}${branch}${p.comm}  ${chalk.dim(waits + threads)}`);
    const kids = (children.get(p.pid) ?? []).sort((a, b) => a.pid - b.pid);
    kids.forEach((kid, i) => visit(kid, branch === '' ? prefix : prefix + (branch === '└ ' ? '  ' : '│ '), i === kids.length - 1 ? '└ ' : '├ '));
  };
  roots.forEach((root) => visit(root, '', ''));
  return rows;
}

const SIGNAL_NUMBERS = constants.signals as Record<string, number>;

/** Standard signals in a /proc/PID/status mask ("0000000000010002"): bit N-1 is signal N. */
export function signalsInMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim() || '0'}`);
  return Object.entries(SIGNAL_NUMBERS)
    .filter(([name, n]) => n < 32 && !['SIGIOT', 'SIGPOLL', 'SIGUNUSED'].includes(name) && (mask >> BigInt(n - 1)) & 1n)
    .map(([name]) => name);
}

/** The bits of /proc/PID/status for the signals a program handles, blocks or has pending. */
export function signalBits(status: string): SignalBits[] {
  const field = (name: string) => new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0';
  const pending = new Set([...signalsInMask(field('SigPnd')), ...signalsInMask(field('ShdPnd'))]);
  const blocked = new Set(signalsInMask(field('SigBlk')));
  const caught = new Set(signalsInMask(field('SigCgt')));
  const names = [...new Set([...caught, ...pending, ...blocked])].sort((a, b) => SIGNAL_NUMBERS[a] - SIGNAL_NUMBERS[b]);
  return names.map((name) => ({ name, pending: pending.has(name), blocked: blocked.has(name), caught: caught.has(name) }));
}

/** "SIGCHLD pending ● blocked · caught ●": one entry per signal, the pending ones first. */
export function signalLine(bits: SignalBits[]): string {
  const mark = (on: boolean) => (on ? '●' : '·');
  const ordered = [...bits].sort((a, b) => Number(b.pending) - Number(a.pending));
  return ordered.map((b) => `${b.name} ${b.pending ? chalk.yellow('pending ●') : `pending ${mark(false)}`} blocked ${mark(b.blocked)} caught ${mark(b.caught)}`).join('   ');
}

/** The frame's lines, each within `width` columns, at most `rows` of them (the output gives way first). */
export function liveLines(frame: LiveFrame, width: number, rows: number): string[] {
  const line = (text: string) => fit(text, width);
  const seconds = (frame.elapsedMs / 1000).toFixed(1);
  const head = [line(`${chalk.bold(`▶ side ${frame.index} of ${frame.total}`)} · ${seconds} s · ${chalk.bold(frame.role)} ${frame.label}`)];
  head.push(line(`  ${statusLine(frame.sample, frame.cap)}`));
  // The invitation is read whole: wrapped, never cut.
  const prompt = (frame.prompt ?? []).flatMap((text) => wrap(text, width, '  '));
  const signals = frame.signals && frame.signals.length > 0 ? [line(`  signals of ${frame.programPid}: ${signalLine(frame.signals)}`)] : [];
  // The tree gets what is left after the head, the signals, the prompt and three lines of output.
  const spare = Math.max(0, rows - head.length - signals.length - prompt.length - 4);
  const tree = frame.sample ? treeRows(frame.sample.processes, frame.programPid) : [];
  const treeShown = tree.length <= spare ? tree : [...tree.slice(0, Math.max(0, spare - 1)), chalk.dim(`        … and ${tree.length - Math.max(0, spare - 1)} more`)];
  const body = [...head, ...treeShown.map((row) => line(`  ${row}`)), ...signals];
  const outputRoom = Math.max(0, rows - body.length - prompt.length - 1);
  const output = frame.output.slice(-outputRoom);
  if (output.length > 0 && outputRoom > 0) {
    body.push(chalk.dim(line(`  ── output ${'─'.repeat(Math.max(0, Math.min(width, 60) - 12))}`)));
    body.push(...output.slice(-(outputRoom - 1)).map((l) => line(`  ${l}`)));
  }
  return [...body, ...prompt].slice(0, rows).map((l) => (widthOf(l) > width ? fit(l, width) : l));
}
