// The line protocol a program may use to tell the runner what only it can know:
//   @pitfalls key=value
// on the report descriptor the runner names in PITFALLS_REPORT_FD, or on stdout or stderr (or the
// terminal). Keys are words; the value runs to the end of the line.
import type { Report } from './outcome.js';
import { visible } from './visible.js';

/** The longest line kept whole (64 KiB), and the most reports kept from one run. */
const MAX_LINE = 64 * 1024;
const MAX_REPORTS = 2000;
const MAX_VALUE = 256;

const REPORT = /@pitfalls ([A-Za-z_][\w.-]{0,63})=(.*)$/;

/** A report in a line, and the output before it: a report written while a line was unfinished is still found. */
function splitReport(line: string, t: number): { before: string; report?: Report } {
  const match = REPORT.exec(line.replace(/\r$/, ''));
  if (!match) return { before: line };
  return { before: line.slice(0, match.index).trimEnd(), report: { t, key: match[1], value: visible(match[2].trim().slice(0, MAX_VALUE)) } };
}

export function parseReportLine(line: string, t: number): Report | undefined {
  const { before, report } = splitReport(line, t);
  return before.trim() === '' ? report : undefined;
}

/** Splits streams into lines as they arrive; protocol lines become reports, the rest output. */
export class OutputCollector {
  readonly reports: Report[] = [];
  /** Each stream's unfinished line: stdout and stderr are split apart, never glued together. */
  private readonly pending = new Map<string, string>();
  private kept = '';
  private dropped = 0;

  constructor(
    private readonly now: () => number,
    /** Output past this many characters is counted, not kept (a signal storm can print megabytes). */
    private readonly maxChars = 64 * 1024,
  ) {}

  /** A line from the program's report descriptor. */
  reportLine(line: string, t: number): void {
    const { report } = splitReport(line.slice(0, MAX_LINE), t);
    if (report) this.addReport(report);
  }

  push(chunk: string, stream = 'out'): void {
    let pending = (this.pending.get(stream) ?? '') + chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      this.line(pending.slice(0, newline + 1));
      pending = pending.slice(newline + 1);
    }
    // A line without an end is cut at MAX_LINE: a program printing without newlines cannot grow it for ever.
    if (pending.length > MAX_LINE) {
      this.line(`${pending.slice(0, MAX_LINE)}\n`);
      pending = '';
    }
    this.pending.set(stream, pending);
  }

  private addReport(report: Report): void {
    if (this.reports.length < MAX_REPORTS) this.reports.push(report);
  }

  private line(text: string): void {
    const { before, report } = splitReport(text.replace(/\n$/, ''), this.now());
    if (report) this.addReport(report);
    const kept = report ? (before ? `${before}\n` : '') : text;
    // Kept as it will be shown: the program's bytes never reach the learner's terminal raw.
    if (this.kept.length < this.maxChars) this.kept += visible(kept.replace(/\r?\n$/, '\n'));
    else this.dropped += kept.length;
  }

  output(): string {
    for (const [stream, pending] of this.pending) {
      if (pending) this.line(pending);
      this.pending.set(stream, '');
    }
    return this.dropped > 0 ? `${this.kept}… (${this.dropped} more characters not kept)\n` : this.kept;
  }
}
