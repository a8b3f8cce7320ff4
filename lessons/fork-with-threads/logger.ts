// The logger thread of the safe twin: it takes the log lock and writes slowly, holding it, as the C
// logger does. Waiting here (Atomics.wait) blocks this thread only, never the main one.
import { parentPort, workerData } from 'node:worker_threads';

const logLock = workerData as Int32Array;
let flush = 0;
let stopping = false;
parentPort!.on('message', (message) => {
  if (message === 'stop') stopping = true;
});

function writeSlowly(): void {
  while (Atomics.compareExchange(logLock, 0, 0, 1) !== 0) Atomics.wait(logLock, 0, 1);
  if (flush === 0) parentPort!.postMessage('holding');
  Atomics.wait(logLock, 0, 1, 50); // a slow disk: 50 ms, holding the lock
  console.log(`[pid ${process.pid}] logger: flush ${++flush}`);
  Atomics.store(logLock, 0, 0);
  Atomics.notify(logLock, 0);
  if (stopping || flush >= 10) parentPort!.close();
  else setTimeout(writeSlowly, 50);
}
writeSlowly();
