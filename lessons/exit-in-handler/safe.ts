// exit-in-handler, the safe way: the SIGINT listener only notes that Ctrl-C came; the main flow
// finishes the record it is writing and then leaves with process.exit(). The cleanup ('exit'
// listener) runs in normal context, between two records, never in the middle of one.
import { setTimeout as sleep } from 'node:timers/promises';

const RECORDS = 50; // 20 s of records: enough to go on while a person gets to Ctrl-C (the runner types it otherwise)
let interrupted = false;

// The listener runs from the event loop, between callbacks, and only takes note: the record being
// written is finished before the program leaves.
process.on('SIGINT', () => {
  interrupted = true;
});
// The program's cleanup, like the C side's atexit handler.
process.on('exit', () => {
  process.stdout.write('[exit] journal saved\n');
});

for (let i = 0; i < RECORDS; i++) {
  // Tells the runner (or you) that record 1 is starting: Ctrl-C now lands inside it. Written before
  // the record, because the terminal shows "record 1: " at once and the report must start a line.
  if (i === 1) process.stderr.write('@pitfalls ready=1\n');
  process.stdout.write(`record ${i}: `);
  await sleep(400); // the work
  process.stdout.write('ok\n');
  // Leave from the main flow, at a point where everything is whole.
  if (interrupted) {
    // 130 = 128 + SIGINT's number, what a shell shows for a program ended by Ctrl-C.
    process.exitCode = 130;
    process.exit();
  }
}
