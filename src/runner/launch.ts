// Runs one side under the supervisor, watches it through /proc, and stops it once the judge is sure.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Expectation, Keystroke, Limits } from '../lesson.js';
import { environmentError } from '../errors.js';
import { openCheckedBinary, readRecord } from './compile.js';
import type { Containment } from './containment.js';
import { isStaleRunner, prepareCap, runnerTag } from './containment.js';
import { judge, peakProcesses } from './judge.js';
import type { DetailSnapshot, ExitInfo, LeftFile, Observation, ProcessEvent, ProcessSnapshot, Sample, SideOutcome, Status } from './outcome.js';
import { readDetail, RunLister } from './proc.js';
import { OutputCollector } from './protocol.js';
import { wantsDetail } from './signs/waits.js';
import { EventLog, monotonicMs, readSupervisorReport, supervisorBinary, type LogEntries } from './supervisor.js';
import { observationInside, sampleInside } from './pid-namespace.js';
import { visible } from './visible.js';

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
  /** How long to go on watching once the pitfall is proven (default EVIDENCE_GRACE_MS). */
  watchAfterProofMs?: number;
}

export interface SideHooks {
  /** Called after each sample, for live progress: each sample as taken (the machine's pids, to read /proc by), and as shown (the pids the program sees, in a PID namespace). */
  onSample?: (sample: Sample, shown: Sample) => void;
  /** The program's output as it arrives (raw: the caller shows it visibly and drops protocol lines). */
  onOutput?: (chunk: string, stream: string) => void;
  /** Aborting stops the run (the supervisor kills and reaps everything) and resolves as stopped. */
  signal?: AbortSignal;
  /** A keystroke is due in the side's terminal: `type` sends it (call it once, now or when the learner presses the key). */
  onKeystrokeDue?: (keystroke: Keystroke, type: () => void) => void;
}

const SAMPLE_INTERVAL_MS = 10;
/** How long the runner keeps watching after the pitfall was proven, before it stops the side. */
const EVIDENCE_GRACE_MS = 100;
/** The largest file a program may write (RLIMIT_FSIZE): SIGXFSZ past it, a cap of ours. */
const FILE_SIZE_LIMIT = 64 * 1024 * 1024;
/** Size of each tmpfs of a root run's private scratch (/tmp, /var/tmp, /dev/shm, the working directory), in MiB. */
const PRIVATE_TMP_MIB = 64;
/** The program runs at this nice value: below the observer, so it cannot starve the sampling. */
const PROGRAM_NICE = 10;
/** Past the side's own time limit, how long the runner waits for the supervisor before ending the run itself. */
const SUPERVISOR_GRACE_MS = 3000;

interface Started {
  pid: number;
  onData: (listener: (chunk: string, stream: string) => void) => void;
  write: (data: string) => void;
  exited: Promise<void>;
  terminate: () => void;
  /** Ends the supervisor itself: only when it no longer answers. */
  kill: () => void;
}

/**
 * The small environment a side runs with: the runner's PATH (to find echo, sleep, node), the locale,
 * and a home and temp folder inside the run's own working directory, so what a program writes there
 * goes when the run goes. Nothing else of the runner's environment (tokens, sockets, NODE_OPTIONS).
 */
export function programEnvironment(workdir: string, terminal: boolean, runsAsOtherUid: boolean): Record<string, string> {
  let path = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':');
  // A program run as another uid keeps only the folders anyone may search: one it may not search
  // would turn a missing program's ENOENT into EACCES.
  if (runsAsOtherUid) path = path.filter((dir) => isSearchableByAnyone(dir));
  const env: Record<string, string> = { PATH: path.join(':'), HOME: workdir, TMPDIR: workdir };
  for (const name of ['LANG', 'LC_ALL', 'LC_CTYPE', 'TZ']) if (process.env[name]) env[name] = process.env[name]!;
  if (terminal) env.TERM = 'xterm-256color';
  return env;
}

/** Every folder on the way to `dir`, and `dir` itself, may be searched by any user (o+x). */
function isSearchableByAnyone(dir: string): boolean {
  if (!dir.startsWith('/')) return false;
  try {
    for (let at = dir; ; at = dirname(at)) {
      if ((statSync(at).mode & 0o001) === 0) return false;
      if (at === '/') return true;
    }
  } catch {
    return false;
  }
}

function startWithPipes(file: string, args: string[], cwd: string, env: Record<string, string>): Started {
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: Array<(chunk: string, stream: string) => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => listeners.forEach((l) => l(chunk, 'out')));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => listeners.forEach((l) => l(chunk, 'err')));
  // 'close' waits for the output pipes to drain, not just for the exit.
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    pid: child.pid!,
    onData: (listener) => listeners.push(listener),
    write: () => {},
    exited,
    terminate: () => child.kill('SIGTERM'),
    kill: () => child.kill('SIGKILL'),
  };
}

async function startInTerminal(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<Started> {
  const pty = await import('@lydell/node-pty');
  const term = pty.spawn(file, args, { name: 'xterm-256color', cols: 80, rows: 24, cwd, env });
  const exited = new Promise<void>((resolve) => term.onExit(() => resolve()));
  return {
    pid: term.pid,
    onData: (listener) => term.onData((chunk) => listener(chunk, 'terminal')),
    write: (data) => term.write(data),
    exited,
    terminate: () => signalProcess(term.pid, 'SIGTERM'),
    kill: () => signalProcess(term.pid, 'SIGKILL'),
  };
}

/** Signals a process this runner started; it may have ended already. */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** A cached binary that no longer checks between its build and its run: renamed over, or changed. */
function changedInCache(binary: string) {
  return environmentError(
    `the cached binary ${binary} changed after it was built and checked, so it is not run. ` +
      'Run the command again (it will be built anew); if this happens again, something else writes the cache: run `npx pitfalls doctor`.',
  );
}

/** Copies what a uid-mode run must read into a folder any uid can read. */
function stage(files: string[], into: string): Map<string, string> {
  const moved = new Map<string, string>();
  for (const file of files) {
    const target = join(into, basename(file));
    if (statSync(file).isDirectory()) {
      mkdirSync(target, { mode: 0o755 });
      readdirSync(file).forEach((name) => copyFileSync(join(file, name), join(target, name)));
    } else if (readRecord(file)) {
      // A binary of the cache: the copy is made from the descriptor it was checked by.
      const fd = openCheckedBinary(file);
      if (fd === undefined) throw changedInCache(file);
      try {
        // Opened again through /proc, the descriptor names the very file it holds, whatever the path names now.
        copyFileSync(`/proc/self/fd/${fd}`, target);
      } finally {
        closeSync(fd);
      }
      chmodSync(target, 0o755);
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
  sweepStaleRunDirs();
  // Named after this process, so a later run can tell a folder whose runner is gone (SIGKILL) and remove it.
  const workdir = mkdtempSync(join(tmpdir(), `pitfalls-${spec.side}-${runnerTag()}-`));
  chmodSync(workdir, 0o755);
  // What the supervisor writes for the runner lives apart from the program's working directory,
  // where the program (its own uid, as root) cannot reach it.
  const privateDir = mkdtempSync(join(tmpdir(), `pitfalls-runner-${runnerTag()}-`));
  const cap = prepareCap(containment, spec.limits);
  let supervisorFd: number | undefined;
  try {
    let command = spec.command;
    // What the runner put in the working directory is not what the program left there.
    const stagedNames = new Set<string>();
    if (cap.needsStaging) {
      const moved = stage(spec.files, workdir);
      for (const target of moved.values()) stagedNames.add(basename(target));
      command = spec.command.map((part) => moved.get(part) ?? (moved.has(dirname(part)) ? join(moved.get(dirname(part))!, basename(part)) : part));
    }
    // A program the run's own uid cannot reach (node under a home folder others may not enter, as
    // root): the supervisor shows it in the working directory, bind-mounted, and runs it from there.
    let expose: string[] = [];
    if (cap.uid !== undefined && !reachableByAnyone(command[0])) {
      const shown = `${basename(command[0])}-program`;
      expose = ['--expose', `${realpathSync(command[0])}:${shown}`];
      stagedNames.add(shown);
      command = [join(workdir, shown), ...command.slice(1)];
    }
    // The run's scratch directory: what the program writes stays here, and goes with it.
    if (cap.uid !== undefined) chownSync(workdir, cap.uid, cap.uid);
    const env = programEnvironment(workdir, spec.terminal, cap.uid !== undefined);
    const reportPath = join(privateDir, 'report');
    const keptDir = join(privateDir, 'files');
    mkdirSync(keptDir, { mode: 0o700 });
    const eventsPath = join(privateDir, 'events');
    const args = [
      '--report', reportPath,
      '--events', eventsPath,
      '--hold',
      '--keep-files', keptDir,
      // The descriptors a program inherited, read at its exec: only lessons about leaks need them.
      ...(spec.expectation.signs.some((s) => s.kind === 'leaked-descriptors') ? ['--exec-fds'] : []),
      '--nice', String(PROGRAM_NICE),
      '--timeout-ms', String(spec.limits.timeoutMs),
      '--cpu', String(spec.limits.cpuSeconds),
      // No file bigger than 64 MiB, no more than 1024 descriptors (the report descriptor, 100, fits).
      '--fsize', String(FILE_SIZE_LIMIT),
      '--nofile', '1024',
      ...(spec.limits.addressSpaceMiB > 0 ? ['--as', String(spec.limits.addressSpaceMiB * 1024 * 1024)] : []),
      ...(spec.terminal ? ['--foreground'] : []),
      // The run's own /tmp, /var/tmp, /dev/shm and working directory, each a tmpfs this size, and its own
      // SysV IPC: as root, and as an ordinary user where the kernel gives a user namespace.
      '--private-tmp', String(PRIVATE_TMP_MIB),
      // A PID namespace of the run's own (as root; as an ordinary user with its user namespace): kill(-1)
      // stays in it, and the end of its init ends every process of the run.
      '--pid-namespace',
      ...expose,
      // What the program needs from outside its working directory stays where it is, even under a hidden /tmp.
      // So are the folders of its PATH that live under /tmp, /var/tmp or /dev/shm (a tool installed there).
      ...[...new Set([command[0], ...(cap.needsStaging ? [] : spec.files), ...(env.PATH ?? '').split(':').filter((d) => /^\/(tmp|var\/tmp|dev\/shm)\//.test(d))])]
        .filter((p) => p.startsWith('/'))
        .flatMap((p) => ['--carry', p]),
      ...cap.supervisorArgs,
      '--', ...command,
    ];

    const origin = monotonicMs();
    const elapsed = () => monotonicMs() - origin;
    const output = new OutputCollector(elapsed);
    const log = new EventLog(eventsPath, origin);
    const samples: Sample[] = [];
    const details: DetailSnapshot[] = [];
    const events: ProcessEvent[] = [];
    const execFiles: Observation['execFiles'] = [];
    let programPid = 0;
    let reportPipe: string | undefined;
    let scratch: Observation['scratch'];
    let userNamespace = false;
    let pidNamespace: Observation['pidNamespace'];
    const leftNames: LogEntries['files'] = [];
    const execs: LogEntries['execs'] = [];
    let eventsLost = false;
    let connectorOn = false;
    let released = false;
    let stoppedBecause: string | undefined;
    // The supervisor runs as the file that was checked: through the descriptor it was checked by.
    supervisorFd = openCheckedBinary(supervisor);
    if (supervisorFd === undefined) throw changedInCache(supervisor);
    const checkedSupervisor = `/proc/${process.pid}/fd/${supervisorFd}`;
    const started = spec.terminal ? await startInTerminal(checkedSupervisor, args, workdir, env) : startWithPipes(checkedSupervisor, args, workdir, env);
    started.onData((chunk, stream) => {
      output.push(chunk, stream);
      hooks.onOutput?.(chunk, stream);
    });
    const lister = new RunLister(started.pid, cap.cgroupDir);
    // The runner's own report descriptor is never shown as the program's.
    const detailOf = (p: ProcessSnapshot) => {
      const detail = readDetail(p);
      return reportPipe ? { ...detail, files: detail.files.filter((f) => f.target !== reportPipe) } : detail;
    };

    const observationSoFar = (): Observation => ({
      samples, reports: output.reports, output: '', programPid, cap: spec.limits.processes, timeoutMs: spec.limits.timeoutMs, durationMs: elapsed(), details,
      events, eventsComplete: connectorOn && !eventsLost, reportPipe, execFiles, exit: { reason: 'stopped', reaped: 0, killedAtEnd: 0 },
    });
    const stop = (because: string) => {
      if (stoppedBecause) return;
      stoppedBecause = because;
      started.terminate();
    };
    const readLog = () => {
      const entries = log.read();
      events.push(...entries.events);
      execFiles.push(...entries.execFiles);
      entries.reports.forEach((r) => output.reportLine(r.line, r.t));
      if (entries.programPid) programPid = entries.programPid;
      if (entries.connectorOn && !connectorOn) {
        connectorOn = true;
        lister.adopt([entries.programPid!]);
        lister.followEvents();
      }
      if (entries.reportPipe) reportPipe = entries.reportPipe;
      if (entries.scratch) scratch = entries.scratch;
      if (entries.userNamespace) userNamespace = true;
      if (entries.pidNamespace && !pidNamespace) {
        pidNamespace = { programPidInside: entries.pidNamespace.programPidInside };
        // The init is the supervisor's, not the program's: never a process of the run, and the parent of its orphans.
        lister.setInit(entries.pidNamespace.init);
      }
      for (const [pid, inside] of entries.insidePids) lister.insidePids.set(pid, inside);
      leftNames.push(...entries.files);
      execs.push(...entries.execs);
      eventsLost ||= entries.lost;
      lister.adopt(entries.events.filter((e) => e.kind === 'fork').map((e) => e.pid));
    };
    const typed = new Set<number>();
    let provenAt: number | undefined;
    const sampler = setInterval(() => {
      readLog();
      // Nothing of the run to see before the supervisor names the program (its init, in a PID namespace, is not the run's).
      if (!programPid) return;
      const processes = lister.snapshots();
      const sample = { t: elapsed(), processes };
      samples.push(sample);
      // The program waits at the gate until it has been seen once: then it may go.
      if (!released && programPid && processes.some((p) => p.pid === programPid)) {
        released = true;
        signalProcess(started.pid, 'SIGUSR1');
      }
      hooks.onSample?.(sample, pidNamespace ? sampleInside(lister.insidePids, sample) : sample);
      // A program may ask for a detailed snapshot (descriptors, command lines) at a moment it names.
      for (const r of output.reports) {
        if (r.key === 'snapshot' && !details.some((d) => d.reason === r.value) && details.length < MAX_DETAILS) {
          details.push({ t: sample.t, reason: r.value, processes: processes.map(detailOf) });
        }
      }
      // A process that looks stuck on a pipe, or one that just exec'd: record who holds what, so a proof can be made.
      if (details.length < MAX_DETAILS && wantsDetail(spec.expectation, observationSoFar())) {
        details.push({ t: sample.t, reason: 'suspected', processes: processes.map(detailOf) });
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
          details.push({ t: sample.t, reason: 'proven', processes: processes.map(detailOf) });
        }
      }
      // Proven: watch a moment longer, so the evidence of the other signs is complete too.
      if (provenAt !== undefined && sample.t - provenAt >= (spec.watchAfterProofMs ?? EVIDENCE_GRACE_MS)) stop('the pitfall was proven');
    }, SAMPLE_INTERVAL_MS);
    const onAbort = () => stop('interrupted');
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) onAbort();

    // The runner's own deadline: a supervisor that does not end in time is ended, and so is the run.
    let deadlineHit = false;
    const deadline = setTimeout(() => {
      deadlineHit = true;
      started.kill();
    }, spec.limits.timeoutMs + SUPERVISOR_GRACE_MS);
    await started.exited;
    clearTimeout(deadline);
    clearInterval(sampler);
    hooks.signal?.removeEventListener('abort', onAbort);
    readLog();

    const programOutput = output.output();
    const memoryKills = cap.memoryKills();
    if (deadlineHit) cap.release();
    const report = readSupervisorReport(reportPath, programOutput);
    const exit: ExitInfo = {
      ...report.exit,
      ...capThatEnded(report.exit, samples, report.programPid || programPid, spec.limits, memoryKills),
      reapedBy: pidNamespace ? 'init' : 'supervisor',
    };
    const observation: Observation = {
      samples,
      reports: output.reports,
      output: programOutput,
      programPid: report.programPid || programPid,
      exit,
      details,
      events,
      execFiles,
      eventsComplete: report.connector === 'complete' && !eventsLost,
      reportPipe,
      ...(scratch ? { scratch } : {}),
      ...(userNamespace ? { userNamespace } : {}),
      ...(pidNamespace ? { pidNamespace } : {}),
      files: leftFiles(leftNames, keptDir, stagedNames),
      execs,
      // One story per run: a program that ended by itself while the runner was stopping it was not stopped.
      stoppedBecause: exit.reason === 'stopped' ? stoppedBecause : undefined,
      cap: spec.limits.processes,
      timeoutMs: spec.limits.timeoutMs,
      durationMs: elapsed(),
    };
    // A node under a folder the run's uid may not enter was to be shown in its working directory by a bind
    // mount; where the kernel gives no private mounts (a container without CAP_SYS_ADMIN), it could not be.
    if (expose.length > 0 && scratch !== 'private' && exit.startFailed) {
      throw environmentError(
        `the ${spec.side === 'safe' ? 'safe twin' : 'program'} could not start: ${spec.command[0]} is in a folder the run's own uid may not enter, ` +
          'and this machine gives no private mounts to show it there (a container without CAP_SYS_ADMIN). ' +
          'Install Node where every user can read it (for example /usr/local/bin/node), or run pitfalls as an ordinary user; `npx pitfalls doctor` shows what this machine gives.',
      );
    }
    // From here on, the pids the program saw: its own output, the evidence and the pictures agree.
    const shown = pidNamespace ? observationInside(lister.insidePids, observation) : observation;
    const verdict = judge(spec.expectation, shown, true);
    return { side: spec.side, expected: spec.expected, label: spec.label, verdict, observation: shown, peakProcesses: peakProcesses(samples) };
  } finally {
    if (supervisorFd !== undefined) closeSync(supervisorFd);
    cap.release();
    rmSync(workdir, { recursive: true, force: true });
    rmSync(privateDir, { recursive: true, force: true });
    if (cap.uid !== undefined) removeFilesOf(cap.uid);
  }
}

/** Whether any uid may run the file at `path`: every folder on the way, and the file, executable by others. */
function reachableByAnyone(path: string): boolean {
  try {
    const real = realpathSync(path);
    let at = '/';
    for (const part of real.split('/').filter(Boolean)) {
      if ((statSync(at).mode & 0o001) === 0) return false;
      at = join(at, part);
    }
    return (statSync(real).mode & 0o001) !== 0;
  } catch {
    return true; // a name the PATH resolves, or a file that is gone: exec says what is wrong
  }
}

/** The files the supervisor copied out of the working directory at the end, as the observation keeps them. */
function leftFiles(names: LogEntries['files'], keptDir: string, staged: Set<string>): LeftFile[] {
  return names
    .filter((f) => !staged.has(f.name))
    .map((f) => {
      let text = '';
      if (f.size !== 'dir') {
        try {
          text = visible(readFileSync(join(keptDir, f.name), 'utf8'));
        } catch {
          // copied as a name only (it could not be read)
        }
      }
      return { name: visible(f.name), size: f.size, text };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

let sweptRunDirs = false;

/** Once per process: the run folders of a pitfalls that was killed before it could remove them. */
function sweepStaleRunDirs(): void {
  if (sweptRunDirs) return;
  sweptRunDirs = true;
  const uid = process.geteuid?.();
  for (const name of readdirSync(tmpdir())) {
    const owner = /^pitfalls-(?:broken|safe|runner)-(\d+\.\d+)-/.exec(name);
    if (!owner || !isStaleRunner(owner[1])) continue;
    try {
      // An ordinary user sweeps only their own folders; root's runs hand their scratch to the run's uid.
      if (uid !== 0 && lstatSync(join(tmpdir(), name)).uid !== uid) continue;
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not removable by us: left to its owner
    }
  }
}

/**
 * What a run's own uid left outside its scratch directory: entries of /tmp, /var/tmp and /dev/shm it
 * owns, and its System V shared memory, semaphores and message queues. The uid was unused before the
 * run and belongs to it alone, so all of these are the run's.
 */
function removeFilesOf(uid: number): void {
  for (const dir of ['/tmp', '/var/tmp', '/dev/shm']) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        if (lstatSync(join(dir, name)).uid === uid) rmSync(join(dir, name), { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
  // /proc/sysvipc/{shm,sem,msg}: a header line, then one line per object, its id second and its uid among the columns.
  for (const [kind, flag, uidColumn] of [['shm', '-m', 7], ['sem', '-s', 4], ['msg', '-q', 7]] as const) {
    let lines: string[] = [];
    try {
      lines = readFileSync(`/proc/sysvipc/${kind}`, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > uidColumn && Number(fields[uidColumn]) === uid) spawnSync('ipcrm', [flag, fields[1]], { stdio: 'ignore' });
    }
  }
}

/** Detailed snapshots kept per side, at most: a program cannot make the runner read /proc without end. */
const MAX_DETAILS = 40;

/**
 * Which of our caps ended the program, if one did: RLIMIT_CPU sends SIGXCPU at its soft limit (and
 * SIGKILL at the hard one); RLIMIT_FSIZE sends SIGXFSZ.
 */
function capThatEnded(exit: ExitInfo, samples: Sample[], programPid: number, limits: Limits, memoryKills: number): Pick<ExitInfo, 'cap'> {
  if (exit.reason !== 'exited' || !exit.signal) return {};
  // The memory cgroup's OOM killer sends SIGKILL; its counter says it acted in this run.
  if (exit.signal === 'SIGKILL' && memoryKills > 0) return { cap: `the run's memory limit (a memory cgroup, ${limits.memoryMiB} MiB for every process together)` };
  if (exit.signal === 'SIGXCPU') return { cap: `the CPU limit (RLIMIT_CPU, ${limits.cpuSeconds} s of CPU)` };
  if (exit.signal === 'SIGXFSZ') return { cap: 'the file size limit (RLIMIT_FSIZE)' };
  if (exit.signal === 'SIGKILL') {
    const ticks = Math.max(0, ...samples.map((s) => s.processes.find((p) => p.pid === programPid)?.cpuTicks ?? 0));
    if (ticks >= limits.cpuSeconds * 100 * 0.9) return { cap: `the CPU limit (RLIMIT_CPU, ${limits.cpuSeconds} s of CPU)` };
  }
  return {};
}
