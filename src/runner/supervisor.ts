// The supervisor is a small C program (native/supervisor.c), compiled and cached like a fixture.
// This file starts nothing: it finds the binary and reads what the supervisor wrote (its report at
// the end, and its event log while the run goes on).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { environmentError } from '../errors.js';
import { nativeDir } from '../paths.js';
import { compile } from './compile.js';
import type { ExecRecord, ExitInfo, OpenFile, ProcessEvent } from './outcome.js';
import { visible } from './visible.js';

export function supervisorBinary(env: NodeJS.ProcessEnv = process.env): string {
  return compile(join(nativeDir, 'supervisor.c'), ['-O2'], [], env).binary;
}

/** A field of the event log, percent-encoded by the supervisor: its bytes as text, shown visibly. */
function decodeField(field: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '%' && i + 2 < field.length && /^[0-9A-F]{2}$/.test(field.slice(i + 1, i + 3))) {
      bytes.push(parseInt(field.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(field.charCodeAt(i) & 0xff);
  }
  return visible(Buffer.from(bytes).toString('utf8'));
}

export function signalName(number: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === number);
  return entry ? entry[0] : `signal ${number}`;
}

function errnoName(number: number): string {
  const entry = Object.entries(constants.errno).find(([, n]) => n === number);
  return entry ? entry[0] : `errno ${number}`;
}

export interface SupervisorReport {
  programPid: number;
  exit: ExitInfo;
  /** Whether the kernel's process events were heard, and heard whole. */
  connector: 'complete' | 'lost' | 'off';
  reportsDropped: number;
}

/**
 * Reads the supervisor's report (key=value lines). A missing or unfinished report means the
 * supervisor itself died or never ran: that is an error of the environment, never a verdict.
 */
export function readSupervisorReport(path: string, supervisorOutput = ''): SupervisorReport {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // handled below
  }
  const fields = new Map(text.split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
  if (!fields.has('end')) {
    const said = supervisorOutput.split('\n').filter((l) => l.startsWith('pitfalls supervisor:')).join(' ');
    throw environmentError(
      `the supervisor that contains each run ended without its report${said ? ` (${said})` : ''}, so nothing from this run can be judged. ` +
        'Run `npx pitfalls doctor`; if it says all is well, this is a bug: please report it.',
    );
  }
  const number = (key: string) => (fields.has(key) ? Number(fields.get(key)) : undefined);
  const signal = number('exit_signal');
  const failed = fields.get('start_failed');
  let startFailed: string | undefined;
  if (failed) {
    const [what, errno] = failed.split(' ');
    startFailed = `${what} failed with ${errnoName(Number(errno))}`;
  }
  return {
    programPid: number('program') ?? 0,
    exit: {
      reason: fields.get('reason') as ExitInfo['reason'],
      code: number('exit_code'),
      signal: signal === undefined ? undefined : signalName(signal),
      reaped: number('reaped') ?? 0,
      killedAtEnd: number('killed_at_end') ?? 0,
      ...(startFailed ? { startFailed } : {}),
    },
    connector: (fields.get('connector') as SupervisorReport['connector']) ?? 'off',
    reportsDropped: number('reports_dropped') ?? 0,
  };
}

/** CLOCK_MONOTONIC in milliseconds: the clock the supervisor stamps its events with. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

export interface LogEntries {
  events: ProcessEvent[];
  /** Lines the program wrote on its report descriptor, with their times. */
  reports: Array<{ t: number; line: string }>;
  programPid?: number;
  reportPipe?: string;
  /** The supervisor hears the kernel's process events. */
  connectorOn: boolean;
  execFiles: Array<{ t: number; pid: number; files?: OpenFile[] }>;
  lost: boolean;
  /** As root: whether the program got its own /tmp, /var/tmp, /dev/shm and working directory (tmpfs). */
  scratch?: 'private' | 'shared';
  /** As an ordinary user: the run had a user namespace of its own (its task cap counts its own tasks only). */
  userNamespace?: boolean;
  /** The run's PID namespace, when it had one: the supervisor's init (not a process of the run) and the program's pid inside. */
  pidNamespace?: { init: number; programPidInside: number };
  /** In a PID namespace: each process's machine pid and its pid there, read as it forked or was reaped. */
  insidePids: Array<[number, number]>;
  /** What each process of the run exec'd, read as the kernel told of the exec: its new name and argv. */
  execs: ExecRecord[];
  /** What the program left at the top of its working directory, as the supervisor copied it out at the end. */
  files: Array<{ name: string; size: number | 'dir' }>;
}

/** Follows the supervisor's event log as it grows: each call returns what was added since the last. */
export class EventLog {
  private offset = 0;
  private partial = '';

  constructor(
    private readonly path: string,
    /** The runner's start, in CLOCK_MONOTONIC ms: event times become times since the side started. */
    private readonly origin: number,
  ) {}

  read(): LogEntries {
    const found: LogEntries = { events: [], reports: [], lost: false, connectorOn: false, execFiles: [], files: [], execs: [], insidePids: [] };
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return found;
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let n: number;
      while ((n = readSync(fd, buffer, 0, buffer.length, this.offset)) > 0) {
        this.offset += n;
        this.partial += buffer.toString('utf8', 0, n);
      }
    } finally {
      closeSync(fd);
    }
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.parse(line, found);
    return found;
  }

  private parse(line: string, into: LogEntries): void {
    const [kind, at, ...rest] = line.split(' ');
    const t = Math.max(0, Number(at) - this.origin);
    const ending = (how: string | undefined, value: string | undefined) =>
      how === 'signal' ? { signal: signalName(Number(value)) } : { code: Number(value) };
    switch (kind) {
      case 'fork':
        into.events.push({ t, kind: 'fork', parent: Number(rest[0]), pid: Number(rest[1]) });
        break;
      case 'exec':
        into.events.push({ t, kind: 'exec', pid: Number(rest[0]) });
        break;
      case 'exit':
      case 'reaped':
        into.events.push({ t, kind, pid: Number(rest[0]), ...ending(rest[1], rest[2]) });
        break;
      case 'report':
        into.reports.push({ t, line: rest.join(' ') });
        break;
      case 'execfds': {
        const pid = Number(rest[0]);
        if (rest[1] === 'gone') into.execFiles.push({ t, pid });
        else {
          const files = rest.slice(1).map((entry) => {
            const [fd, target, flags] = entry.split('=');
            return { fd: Number(fd), target, flags: parseInt(flags, 8) };
          });
          into.execFiles.push({ t, pid, files });
        }
        break;
      }
      case 'report_pipe':
        into.reportPipe = rest[0];
        break;
      case 'start':
        into.programPid = Number(rest[0]);
        into.connectorOn = rest[1] === 'connector=on';
        break;
      case 'lost':
        into.lost = true;
        break;
      case 'execargv': {
        // "execargv T PID COMM ARG...", each field percent-encoded (see describe_exec_argv).
        const [comm, ...argv] = rest.slice(1).map(decodeField);
        into.execs.push({ t, pid: Number(rest[0]), comm: comm ?? '', argv });
        break;
      }
      case 'file': {
        // "file T SIZE NAME" or "file T dir NAME": the name is the rest of the line, spaces and all.
        const name = rest.slice(1).join(' ');
        into.files.push({ name, size: rest[0] === 'dir' ? 'dir' : Number(rest[0]) });
        break;
      }
      case 'pidns':
        // "pidns T on INIT PROGRAM INSIDE" or "pidns T off ERRNO".
        if (rest[0] === 'on') {
          into.pidNamespace = { init: Number(rest[1]), programPidInside: Number(rest[3]) };
          into.insidePids.push([Number(rest[1]), 1], [Number(rest[2]), Number(rest[3])]);
        }
        break;
      case 'nspid':
        into.insidePids.push([Number(rest[0]), Number(rest[1])]);
        break;
      case 'scratch':
        into.scratch = rest[0] === 'private' ? 'private' : 'shared';
        if (rest[2] === 'userns') into.userNamespace = true;
        break;
      default:
        break;
    }
  }
}
