// One tab of the isolation twin: a renderer in a process of its own. It talks to the browser over
// pipes only (stdin, stdout), as Chrome's renderers do over IPC channels: "ready", then frames.
import { createInterface } from 'node:readline';

const id = Number(process.argv[2]);
// Named in /proc (comm) as the tab it is, as Chrome names its renderer processes.
process.title = `tab ${id}`;
// The browser names the frame at which this tab's page fails to load, for the demonstration.
const crashAt = process.argv[3] === undefined ? -1 : Number(process.argv[3]);
const FRAMES = 10;

async function render(): Promise<void> {
  for (let frame = 0; frame < FRAMES; frame++) {
    if (frame === crashAt) {
      // The renderer's bug. JavaScript cannot dereference a bad pointer, so the tab raises the
      // signal such a bug raises: SIGSEGV, whose default action kills this process, and only it.
      process.kill(process.pid, 'SIGSEGV');
    }
    process.stdout.write(`frame ${frame}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a frame every 50 ms
  }
}

process.stdout.write('ready\n');
// Start when the browser says so (every tab is up by then), like the C side's barrier.
createInterface({ input: process.stdin }).once('line', () => void render().then(() => process.exit(0)));
