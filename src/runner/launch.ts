// Runs one side under the supervisor, watches it through /proc, and stops it once the judge is sure.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Expectation, Keystroke, Limits } from '../lesson.js';
import type { Containment } from './containment.js';
import { prepareCap } from './containment.js';
import { judge, peakProcesses } from './judge.js';
import type { DetailSnapshot, Observation, Sample, SideOutcome, Status } from './outcome.js';
import { readDetail, readTree } from './proc.js';
import { OutputCollector } from './protocol.js';
import { readSupervisorReport, supervisorBinary } from './supervisor.js';

export interface SideSpec {
  side: 'broken' | 'safe';
  /** The status this side shows when the lesson runs as taught. */
  expected: Status;
  label: string;
  /** Program and arguments; the program is a compiled fixture or node. */
  command: string[];
  /** Files the program needs to read (the binary, a twin's folder), staged when the uid mode needs it. */
  files: string[];
  limits: Limits;
  terminal: boolean;
  expectation: Expectation;
  /** Keystrokes to type into the terminal once the program has reported `afterReport`. */
  keystrokes?: Keystroke[];
}

export interface SideHooks {
  /** Called after each sample, for live progress. */
  onSample?: (sample: Sample) => void;
  /** Aborting stops the run (the supervisor kills and reaps everything) and resolves as stopped. */
  signal?: AbortSignal;
  /** A keystroke is due in the side's terminal: `type` sends it (call it once, now or when the learner presses the key). */
  onKeystrokeDue?: (keystroke: Keystroke, type: () => void) => void;
}

const SAMPLE_INTERVAL_MS = 10;
/** How long the runner keeps watching after the pitfall was proven, before it stops the side. */
const EVIDENCE_GRACE_MS = 100;

interface Started {
  pid: number;
  onData: (listener: (chunk: string) => void) => void;
  write: (data: string) => void;
  exited: Promise<void>;
  terminate: () => void;
}

function startWithPipes(file: string, args: string[], cwd: string): Started {
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: Array<(chunk: string) => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => listeners.forEach((l) => l(chunk)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => listeners.forEach((l) => l(chunk)));
  // 'close' waits for the output pipes to drain, not just for the exit.
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    pid: child.pid!,
    onData: (listener) => listeners.push(listener),
    write: () => {},
    exited,
    terminate: () => child.kill('SIGTERM'),
  };
}

async function startInTerminal(file: string, args: string[], cwd: string): Promise<Started> {
  const pty = await import('node-pty');
  const term = pty.spawn(file, args, { name: 'xterm-256color', cols: 80, rows: 24, cwd, env: process.env as Record<string, string> });
  const exited = new Promise<void>((resolve) => term.onExit(() => resolve()));
  return {
    pid: term.pid,
    onData: (listener) => term.onData(listener),
    write: (data) => term.write(data),
    exited,
    terminate: () => process.kill(term.pid, 'SIGTERM'),
  };
}

/** Copies what a uid-mode run must read into a folder any uid can read. */
function stage(files: string[], into: string): Map<string, string> {
  const moved = new Map<string, string>();
  for (const file of files) {
    const target = join(into, basename(file));
    if (statSync(file).isDirectory()) {
      mkdirSync(target, { mode: 0o755 });
      readdirSync(file).forEach((name) => copyFileSync(join(file, name), join(target, name)));
    } else {
      copyFileSync(file, target);
      chmodSync(target, 0o755);
    }
    moved.set(file, target);
  }
  return moved;
}

export async function runSide(spec: SideSpec, containment: Containment, hooks: SideHooks = {}): Promise<SideOutcome> {
  const supervisor = supervisorBinary();
  const workdir = mkdtempSync(join(tmpdir(), `pitfalls-${spec.side}-`));
  chmodSync(workdir, 0o755);
  const cap = prepareCap(containment, spec.limits.processes);
  try {
    let command = spec.command;
    if (cap.needsStaging) {
      const moved = stage(spec.files, workdir);
      command = spec.command.map((part) => moved.get(part) ?? (moved.has(dirname(part)) ? join(moved.get(dirname(part))!, basename(part)) : part));
    }
    const reportPath = join(workdir, '.supervisor-report');
    const args = [
      '--report', reportPath,
      '--timeout-ms', String(spec.limits.timeoutMs),
      '--cpu', String(spec.limits.cpuSeconds),
      ...(spec.limits.addressSpaceMiB > 0 ? ['--as', String(spec.limits.addressSpaceMiB * 1024 * 1024)] : []),
      ...(spec.terminal ? ['--foreground'] : []),
      ...cap.supervisorArgs,
      '--', ...command,
    ];

    const startedAt = Date.now();
    const elapsed = () => Date.now() - startedAt;
    const output = new OutputCollector(elapsed);
    const samples: Sample[] = [];
    const details: DetailSnapshot[] = [];
    let programPid = 0;
    let stoppedBecause: string | undefined;
    const started = spec.terminal ? await startInTerminal(supervisor, args, workdir) : startWithPipes(supervisor, args, workdir);
    started.onData((chunk) => output.push(chunk));

    const observationSoFar = (): Observation => ({
      samples, reports: output.reports, output: '', programPid, cap: spec.limits.processes, timeoutMs: spec.limits.timeoutMs, durationMs: elapsed(), details,
      exit: { reason: 'stopped', reaped: 0, killedAtEnd: 0 },
    });
    const stop = (because: string) => {
      if (stoppedBecause) return;
      stoppedBecause = because;
      started.terminate();
    };
    const typed = new Set<number>();
    let provenAt: number | undefined;
    const sampler = setInterval(() => {
      const processes = readTree(started.pid);
      if (!programPid) programPid = processes.find((p) => p.ppid === started.pid)?.pid ?? 0;
      const sample = { t: elapsed(), processes };
      samples.push(sample);
      hooks.onSample?.(sample);
      // A program may ask for a detailed snapshot (descriptors, command lines) at a moment it names.
      for (const r of output.reports) {
        if (r.key === 'snapshot' && !details.some((d) => d.reason === r.value)) {
          details.push({ t: sample.t, reason: r.value, processes: processes.map(readDetail) });
        }
      }
      spec.keystrokes?.forEach((k, i) => {
        if (!typed.has(i) && output.reports.some((r) => r.key === k.afterReport)) {
          typed.add(i);
          // A person at a terminal may press the key themselves; without one, the runner types it.
          if (hooks.onKeystrokeDue) hooks.onKeystrokeDue(k, () => started.write(k.data));
          else started.write(k.data);
        }
      });
      if (provenAt === undefined) {
        const verdict = judge(spec.expectation, observationSoFar(), false);
        if (verdict.settled && verdict.status === 'manifested') {
          provenAt = sample.t;
          details.push({ t: sample.t, reason: 'proven', processes: processes.map(readDetail) });
        }
      }
      // Proven: watch a moment longer, so the evidence of the other signs is complete too.
      if (provenAt !== undefined && sample.t - provenAt >= EVIDENCE_GRACE_MS) stop('the pitfall was proven');
    }, SAMPLE_INTERVAL_MS);
    const onAbort = () => stop('interrupted');
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) onAbort();

    await started.exited;
    clearInterval(sampler);
    hooks.signal?.removeEventListener('abort', onAbort);

    const report = readSupervisorReport(reportPath);
    const exit = report?.exit ?? { reason: 'stopped' as const, reaped: 0, killedAtEnd: 0 };
    const observation: Observation = {
      samples,
      reports: output.reports,
      output: output.output(),
      programPid: report?.programPid || programPid,
      exit,
      details,
      stoppedBecause,
      cap: spec.limits.processes,
      timeoutMs: spec.limits.timeoutMs,
      durationMs: elapsed(),
    };
    const verdict = judge(spec.expectation, observation, true);
    return { side: spec.side, expected: spec.expected, label: spec.label, verdict, observation, peakProcesses: peakProcesses(samples) };
  } finally {
    cap.release();
    rmSync(workdir, { recursive: true, force: true });
  }
}
