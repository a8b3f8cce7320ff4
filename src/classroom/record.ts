// `run --record FILE.cast`: the session as an asciicast v2 file (`asciinema play FILE.cast` plays it, and jumps
// between phases at its markers), and the outcome as `run --json` prints it, beside it in FILE.json. What is
// written to stdout and stderr is teed into the file as it goes, with the real time between: pauses included.
import { closeSync, existsSync, openSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';

type Write = typeof process.stdout.write;

export interface RecordingOptions {
  /** The command recorded, for the header's title. */
  title: string;
  width: number;
  height: number;
}

/** The JSON file beside a recording: `class.cast` -> `class.json`. */
export function outcomePath(castPath: string): string {
  return castPath.replace(/\.cast$/, '.json');
}

/** A recording in progress: every write to stdout and stderr goes to the file too, until `stop`. */
export class Recording {
  private readonly fd: number;
  private readonly started = performance.now();
  private readonly restore: Array<() => void> = [];
  private lastTime = 0;
  private stopped = false;

  private constructor(readonly path: string, options: RecordingOptions) {
    this.fd = openSync(path, 'w');
    const header = { version: 2, width: options.width, height: options.height, timestamp: Math.floor(Date.now() / 1000), env: { SHELL: process.env.SHELL ?? '/bin/sh', TERM: process.env.TERM ?? 'xterm-256color' }, title: options.title };
    writeSync(this.fd, `${JSON.stringify(header)}\n`);
    for (const stream of [process.stdout, process.stderr]) this.tee(stream);
  }

  /**
   * Starts recording into `path` (a `.cast` file; its `.json` goes beside it). A path that cannot be written
   * is a usage error before anything runs, and leaves nothing behind.
   */
  static start(path: string, options: RecordingOptions): Recording {
    const cast = resolve(path);
    const next = 'Give a writable file ending in .cast, e.g. `npx pitfalls run fork-bomb --record fork-bomb.cast`.';
    if (!cast.endsWith('.cast') || cast.endsWith('/.cast')) throw usageError(`--record ${path}: the recording is an asciicast file. ${next}`);
    if (!existsSync(dirname(cast)) || !statSync(dirname(cast)).isDirectory()) throw usageError(`--record ${path}: there is no folder ${dirname(cast)}. ${next}`);
    for (const file of [cast, outcomePath(cast)]) {
      if (existsSync(file) && !statSync(file).isFile()) throw usageError(`--record ${path}: ${file} is not a file. ${next}`);
    }
    const existed = existsSync(cast);
    try {
      return new Recording(cast, options);
    } catch (error) {
      if (!existed && existsSync(cast)) unlinkSync(cast);
      throw usageError(`--record ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}: it cannot be written. ${next}`);
    }
  }

  /** Seconds since the start, never before the last event (the file's times are in order). */
  private now(): number {
    this.lastTime = Math.max(this.lastTime, Math.round(performance.now() - this.started) / 1000);
    return this.lastTime;
  }

  private event(kind: 'o' | 'm', data: string): void {
    if (this.stopped || data === '') return;
    writeSync(this.fd, `${JSON.stringify([this.now(), kind, data])}\n`);
  }

  /** Whatever `stream` is given is written to the file too; a terminal's lone "\n" is its "\r\n". */
  private tee(stream: NodeJS.WriteStream): void {
    const original = stream.write;
    const decoder = new StringDecoder('utf8');
    const write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
      this.event('o', text.replace(/\r?\n/g, '\r\n'));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as Write;
    stream.write = write;
    this.restore.push(() => {
      if (stream.write === write) stream.write = original;
    });
  }

  /** A marker: `asciinema play` can jump to it (`]`) or pause at it (`-m`). */
  mark(label: string): void {
    this.event('m', label);
  }

  /** The outcome beside the recording, as `run --json` prints it. */
  saveOutcome(document: unknown): void {
    writeFileSync(outcomePath(this.path), `${JSON.stringify(document, null, 2)}\n`);
  }

  /** Ends the recording: stdout and stderr are as they were, the file closed. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.restore.forEach((undo) => undo());
    closeSync(this.fd);
  }
}
