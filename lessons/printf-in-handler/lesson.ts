import type { LessonData } from '../../src/lesson.js';

export default {
  order: 120,
  title: 'printf and malloc in a signal handler',
  summary: 'a handler that formats and prints, under a storm of signals: the process deadlocks on its own heap lock',
  broken: { link: ['-pthread'] },
  safe: {},
  expectation: {
    job: 'work for one second and print a progress line for each SIGUSR1 that a monitor process sends, a thousand a second',
    done: [
      { kind: 'children', count: 1 },
      { kind: 'output', pattern: 'progress: \\d+ records', meaning: 'a progress line printed for the signals' },
    ],
    signs: [
      { kind: 'lock-without-owner' },
      // Where malloc takes no lock, the same mistake corrupts the heap instead: glibc aborts, or a bad pointer faults.
      { kind: 'killed-by-signal', signals: ['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL'] },
    ],
  },
  narration: {
    why:
      'A signal handler runs on top of whatever the thread was doing, between two of its instructions, and the ' +
      'interrupted code cannot go on until the handler returns. glibc guards each heap (arena) with a lock that is ' +
      'not recursive. When SIGUSR1 lands while the main loop is inside malloc or free, holding that lock, the ' +
      'handler\'s malloc waits for it; the owner is the very thread it interrupted, so it waits forever: one thread, ' +
      'asleep in a futex, deadlocked on itself. printf is no safer: glibc\'s stream lock is recursive (POSIX lets a ' +
      'thread that called flockfile() go on calling printf), so a printf re-entered from a handler does not block; it ' +
      'carries on with a buffer the interrupted call was in the middle of updating. The 8 KiB buffers (BUFSIZ) are ' +
      'beyond glibc\'s per-thread cache of small blocks, which takes no lock, so every call here reaches the locked ' +
      'heap, as any large enough message would.',
    rule:
      'Do almost nothing in a signal handler: call only async-signal-safe functions (man 7 signal-safety lists them: ' +
      'write, kill, _exit, sigaction and the like; not printf, malloc or free). Set a volatile sig_atomic_t flag, or ' +
      'write one byte into a pipe (the self-pipe trick), and do the work in the main flow; or take signals as data ' +
      'with signalfd() or sigwaitinfo().',
    safeWay:
      'process.on(\'SIGUSR1\', listener) never runs the listener inside the signal. libuv\'s real handler only writes ' +
      'a note of the signal into a pipe, the self-pipe trick; the event loop reads it and calls the listener between two ' +
      'callbacks, in normal context, where it may allocate, format and print. A storm of signals becomes a stream of ' +
      'events, every line whole; signals sent while one is still pending merge into one, as standard signals always ' +
      'do, so the twin may answer fewer times than the monitor sent. Node reserves SIGUSR1 to start its inspector; the ' +
      'twin installs its listener before the monitor starts.',
    rust:
      'signal-hook: signal_hook::flag::register sets an AtomicBool that the main loop checks, and ' +
      'signal_hook::iterator::Signals hands signals to a thread of your own as an iterator (a self-pipe inside). ' +
      'ctrlc::set_handler runs your closure on a thread it starts, not in the handler, so the closure may print.',
    today:
      'The CS110L slide shows printf re-entered from a handler crashing ("abort", "illegal hardware instruction"). On ' +
      'glibc 2.36 the slide\'s program neither hangs nor crashes (tried here: 3 s, 3 runs of 3), because the stream ' +
      'lock is recursive; that crash came from another libc. What hangs on glibc is malloc, and only once the process ' +
      'has had a second thread: a process that never had one skips the arena lock. That is why this program starts and ' +
      'joins one short-lived thread first, as any library may do for you (a DNS lookup, a logging library). Without ' +
      'that thread the same program corrupts its heap instead: here 4 runs of 6 died (SIGABRT after "corrupted ' +
      'double-linked list", or SIGSEGV) and 2 finished with nothing visibly wrong. Which way it fails depends on the ' +
      'libc and the instant the signal lands; the rule holds for all of them.',
    tryNext: ['npx pitfalls show printf-in-handler', 'npx pitfalls run exit-in-handler', 'npx pitfalls run self-pipe', 'man 7 signal-safety'],
  },
  practice: {
    solution: 'printf-in-handler.c',
    task: [
      'Keep the monitor and its storm: SIGUSR1 a thousand times a second.',
      'Keep answering it: "progress: N records" lines while the work goes on.',
      'Keep the short-lived thread and the 8 KiB buffers: they make the bug show.',
    ],
    hints: [
      {
        text: 'The process slept in a futex, one thread alone: waiting for a lock only it could release. The signal landed inside malloc() or free() in the main loop, and the handler called malloc() itself.',
        when: { sign: 'lock-without-owner' },
      },
      {
        text: 'A crash in malloc or free (SIGABRT, SIGSEGV) is the same mistake where no lock was taken: the handler used a heap the interrupted code was half-way through changing.',
        when: { sign: 'killed-by-signal' },
      },
      {
        text: 'man 7 signal-safety lists what a handler may call: write(2) is there; printf, snprintf, malloc and free are not. Do the formatting and printing somewhere else.',
      },
      {
        text: 'The progress lines must still come: blocking or ignoring SIGUSR1 avoids the bug but answers nothing. Let the handler only note the request; the loop can answer it between two records.',
        when: { jobPart: 'output' },
      },
    ],
  },
} satisfies LessonData;
