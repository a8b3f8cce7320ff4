import type { LessonData } from '../../src/lesson.js';

export default {
  order: 110,
  title: 'Running count: check, then pause()',
  summary: 'main code and a SIGCHLD handler share a counter; the last SIGCHLD lands between the check and pause(): asleep forever',
  broken: {
    // The slide's program as it stands: the window between the check and pause() is a few instructions wide, so it rarely hangs.
    slide: {
      file: 'slide.c',
      source: 'CS110L "Multiprocessing (part 2)", slide "Count number of running processes"',
      job: 'start 10 children, wait until all of them have exited, then exit',
      done: [{ kind: 'children', count: 10, exitCode: 0 }, { kind: 'reaped' }],
    },
  },
  safe: {},
  expectation: {
    job: 'start 5 children, wait until all of them have exited, then exit',
    done: [{ kind: 'children', count: 5, exitCode: 0 }, { kind: 'reaped' }],
    signs: [{ kind: 'wait-without-children', wchan: 'pause|sigsuspend|sigtimedwait', windowMs: 250, meaning: 'waiting for a signal' }],
  },
  question: {
    ask: 'The parent counts its running children down in a SIGCHLD handler, and calls pause() while the count is above 0. Will it end?',
    observed: { kind: 'end' },
    choices: [
      { text: 'Yes: it exits once all 5 children have exited', matches: { is: 'exited' } },
      { text: 'No: it can sleep in pause() with no child left to wake it', matches: { is: 'running' } },
      { text: 'It is killed by a signal', matches: { is: 'killed' } },
    ],
    why:
      'The check and pause() are two steps: when the last SIGCHLD is handled between them, pause() waits for a signal ' +
      'that never comes. Block SIGCHLD around the check and wait with sigsuspend(), which unblocks and waits in one step.',
  },
  narration: {
    why:
      'A signal handler can run between any two instructions of the main code. The main code checks ' +
      'running_processes > 0 and decides to pause(); pause() then sleeps until a signal arrives after it started. ' +
      'If the last SIGCHLD arrives after the check and before pause(), its handler reaps the last child and sets the ' +
      'counter to 0, and then pause() waits for a signal that nobody is left to send. The same sharing loses updates: ' +
      'running_processes += 1 is a load, an add and a store, and a handler that decrements between the load and the ' +
      'store is overwritten. The fixture releases its children exactly after the check and lingers until they are all ' +
      'reaped, only so that the hang comes every run; in a real program the window is a few instructions wide, so the ' +
      'hang comes once in a while, which makes it harder to find.',
    rule:
      'Share nothing with a handler but a volatile sig_atomic_t flag that it sets, or a lock-free atomic (C11\'s ' +
      'atomic_flag, or an atomic_int where atomic_is_lock_free() says so). To wait for a signal without ' +
      'a race, block it with sigprocmask(), check your condition, then sigsuspend() with the old mask: it unblocks ' +
      'and sleeps in one step, so a signal cannot slip in between. Better still, count in the main flow: reap with ' +
      'waitpid() there, or turn signals into reads with the self-pipe trick or signalfd (the next lessons).',
    safeWay:
      'child_process.spawn() and an \'exit\' listener per child. Node runs your JavaScript on one thread: an \'exit\' ' +
      'callback runs only when the current code has returned to the event loop, so it can never land between a check ' +
      'and what follows it. Waiting is returning to the loop; the exits that happened meanwhile are queued, not lost, ' +
      'and the process ends when nothing is left to wait for.',
    rust:
      'Keep the children\'s std::process::Child values and call wait() on each in the main flow; no handler, no shared ' +
      'counter. If SIGCHLD must be watched, signal-hook\'s iterator hands signals to ordinary code (a self-pipe inside), ' +
      'where try_wait() reaps.',
    today:
      'volatile only stops the compiler from caching the variable; it makes nothing atomic, and sig_atomic_t promises ' +
      'only that a single read or a single write is not torn, not that += is. C11\'s lock-free atomics are allowed in a ' +
      'handler too, and atomic_fetch_sub() makes the decrement one indivisible step, but no atomic closes the window ' +
      'between the check and pause(). sigsuspend() has been the POSIX answer to that race for decades, and signalfd() ' +
      '(Linux 2.6.22) removes the handler altogether.',
    tryNext: ['npx pitfalls show running-count', 'npx pitfalls run self-pipe'],
    references: [
      { title: 'sigsuspend(2)', where: 'man 2 sigsuspend', note: 'unblock and wait in one step' },
      { title: 'sigprocmask(2)', where: 'man 2 sigprocmask' },
      { title: 'pause(2)', where: 'man 2 pause' },
      { title: 'signal-safety(7)', where: 'man 7 signal-safety' },
      { title: 'wait(2), WNOHANG', where: 'man 2 wait' },
      {
        title: 'slide "Count number of running processes" ("Not safe (concurrent use of running_processes)")',
        where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)',
      },
      {
        title: 'ISO C11 7.14.1.1 (the signal function): a handler may use lock-free atomic objects and write volatile sig_atomic_t',
        where: 'https://www.open-std.org/jtc1/sc22/wg14/www/docs/n1570.pdf',
      },
      { title: 'Node.js, "The Node.js Event Loop"', where: 'https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick' },
    ],
  },
  practice: {
    solution: 'running-count.c',
    task: [
      'Keep 5 children, each exiting 0, and the "N running processes" lines.',
      'Wait until every child is reaped, print the last line, and exit.',
      'Keep the handler reaping and counting down.',
      'Keep the window: release the children after the check, linger, then wait.',
    ],
    hints: [
      {
        text: 'pause() slept with no child left to wake it: the last SIGCHLD came after the check and before pause(), and pause() waits for the next one. How can the check and the wait stop being two steps?',
        when: { sign: 'wait-without-children' },
      },
      {
        text: 'A handler can run between any two instructions of main: between the check and pause(), or inside running_processes += 1. Hold SIGCHLD back (sigprocmask) while main works on the counter.',
      },
      {
        text: 'The run never ended. With SIGCHLD blocked, the handler cannot run outside the wait, so a loop that waits for the counter to fall (the fixture\'s usleep loop) waits forever. Linger for a time instead: the signals stay pending.',
        when: { reason: 'timeout' },
      },
      {
        text: 'sigsuspend(&mask) sets the signal mask and sleeps in one step, then puts the old mask back once a handler has run: see man 2 sigsuspend.',
      },
    ],
  },
} satisfies LessonData;
