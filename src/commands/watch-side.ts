// Watching a side while it runs, for `run`: in a terminal, a live region (what /proc shows now, the
// program's output, its signal bits) and, for a lesson that waits for a key, the invitation to press
// it; without a terminal, one plain line per side on stderr. Nothing here changes what is judged.
import chalk from 'chalk';
import { readFileSync } from 'node:fs';
import type { Keystroke } from '../lesson.js';
import { liveLines, signalBits, type LiveFrame, type SignalBits } from '../render/live.js';
import { LiveRegion } from '../render/live-region.js';
import type { SideHooks, SideSpec } from '../runner/launch.js';
import type { Sample } from '../runner/outcome.js';
import { visible } from '../runner/visible.js';
import { terminalWidth, wrap } from '../render/text.js';

const KEY_NAMES: Record<string, string> = { '\x03': 'Ctrl-C', '\x1c': 'Ctrl-\\', '\x1a': 'Ctrl-Z' };
/** How long a person has to press the key before pitfalls presses it. */
export const INVITATION_MS = 15_000;
const REDRAW_MS = 100;
const OUTPUT_KEPT = 200;
/** A protocol line (`@pitfalls key=value`) is for the runner, not the learner. */
const PROTOCOL = /@pitfalls [A-Za-z_][\w.-]*=/;

/** The hooks a side is given; `onOutput` streams the program's output when the runner offers it. */
export type WatchHooks = SideHooks & { onOutput?: (chunk: string, stream?: string) => void };

export interface WatchOptions {
  /** Draw a live region (stderr is a terminal, not --json). */
  live: boolean;
  /** A person may press the lesson's key (stdin and stdout are a terminal, not CI, not --json): their keyboard. */
  keys?: KeyInput;
  /** Nothing at all (--json). */
  quiet: boolean;
}

/** A plain line on stderr (no live region), wrapped to the terminal's width like the rest. */
function writePlain(text: string): void {
  const width = terminalWidth(process.stderr);
  process.stderr.write(`${text.split('\n').flatMap((line) => wrap(line, width, '  ')).join('\n')}\n`);
}

/** After a key was sent, the same key again within this long is a double press, and does nothing. */
const DOUBLE_PRESS_MS = 1500;

/**
 * The learner's keyboard during a lesson that waits for a key: raw, so Ctrl-C reaches us as a byte
 * instead of signalling pitfalls, from the first invitation to the end of the lesson, read without
 * pause. During an invitation the keys go to it; between invitations, a Ctrl-C just after one was
 * sent (a double press) is noted and does nothing, and any other stops the run, as at any other time.
 */
export class KeyInput {
  private handler: ((text: string) => void) | undefined;
  private isListening = false;
  private lastSentAt = 0;
  /** Where a note goes: the live region of the side now running. */
  note: (text: string) => void = (text) => writePlain(text);

  constructor(private readonly interrupt: () => void) {}

  // Key by key: two presses may arrive in one read.
  private readonly onData = (data: Buffer) => {
    for (const key of data.toString('latin1')) this.onKey(key);
  };

  private onKey(key: string): void {
    if (this.handler) return this.handler(key);
    if (key !== '\x03') return;
    // Between invitations: just after a key was sent, a second press (the keyboard is read without pause).
    if (Date.now() - this.lastSentAt < DOUBLE_PRESS_MS) this.note('  (Ctrl-C was already sent: this one does nothing)');
    else this.interrupt();
  }

  /** Sends the keys to `handler` until `release`. */
  listen(handler: (text: string) => void): void {
    this.handler = handler;
    if (this.isListening) return;
    this.isListening = true;
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('data', this.onData);
  }

  /** The invitation is over: `sent` when the key went to the program. */
  release(sent: boolean): void {
    this.handler = undefined;
    if (sent) this.lastSentAt = Date.now();
  }

  /** The lesson is over: the terminal is as it was. */
  stop(): void {
    this.handler = undefined;
    if (!this.isListening) return;
    this.isListening = false;
    process.stdin.off('data', this.onData);
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

/** The programs's signal bits, from /proc/PID/status; none when it is gone or not ours to read. */
function readSignalBits(pid: number): SignalBits[] | undefined {
  try {
    return signalBits(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** One side's watch: made when the side starts, ended when it ends. */
export class SideWatch {
  private readonly started = Date.now();
  private readonly region: LiveRegion | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private sample: Sample | undefined;
  private programPid: number | undefined;
  private shownProgramPid: number | undefined;
  private signals: SignalBits[] | undefined;
  /** Signals seen pending since the last redraw: a pending bit may last only a few milliseconds. */
  private readonly seenPending = new Set<string>();
  private readonly output: string[] = [];
  private partial = '';
  private prompt: string[] | undefined;
  private endInvitation: (() => void) | undefined;
  private ended = false;

  constructor(
    private readonly spec: SideSpec,
    private readonly position: { index: number; total: number },
    private readonly options: WatchOptions,
  ) {
    if (options.quiet) return;
    if (!options.live) {
      // Through a pipe: one plain line per side, on stderr, so stdout holds the report only.
      writePlain(`- running ${this.describe()}`);
      return;
    }
    this.region = new LiveRegion(process.stderr);
    this.timer = setInterval(() => this.redraw(), REDRAW_MS);
    this.redraw();
  }

  private describe(): string {
    return `${this.spec.side === 'broken' ? 'broken side' : 'safe twin'}: ${this.spec.label}`;
  }

  private role(): string {
    return this.spec.side === 'safe' ? 'SAFE' : this.spec.expected === 'clean' ? 'C' : 'BROKEN';
  }

  /** "2 of 4: fixtures/exit-in-handler.c (_exit() in the handler)": which side an invitation is for. */
  private which(): string {
    return `${this.position.index} of ${this.position.total}: ${this.role()} ${this.spec.label}`;
  }

  hooks(): WatchHooks {
    return {
      onSample: (sample, shown) => this.onSample(sample, shown),
      onOutput: (chunk) => this.onOutput(chunk),
      onKeystrokeDue: this.options.keys ? (keystroke, type) => this.invite(keystroke, type, this.options.keys!) : undefined,
    };
  }

  private onSample(sample: Sample, shown: Sample): void {
    if (!this.region) return;
    this.sample = shown;
    // The program is the first process seen; the rest descend from it (or were orphaned by it).
    // Its signal bits are read by the machine's pid; the tree shows the pids the program sees.
    if (this.programPid === undefined && sample.processes.length > 0) {
      const pids = new Set(sample.processes.map((p) => p.pid));
      const index = Math.max(0, sample.processes.findIndex((p) => !pids.has(p.ppid)));
      this.programPid = sample.processes[index].pid;
      this.shownProgramPid = shown.processes[index]?.pid ?? this.programPid;
    }
    if (this.programPid !== undefined && sample.processes.some((p) => p.pid === this.programPid)) {
      this.signals = readSignalBits(this.programPid);
      for (const bits of this.signals ?? []) if (bits.pending) this.seenPending.add(bits.name);
    }
  }

  private onOutput(chunk: string): void {
    if (!this.region) return;
    const text = this.partial + chunk.replace(/\r/g, '');
    const lines = text.split('\n');
    // A line without an end (a program printing without newlines) is kept to its last few KiB.
    this.partial = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) if (!PROTOCOL.test(line) && line.trim() !== '') this.output.push(visible(line));
    if (this.output.length > OUTPUT_KEPT) this.output.splice(0, this.output.length - OUTPUT_KEPT);
  }

  private redraw(): void {
    if (!this.region || this.ended) return;
    const { rows, columns } = this.region.size;
    const signals = this.signals?.map((bits) => ({ ...bits, pending: bits.pending || this.seenPending.has(bits.name) }));
    this.seenPending.clear();
    const frame: LiveFrame = {
      index: this.position.index,
      total: this.position.total,
      role: this.role(),
      label: this.spec.label,
      elapsedMs: Date.now() - this.started,
      cap: this.spec.limits.processes,
      sample: this.sample,
      programPid: this.shownProgramPid,
      signals,
      // The line being written shows too: a record half-written is the lesson.
      output: this.partial.trim() !== '' && !PROTOCOL.test(this.partial) ? [...this.output, visible(this.partial)] : this.output,
      prompt: this.prompt,
    };
    // One column spare: a line that fills the last column makes some terminals wrap.
    this.region.draw(liveLines(frame, columns - 1, Math.max(4, Math.min(rows - 2, 20))));
  }

  /** Lines that stay above the region (a key pressed, a side's end), wrapped to the terminal. */
  private log(text: string): void {
    if (this.region) this.region.log(text.split('\n').flatMap((line) => wrap(line, this.region!.size.columns - 1, '  ')));
    else if (!this.options.quiet) writePlain(text);
  }

  /**
   * In a terminal the learner presses the key (Ctrl-C) and it travels the real path: into the lesson's
   * own terminal, whose line discipline signals the program's foreground process group. q presses it
   * at once; nobody pressing it within 15 s, pitfalls does.
   */
  private invite(keystroke: Keystroke, type: () => void, keys: KeyInput): void {
    const name = KEY_NAMES[keystroke.data] ?? JSON.stringify(keystroke.data);
    const deadline = Date.now() + INVITATION_MS;
    keys.note = (text) => this.log(text);
    const setPrompt = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      this.prompt = [
        chalk.bold.cyan(`▶ ${this.which()} is ready. Press ${name} now: it goes into the program's terminal, which signals the program.`),
        `  ${chalk.cyan(`${left} s left, then pitfalls presses it for you · q: press it now`)}`,
      ];
    };
    setPrompt();
    if (!this.region) this.log(this.prompt!.join('\n'));
    const countdown = setInterval(setPrompt, 250);
    const finish = (how: 'pressed' | 'q' | 'timeout' | 'ended') => {
      clearInterval(countdown);
      clearTimeout(timer);
      this.endInvitation = undefined;
      keys.release(how !== 'ended');
      this.prompt = undefined;
      if (how === 'ended') return;
      type();
      const said = how === 'pressed' ? `${name} pressed: sent into the program's terminal.` : how === 'q' ? `${name} typed by pitfalls (you pressed q).` : `${name} typed by pitfalls (nothing pressed within ${INVITATION_MS / 1000} s).`;
      this.log(`  ${this.which()}: ${said}`);
    };
    const timer = setTimeout(() => finish('timeout'), INVITATION_MS);
    keys.listen((text) => {
      if (text.includes(keystroke.data)) finish('pressed');
      else if (/q/i.test(text)) finish('q');
    });
    // The side ending first (the program died, the run was stopped): nothing to press any more.
    this.endInvitation = () => finish('ended');
  }

  /** The side ended (or the run was stopped): the region goes, the terminal is as it was. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    this.endInvitation?.();
    this.region?.clear();
  }
}
