// The width to lay text out in. No dependencies: the command line asks it before loading anything.
import { closeSync, openSync } from 'node:fs';
import { WriteStream } from 'node:tty';

let controllingTerminal: number | undefined | null = null;

/** The columns of the controlling terminal (/dev/tty), when stdout and stderr both go elsewhere (`2>&1 | less -R`). */
function controllingTerminalColumns(): number | undefined {
  if (controllingTerminal !== null) return controllingTerminal;
  controllingTerminal = undefined;
  let fd: number | undefined;
  try {
    fd = openSync('/dev/tty', 'r+');
    const stream = new WriteStream(fd);
    controllingTerminal = stream.columns || undefined;
    // Destroying the stream closes its descriptor.
    fd = undefined;
    stream.destroy();
  } catch {
    // No controlling terminal (a service, CI, a test's own session): the next rule decides.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return controllingTerminal;
}

/**
 * The width to lay text out in: the terminal's when stdout or stderr is one (so `| less -R` and
 * `| cat` keep the terminal's width), else COLUMNS, else the controlling terminal's, else 80.
 */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const fromEnv = Number(process.env.COLUMNS);
  return stream.columns || process.stderr.columns || (fromEnv > 0 ? fromEnv : 0) || controllingTerminalColumns() || 80;
}
