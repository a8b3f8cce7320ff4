// A region at the bottom of the terminal, redrawn in place: the live view of a running side. Lines
// logged above it stay; the region itself is erased when the side ends, before the report prints.
// Only on a terminal: the caller draws none without one.

const ESC = '\x1b[';

export class LiveRegion {
  private height = 0;
  private lastFrame = '';
  private cursorHidden = false;
  private readonly restoreCursor = () => this.stream.write(`${ESC}?25h`);

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** The terminal's rows and columns now (it may be resized while a side runs). */
  get size(): { rows: number; columns: number } {
    return { rows: this.stream.rows || 24, columns: this.stream.columns || 80 };
  }

  /** Replaces the region with `lines` (each within the width, fewer than the rows: the caller sees to it). */
  draw(lines: string[]): void {
    const frame = lines.join('\n');
    if (frame === this.lastFrame) return;
    if (!this.cursorHidden) {
      this.cursorHidden = true;
      this.stream.write(`${ESC}?25l`);
      // However pitfalls ends, the cursor comes back.
      process.once('exit', this.restoreCursor);
    }
    this.stream.write(`${this.eraseSequence()}${frame}${lines.length > 0 ? '\n' : ''}`);
    this.height = lines.length;
    this.lastFrame = frame;
  }

  /** Prints lines above the region, where they stay. */
  log(lines: string[]): void {
    const frame = this.lastFrame;
    const height = this.height;
    this.stream.write(`${this.eraseSequence()}${lines.join('\n')}\n${frame}${height > 0 ? '\n' : ''}`);
  }

  /** Erases the region and shows the cursor again. */
  clear(): void {
    this.stream.write(this.eraseSequence());
    this.height = 0;
    this.lastFrame = '';
    if (this.cursorHidden) {
      this.cursorHidden = false;
      this.restoreCursor();
      process.off('exit', this.restoreCursor);
    }
  }

  /** Up to the region's first line, then erase to the end of the screen. */
  private eraseSequence(): string {
    return this.height > 0 ? `\r${ESC}${this.height}A${ESC}J` : `\r${ESC}J`;
  }
}
