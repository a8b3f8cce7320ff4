// running-count, the safe way: one thread and an event loop. The 'exit' callbacks and the main code
// share the counter, but a callback runs only when the main code has returned to the loop: it can
// never land between a check of the counter and the wait that follows it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NUM_PROCESSES = 5;
const child = fileURLToPath(new URL('./child.js', import.meta.url));

let runningProcesses = 0;
const children: ChildProcess[] = [];
let ready = 0;

for (let i = 0; i < NUM_PROCESSES; i++) {
  const c = spawn(process.execPath, [child], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(c);
  runningProcesses += 1;
  console.log(`${runningProcesses} running processes`);
  c.on('exit', () => {
    runningProcesses -= 1;
    if (runningProcesses === 0) console.log(`All processes exited! ${runningProcesses} running processes`);
  });
  c.stdout!.once('data', () => {
    if (++ready === NUM_PROCESSES) checkThenWait();
  });
}

/** A child that has exited and not yet been reaped is in state Z: read it from /proc, as an observer would. */
function hasExited(c: ChildProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${c.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

function checkThenWait(): void {
  // The same check, then the same window as the C side, widened the same way.
  if (runningProcesses > 0) {
    // Release the children: they exit now, while this function still runs.
    for (const c of children) c.stdin!.destroy();
    const until = Date.now() + 300;
    while (Date.now() < until && !children.every(hasExited)) {
      // Busy on purpose: no callback can run until this function returns.
    }
    const exited = children.filter(hasExited).length;
    console.log(`${exited} of ${NUM_PROCESSES} children exited during the window; the counter still says ${runningProcesses}`);
    // "Wait" = return to the event loop. The exits are queued there, not lost: each 'exit' callback
    // runs next, one at a time, and the loop ends when nothing is left to wait for.
  }
}
