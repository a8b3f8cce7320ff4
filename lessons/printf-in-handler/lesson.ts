import type { LessonData } from '../../src/lesson.js';

export default {
  order: 120,
  title: 'printf and malloc in a signal handler',
  summary: 'a handler that allocates, formats and prints, under a storm of signals: the process deadlocks on its own heap lock',
  broken: {
    link: ['-pthread'],
    // The slide's print_hello storm as it stands: printf only, no second thread; on glibc it does not hang, and aborts rarely.
    slide: {
      file: 'slide.c',
      source: 'CS110L "Multiprocessing (part 2)", the print_hello program after slide "Print on ctrl+c"',
      // The handler's lines come after megabytes of the main loop's, past the output the runner keeps: the job is judged by the child and the time.
      job: 'print a long line over and over for 2 seconds while a child sends SIGUSR1 without pause; the handler prints "Hello world!"',
      done: [
        { kind: 'children', count: 1 },
        { kind: 'ran-for', ms: 900, meaning: 'printing while the signals came' },
      ],
    },
  },
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
  question: {
    ask: 'A monitor sends SIGUSR1 a thousand times a second; the handler allocates, formats and prints a line. What happens within its second of work?',
    observed: { kind: 'end' },
    choices: [
      { text: 'It prints its progress lines and ends', matches: { is: 'exited' } },
      { text: 'It hangs, waiting on a lock it holds itself', matches: { is: 'running' } },
      { text: 'It crashes', matches: { is: 'killed' } },
    ],
    why:
      'A signal can land while the main code is inside malloc() or printf(), holding their lock; the handler then asks ' +
      'for the same lock, and the holder is the code it interrupted. In a handler, only async-signal-safe calls.',
  },
  narration: {
    why:
      'A signal handler runs on top of whatever the thread was doing, between two of its instructions, and the ' +
      'interrupted code cannot go on until the handler returns. This handler allocates its line with malloc before it ' +
      'formats and prints it (the slide\'s handler only printed), and the malloc is what blocks. glibc guards each heap ' +
      '(arena) with a lock that is not recursive. When SIGUSR1 lands while the main loop is inside malloc or free, ' +
      'holding that lock, the handler\'s malloc waits for it; the owner is the very thread it interrupted, so it waits ' +
      'forever: one thread, asleep in a futex, deadlocked on itself. That is the difference the lecture draws with ' +
      'threads: a thread that waits for a lock lets the owner run on and release it; a handler cannot, because the ' +
      'owner cannot resume until the handler returns. printf is no safer: glibc\'s stream lock is recursive (POSIX lets a ' +
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
      'twin installs its listener before the monitor starts. The price is Node\'s own limit: a listener runs only when ' +
      'JavaScript returns to the event loop, so a synchronous loop starves it (a signal sent half a second into a ' +
      '1.5 s busy loop reached its listener only when the loop ended). That is why the twin works in slices and ' +
      'yields with setImmediate between them.',
    rust:
      'signal-hook: signal_hook::flag::register sets an AtomicBool that the main loop checks, and ' +
      'signal_hook::iterator::Signals hands signals to a thread of your own as an iterator (a self-pipe inside). ' +
      'ctrlc::set_handler runs your closure on a thread it starts, not in the handler, so the closure may print.',
    today:
      'The CS110L slide shows printf re-entered from a handler crashing ("abort", "illegal hardware instruction"). On ' +
      'glibc the slide\'s program does not hang, because the stream lock is recursive; but it can crash. Measured on the ' +
      'machine this course was written on (glibc 2.36, kernel 6.18; npx pitfalls doctor shows yours): the slide\'s program, verbatim, aborted with ' +
      '"malloc assertion failure in sysmalloc" in 1 of 27 three-second runs, the first printf allocating stdout\'s ' +
      'buffer while the handler\'s printf allocated too. The recursive lock explains why it does not hang, not why it ' +
      'cannot crash. What hangs on glibc is malloc\'s lock, and only once the process has had a second thread: a process ' +
      'that never had one skips the arena lock. That is why this program starts and joins one short-lived thread ' +
      'first, as any library may do for you (a DNS lookup, a logging library). Without that thread the same program ' +
      'corrupts its heap instead: on that machine 4 runs of 6 died (SIGABRT after "corrupted double-linked list", or ' +
      'SIGSEGV) and 2 finished with nothing visibly wrong. Which way it fails depends on the libc and the instant the ' +
      'signal lands; the rule holds for all of them.',
    tryNext: ['npx pitfalls show printf-in-handler', 'npx pitfalls run exit-in-handler', 'npx pitfalls run self-pipe', 'man 7 signal-safety'],
    references: [
      { title: 'signal-safety(7)', where: 'man 7 signal-safety', note: 'printf, malloc and free are not on the list' },
      { title: 'sigaction(2)', where: 'man 2 sigaction' },
      { title: 'malloc(3)', where: 'man 3 malloc', note: 'thread-safe through locks: MT-Safe, not AS-Safe' },
      { title: 'flockfile(3)', where: 'man 3 flockfile', note: 'stdio stream locks count: a thread may take its own lock again' },
      { title: 'proc(5), /proc/PID/wchan and /proc/PID/syscall', where: 'man 5 proc' },
      {
        title: 'slides "Print on ctrl+c" (the print_hello storm, "abort"), "Async-safe functions" and "Why is this different?" (threads against handlers)',
        where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)',
      },
      {
        title: 'slide "Signal — what could possibly go wrong? (cont.)" (print_on_ctrl_c: "No, it can deadlock")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'glibc 2.36 malloc/malloc.c, __libc_malloc() and tcache',
        where: 'https://elixir.bootlin.com/glibc/glibc-2.36/source/malloc/malloc.c',
        note: 'a single-threaded process skips the arena lock (SINGLE_THREAD_P); tcache blocks up to 1032 bytes take none',
      },
      {
        title: 'libuv 1.46 src/unix/signal.c, uv__signal_handler()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/signal.c',
        note: 'the real handler writes a message to a pipe (Node 20)',
      },
      { title: 'Node.js 20 process, "Signal events"', where: 'https://nodejs.org/docs/latest-v20.x/api/process.html#signal-events' },
    ],
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
