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
  question: {
    ask: 'A child sends 20000 SIGUSR2 in a storm; the handler writes one byte to a pipe, and the main loop handles each byte. How many will it handle?',
    observed: { kind: 'report', key: 'handled', meaning: 'SIGUSR2 handled by the main loop' },
    choices: [
      { text: '20000: one for each signal sent', matches: { is: 20000 } },
      { text: 'Fewer: signals sent while one is pending merge into it', matches: { atLeast: 1, atMost: 19999 } },
      { text: 'None: a handler cannot hand work to the main loop', matches: { is: 0 } },
    ],
    why:
      'Standard signals do not queue: while SIGUSR2 is pending, more of them are the same pending bit. Every one that ' +
      'arrives is handled, in the main loop, where any call is allowed: that is the self-pipe trick\'s point.',
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
      'same for Ctrl-C (its handler wrote to a self-pipe up to ctrlc 3.4, and posts a semaphore since 3.5). With ' +
      'tokio, tokio::signal::unix::signal(SignalKind::user_defined2()) returns a Signal whose recv().await resolves ' +
      'once per delivery; tokio\'s own handler only records the signal and writes a byte to wake the runtime.',
    today:
      'The trick dates from the early 1990s and still holds. Since Linux 2.6.27, pipe2(O_NONBLOCK | O_CLOEXEC) sets ' +
      'the flags atomically, and signalfd() has been in Linux since 2.6.22. Threads change where a signal lands but ' +
      'not what a handler may do: with signalfd, block the signals in every thread (set the mask before creating any). ' +
      'The blocked mask also outlives your code: a child inherits it across fork() and keeps it across exec, so a ' +
      'program you start would begin with those signals blocked (Ctrl-C would not stop it). Unblock them in the child ' +
      'before the exec (posix_spawnattr_setsigmask() for posix_spawn); libuv\'s spawn resets the mask for you.',
    tryNext: ['npx pitfalls show self-pipe', 'npx pitfalls run printf-in-handler', 'npx pitfalls run isolation'],
    references: [
      { title: 'signalfd(2)', where: 'man 2 signalfd', note: 'the signals must be blocked; fork and execve semantics' },
      { title: 'sigprocmask(2)', where: 'man 2 sigprocmask', note: 'the mask is inherited by fork and preserved across execve' },
      { title: 'pipe2(2), O_NONBLOCK and O_CLOEXEC', where: 'man 2 pipe' },
      { title: 'poll(2)', where: 'man 2 poll' },
      { title: 'signal-safety(7)', where: 'man 7 signal-safety', note: 'write() is async-signal-safe' },
      { title: 'signal(7)', where: 'man 7 signal', note: 'standard signals do not queue' },
      { title: 'posix_spawn(3), POSIX_SPAWN_SETSIGMASK', where: 'man 3 posix_spawn', note: 'the child\'s signal mask, set with posix_spawnattr_setsigmask()' },
      {
        title: 'slides "Proper Decent signal handling (in general)" (the self-pipe trick; signalfd, 2007) and "Decent signal handling (in Rust)"',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'slides "Avoiding signal handling" (self-pipe, signalfd) and "Ctrlc crate"', where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)' },
      {
        title: 'libuv 1.46 src/unix/signal.c, uv__signal_handler()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/signal.c',
        note: 'writes a message to the loop\'s signal pipe (Node 20)',
      },
      { title: 'signal-hook crate: iterator and flag modules', where: 'https://docs.rs/signal-hook' },
      { title: 'ctrlc crate: the semaphore in place of the self-pipe (pull request 134)', where: 'https://github.com/Detegr/rust-ctrlc/pull/134' },
      { title: 'tokio 1.x tokio::signal::unix::Signal::recv', where: 'https://docs.rs/tokio/1/tokio/signal/unix/struct.Signal.html#method.recv' },
    ],
  },
} satisfies LessonData;
