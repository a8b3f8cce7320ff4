import type { LessonData } from '../../src/lesson.js';

export default {
  order: 105,
  title: 'signal() means two things: one source, two builds, one dies',
  summary: 'a handler installed with signal(): built with -std=gnu11 it catches SIGUSR2 twice; built with -std=c11 the second one kills it',
  broken: {
    // One source, two meanings: the gnu11 build behaving well is half of what the lesson shows.
    builds: [
      { label: '-std=gnu11', flags: ['-std=gnu11'], expect: 'clean' },
      { label: '-std=c11 -D_POSIX_C_SOURCE=200809L', flags: ['-std=c11', '-D_POSIX_C_SOURCE=200809L'] },
    ],
  },
  safe: {},
  expectation: {
    job: 'handle SIGUSR2 twice, sent while the program waits for input, and carry on',
    done: [
      { kind: 'output', pattern: 'caught SIGUSR2', atLeast: 2, meaning: 'SIGUSR2 handled twice' },
    ],
    signs: [{ kind: 'killed-by-signal', signals: ['SIGUSR2'] }],
  },
  question: {
    ask: 'Built with -std=c11, the handler installed with signal() catches the first SIGUSR2. What does the second SIGUSR2 do?',
    build: 1,
    observed: { kind: 'end' },
    choices: [
      { text: 'The handler catches it too, and the program carries on', matches: { is: 'exited' } },
      { text: 'It kills the program: the handler was reset to the default', matches: { is: 'killed' } },
    ],
    why:
      'Under -std=c11 glibc gives signal() its System V meaning: the handler is reset to SIG_DFL once it runs, and ' +
      'SIGUSR2\'s default is to terminate. sigaction() says which semantics you get, on every system.',
  },
  narration: {
    why:
      'signal() is older than POSIX, and Unix systems never agreed on what it does. System V\'s signal() resets the signal to ' +
      'SIG_DFL as the handler is entered (SA_RESETHAND), does not block it while the handler runs (SA_NODEFER), and lets a slow ' +
      'system call such as read() fail with EINTR (no SA_RESTART). BSD\'s signal() keeps the handler, blocks the signal while it ' +
      'runs, and restarts the call (SA_RESTART). glibc gives you either, depending on feature macros: when _DEFAULT_SOURCE is ' +
      'defined, as it is by default (gcc\'s gnu17, or -std=gnu11), signal() is bsd_signal(); under strict ISO flags (-std=c11), ' +
      'or whenever _POSIX_C_SOURCE or _XOPEN_SOURCE is defined without _DEFAULT_SOURCE, <signal.h> maps signal() to ' +
      '__sysv_signal(). So the -std=c11 build caught the first SIGUSR2 with its handler already reset, its read() failed with ' +
      'EINTR, and the second SIGUSR2 met the default action, which ends the process. The -std=gnu11 build, from the same ' +
      'source, caught both and finished its read().',
    rule:
      'Install handlers with sigaction() and state the semantics you want: sa_flags with SA_RESTART (or without it, if you want ' +
      'EINTR), no SA_RESETHAND unless you mean a one-shot handler, and sa_mask for what to block while it runs. The only portable ' +
      'use of signal() is setting a signal to SIG_DFL or SIG_IGN.',
    safeWay:
      'process.on(\'SIGUSR2\', listener): on Unix, Node installs one handler per signal through libuv, with sigaction(), ' +
      'SA_RESTART and no SA_RESETHAND, whatever the system and the flags Node was built with (Windows has no sigaction: ' +
      'libuv emulates the few signals it supports there). The listener stays until you remove it ' +
      '(process.off), and runs on the event loop after that handler has returned, so it may do anything.',
    rust:
      'The standard library has no signal handler API; the crates call sigaction() for you: ctrlc::set_handler(closure) for ' +
      'Ctrl-C (SIGTERM and SIGHUP too with its termination feature), and signal-hook for any signal (signal_hook::flag::register ' +
      'sets an AtomicBool; signal_hook::iterator::Signals hands signals to a thread of yours).',
    today:
      'The man page on the slides says signal()\'s behaviour has varied across Unix versions and across versions of Linux. ' +
      'With glibc it still depends on how you compile (signal(2) documents it for glibc 2.19 and later; this lesson shows ' +
      'it on yours): -std=gnu11 gives BSD semantics, -std=c11 gives System V, and so does a #define _POSIX_C_SOURCE ' +
      '200809L at the top of a file compiled with gcc\'s defaults, a line many portable programs start with. The lesson\'s ' +
      'reference fix, fixtures/solutions/signal-portability.c (npx pitfalls solution signal-portability), installs the ' +
      'same handler with sigaction() and SA_RESTART and behaves the same under both builds.',
    tryNext: ['npx pitfalls show signal-portability', 'npx pitfalls run running-count'],
    references: [
      { title: 'signal(2)', where: 'man 2 signal', note: 'Portability: System V and BSD semantics; glibc\'s feature test macros' },
      { title: 'sigaction(2)', where: 'man 2 sigaction', note: 'SA_RESTART, SA_RESETHAND, SA_NODEFER, sa_mask' },
      { title: 'feature_test_macros(7)', where: 'man 7 feature_test_macros', note: '_DEFAULT_SOURCE, and what -std=c11 and _POSIX_C_SOURCE turn off' },
      { title: 'signal(7), "Interruption of system calls and library functions by signal handlers"', where: 'man 7 signal' },
      { title: 'slide "man 2 signal — warning" ("Avoid its use: use sigaction(2) instead")', where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)' },
      { title: 'slides "Don\'t call signal()" and "signal() is dead. Long live sigaction()"', where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)' },
      {
        title: 'libuv 1.46 src/unix/signal.c, uv__signal_register_handler()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/signal.c',
        note: 'sigaction with SA_RESTART, all signals blocked while it runs (Node 20)',
      },
      { title: 'Node.js 20 process, "Signal events"', where: 'https://nodejs.org/docs/latest-v20.x/api/process.html#signal-events' },
    ],
  },
  practice: {
    solution: 'signal-portability.c',
    task: [
      'It is built twice, -std=gnu11 and -std=c11 -D_POSIX_C_SOURCE=200809L:',
      'both builds must catch SIGUSR2 twice and finish their read().',
      'Today the gnu11 build does; the second signal kills the c11 build.',
      'Keep the handler: it prints "caught SIGUSR2" with write(2).',
    ],
    hints: [
      {
        text: 'The -std=c11 build caught the first SIGUSR2 and was killed by the second: by then its handler was gone. Which call installed it, and what does that call promise?',
        when: { sign: 'killed-by-signal' },
      },
      {
        text: 'With glibc, signal() has BSD semantics under -std=gnu11 and System V semantics under -std=c11: the handler reset to SIG_DFL as it runs, and read() not restarted. Install the handler with a call whose semantics you state yourself.',
      },
      {
        text: 'The job is still to catch both signals: ignoring or blocking SIGUSR2 avoids the death, but prints no "caught SIGUSR2" line.',
        when: { jobPart: 'output' },
      },
      {
        text: 'See man 2 sigaction: fill sa_handler, empty sa_mask with sigemptyset(), and pick the sa_flags that restart the interrupted read() (and leave out SA_RESETHAND).',
      },
    ],
  },
} satisfies LessonData;
