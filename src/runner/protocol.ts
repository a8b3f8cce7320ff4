// The line protocol a program may use to tell the runner what only it can know:
//   @pitfalls key=value
// on stdout or stderr (or the terminal). Keys are words; the value runs to the end of the line.
import type { Report } from './outcome.js';

const LINE = /^@pitfalls ([A-Za-z_][\w.-]*)=(.*)$/;

export function parseReportLine(line: string, t: number): Report | undefined {
  const match = LINE.exec(line.replace(/\r$/, '').trimStart());
  return match ? { t, key: match[1], value: match[2].trim() } : undefined;
}

/** Splits a stream into lines as they arrive; protocol lines become reports, the rest output. */
export class OutputCollector {
  readonly reports: Report[] = [];
  private pending = '';
  private kept = '';
  private dropped = 0;

  constructor(
    private readonly now: () => number,
    /** Output past this many characters is counted, not kept (a signal storm can print megabytes). */
    private readonly maxChars = 64 * 1024,
  ) {}

  push(chunk: string): void {
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      this.line(this.pending.slice(0, newline + 1));
      this.pending = this.pending.slice(newline + 1);
    }
  }

  private line(text: string): void {
    const report = parseReportLine(text.replace(/\n$/, ''), this.now());
    if (report) this.reports.push(report);
    else if (this.kept.length < this.maxChars) this.kept += text.replace(/\r\n/g, '\n');
    else this.dropped += text.length;
  }

  output(): string {
    if (this.pending) this.line(this.pending);
    this.pending = '';
    return this.dropped > 0 ? `${this.kept}… (${this.dropped} more characters not kept)\n` : this.kept;
  }
}
