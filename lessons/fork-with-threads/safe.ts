// fork-with-threads, the safe way: a worker thread holds a lock while the main thread starts a child.
// spawn() is fork+exec done at once: between the two, libuv's child makes only system calls (no lock,
// no allocation), then becomes `echo`, a fresh program with no copy of our memory, so no copy of the lock.
// A worker thread may call spawn() too, and libuv forks from it the same way: it is just as safe, because no
// JavaScript ever runs in the forked child (Node has no fork without exec).
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';

// The log lock, shared with the logger thread: 0 free, 1 taken.
const logLock = new Int32Array(new SharedArrayBuffer(4));
const logger = new Worker(new URL('./logger.js', import.meta.url), { workerData: logLock });

// Start the child only once the logger holds the lock, as the C program does.
logger.once('message', (message) => {
  if (message !== 'holding') return;
  console.log(`[pid ${process.pid}] main: the logger holds the lock (${Atomics.load(logLock, 0)}); starting echo`);
  const child = spawn('echo', ["hello from the child's program"], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (error) => console.log(`[pid ${process.pid}] main: could not start echo: ${error.message}`));
  child.on('exit', (code) => {
    console.log(`[pid ${process.pid}] main: echo (pid ${child.pid}) exited with ${code}`);
    logger.postMessage('stop');
  });
});
logger.on('exit', () => console.log(`[pid ${process.pid}] main: the logger stopped`));
