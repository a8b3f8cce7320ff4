import type { LessonData } from '../../src/lesson.js';

export default {
  order: 140,
  title: 'The fix: the self-pipe trick and signalfd',
  summary: 'the handler writes one byte to a pipe, the main loop does the work; signalfd has the kernel do it; Node does it for you',
  broken: {
    // This lesson's C column is the safe pattern: the judge should find nothing, and that is the lesson.
    builds: [
      { label: 'self-pipe: the handler writes a byte', flags: [], expect: 'clean' },
      { label: 'signalfd: no handler at all', flags: ['-DUSE_SIGNALFD'], expect: 'clean' },
    ],
  },
  safe: {},
  expectation: {
    job: 'take a storm of 20000 SIGUSR2 from a child, handle each one that arrives in the main loop, reap the child, exit',
    done: [
      { kind: 'children', count: 1, exitCode: 0 },
      { kind: 'reaped' },
      { kind: 'report', key: 'handled', min: 1, meaning: 'the signals handled, counted (report_int("handled", n))' },
    ],
    signs: [
      // What work done inside a handler leads to: a lock the interrupted code held, or a handler blocked on a full pipe.
      { kind: 'lock-without-owner' },
      { kind: 'pipe-deadlock' },
      // Or a heap corrupted under the interrupted code, or a handler lost and the default action taken.
      { kind: 'killed-by-signal' },
    ],
  },
  narration: {
    why:
      'A handler can interrupt the program anywhere, even inside malloc() or printf() with their locks held, so it ' +
      'may only call async-signal-safe functions (signal-safety(7)). The self-pipe trick keeps it to one: write(). ' +
      'The handler writes one byte to a pipe and returns; the main loop waits on the read end (with poll(), like any ' +
      'other descriptor), reads the bytes and does the work in normal context, where stdio, malloc and locks are all ' +
      'allowed. The write end is non-blocking, so a handler never waits on a full pipe, and the handler saves and ' +
      'restores errno. signalfd() (Linux 2.6.22) is the kernel\'s version: block the signals, and read one record per ' +
      'delivered signal from a descriptor; no handler runs at all. Standard signals do not queue in either case: ' +
      'while a SIGUSR2 is pending, more are the same pending bit, so the storm\'s 20000 arrive as fewer deliveries. ' +
      'Every delivery is handled; a program that needs a count must carry it in data (a pipe, a message), not in signals.',
    rule:
      'Do almost nothing in a handler: write a byte to a non-blocking pipe (or set a volatile sig_atomic_t flag) and ' +
      'return. Do the work in the main loop. On Linux, signalfd() lets you skip the handler. Treat a signal as ' +
      '"something happened, go and look" (reap in a waitpid(WNOHANG) loop, drain the pipe), never as a count.',
    safeWay:
      'process.on(\'SIGUSR2\', listener). libuv installs the real handler, which writes a small message to the event ' +
      'loop\'s signal pipe and returns; the loop reads the pipe and calls your listener on the main thread, like any ' +
      'other callback. The twin\'s listener looks up its own thread in /proc/thread-self: the main thread.',
    rust:
      'signal-hook: its iterator module (Signals::new([SIGUSR2]).forever()) is the self-pipe trick done once and ' +
      'correctly, usually read on a thread of its own; flag::register sets an AtomicBool. The ctrlc crate does the ' +
      'same for Ctrl-C. With tokio, tokio::signal::unix::signal() gives a stream of signals to await.',
    today:
      'The trick dates from the early 1990s and still holds. Since Linux 2.6.27, pipe2(O_NONBLOCK | O_CLOEXEC) sets ' +
      'the flags atomically, and signalfd() has been in Linux since 2.6.22. Threads change where a signal lands but ' +
      'not what a handler may do: with signalfd, block the signals in every thread (set the mask before creating any).',
    tryNext: ['npx pitfalls show self-pipe', 'npx pitfalls run printf-in-handler', 'npx pitfalls run isolation'],
  },
} satisfies LessonData;
