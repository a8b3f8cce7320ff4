// self-pipe, the way Node does it for you. process.on('SIGUSR2') does not run your function in the
// signal handler: libuv installs the real handler, which only writes a message to a pipe of the
// event loop (the self-pipe trick), and the loop calls your listener later, on the main thread,
// in normal context, where anything goes.
import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const STORM = 20000;
let handled = 0;
let thread = '';

process.on('SIGUSR2', () => {
  handled++;
  if (!thread) {
    // Which thread runs the listener, by the kernel's own account: /proc/thread-self is "PID/task/TID".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    thread = `thread ${tid} of pid ${process.pid} (${tid === process.pid ? 'the main thread' : 'not the main thread'}), isMainThread ${isMainThread}`;
  }
});

const storm = spawn(process.execPath, [fileURLToPath(new URL('./storm.js', import.meta.url)), String(STORM)], { stdio: ['ignore', 'inherit', 'inherit'] });

// The child's end comes through the same loop, after the signals it sent before it ended.
storm.on('exit', () => {
  console.log(`sent ${STORM} SIGUSR2; the listener ran ${handled} times, on ${thread || 'no thread (no signal arrived)'}`);
  process.stderr.write(`@pitfalls handled=${handled}\n@pitfalls handler_thread=${thread}\n`);
});
