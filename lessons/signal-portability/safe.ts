// signal-portability, the safe way: process.on(signal) stays installed until you remove it.
// Node installs one handler per signal with sigaction and explicit flags (libuv: SA_RESTART, no
// SA_RESETHAND), the same on every system and under any compiler flags; your listener runs on the
// event loop, after that handler has returned. The same signal twice: both handled, and it goes on.
const SIGNAL = 'SIGUSR2';
let handled = 0;

// A signal listener does not keep Node running by itself: this timer does, until both have come.
const waiting = setTimeout(() => {
  console.log(`gave up waiting: ${handled} of 2 ${SIGNAL} handled`);
  process.exitCode = 1;
}, 3000);

process.on(SIGNAL, () => {
  handled++;
  console.log(`caught ${SIGNAL} (${handled})`);
  // The second is sent once the first was handled: two pending signals would merge into one.
  if (handled === 1) process.kill(process.pid, SIGNAL);
  else {
    console.log(`both ${SIGNAL} handled: the listener stayed installed`);
    clearTimeout(waiting);
  }
});

process.kill(process.pid, SIGNAL);
