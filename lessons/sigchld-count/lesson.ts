import type { LessonData } from '../../src/lesson.js';

export default {
  order: 100,
  title: 'Counting SIGCHLDs: standard signals do not queue',
  summary: 'ten children exit, the SIGCHLD handler runs fewer times: one pending signal can stand for several exits',
  broken: {
    // The slide's counter as it stands: nothing blocks SIGCHLD, so the count varies run to run (`run sigchld-count --slide --runs 20`).
    slide: {
      file: 'slide.c',
      source: 'NET7212 "Multiprocessing pitfalls", slide "Signal — what could possibly go wrong? (cont.)" (the SIGCHLD counter)',
    },
  },
  safe: {},
  expectation: {
    job: 'start 10 children and count each one as it exits',
    done: [
      { kind: 'children', count: 10, exitCode: 0 },
      { kind: 'report', key: 'sigchld', meaning: 'the count reported (report_int("sigchld", n))' },
    ],
    signs: [{ kind: 'count-below-children', report: 'sigchld', counts: 'child exits' }],
  },
  question: {
    ask: 'The handler adds 1 to a counter for each SIGCHLD. How many will it count for the 10 children?',
    observed: { kind: 'figure' },
    choices: [
      { text: '10: one signal for each child that exits', matches: { is: 10 } },
      { text: 'Fewer than 10: some exits go uncounted', matches: { atMost: 9 } },
      { text: 'More than 10: a signal may come twice', matches: { atLeast: 11 } },
    ],
    why:
      'A standard signal is a pending bit, not a queue: exits that come while SIGCHLD is already pending (or blocked, ' +
      'during the handler) merge into one delivery. Count children, not signals: reap with waitpid(-1, WNOHANG) in a loop.',
  },
  narration: {
    why:
      'A standard signal is a pending bit, not a queue of messages: the kernel keeps at most one pending SIGCHLD per process. ' +
      'Each exit of a child sets that bit; if it is already set, because the parent has not run its handler yet or has SIGCHLD ' +
      'blocked (as it is while the handler itself runs), the exit adds nothing. So a handler runs once per delivery, and one ' +
      'delivery can stand for several exits. The fixture makes that certain: it keeps SIGCHLD blocked until all ten children ' +
      'have exited (it waits for each with waitid and WNOWAIT, which leaves it a zombie), so the ten exits make one pending ' +
      'signal and the handler runs once. On the slide nothing is blocked and the exits just come close together: the count ' +
      'then varies with the load of the machine (3 to 8 of 10, measured on the 2-core machine this course was written on). ' +
      'Real-time signals (SIGRTMIN to SIGRTMAX) ' +
      'do queue, one per send; SIGCHLD is a standard signal and never does.',
    rule:
      'A SIGCHLD means "at least one child changed state", never how many. Do not count signals: count children. On each SIGCHLD ' +
      '(better: in the main loop, after the handler has only set a flag), call waitpid(-1, &status, WNOHANG) in a loop until it ' +
      'returns 0 (children left, none finished) or -1 with ECHILD (no children left), and count the children it reaped, as the ' +
      'CS110L slide\'s handler does.',
    safeWay:
      'child.on(\'exit\') for each child from spawn(): libuv\'s SIGCHLD handler only wakes the event loop, and the loop then calls ' +
      'waitpid(pid, &status, WNOHANG) for every child it started, so one merged SIGCHLD still gives one \'exit\' event per child, ' +
      'and every child is reaped.',
    rust:
      'std::process::Child::wait() or try_wait() on each child you spawned with Command: you ask about every child instead of ' +
      'counting signals (tokio::process::Child::wait() does the same without blocking a thread). If you watch SIGCHLD with ' +
      'signal-hook, take each notification as "some children may have exited" and try_wait() them all.',
    today:
      'The NET7212 slide says the count "can be made reliable using sigaction". sigaction keeps the handler installed (signal() ' +
      'may not: see signal-portability), but it cannot make a standard signal queue: this fixture installs its counter with ' +
      'sigaction and still counts one, and a sigaction counter with nothing blocked counted 3 to 5 of 10 (measured on the ' +
      'machine this course was written on: 2 cores, glibc 2.36, kernel 6.18; npx pitfalls doctor shows yours). ' +
      'What is reliable is the reaping loop above: it counts every child, however many signals arrived.',
    tryNext: ['npx pitfalls show sigchld-count', 'npx pitfalls run signal-portability'],
    references: [
      { title: 'signal(7)', where: 'man 7 signal', note: 'standard signals do not queue; real-time signals do' },
      { title: 'sigaction(2)', where: 'man 2 sigaction' },
      { title: 'wait(2), waitpid() and waitid()', where: 'man 2 wait', note: 'WNOHANG; WNOWAIT leaves the child waitable' },
      { title: 'sigprocmask(2)', where: 'man 2 sigprocmask' },
      {
        title: 'slide "Signal — what could possibly go wrong? (cont.)" (the SIGCHLD counter: "Can be made reliable using the sigaction syscall")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'slides "Count number of SIGCHLDs received" and "Count number of running processes" (the waitpid(-1, NULL, WNOHANG) loop)',
        where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)',
      },
      {
        title: 'libuv 1.46 src/unix/process.c, uv__wait_children()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/process.c',
        note: 'one SIGCHLD, a waitpid(pid, WNOHANG) for each child it spawned (Node 20)',
      },
      { title: 'Rust std::process::Child::try_wait (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Child.html#method.try_wait' },
    ],
  },
  practice: {
    solution: 'sigchld-count.c',
    task: [
      'Keep 10 children, each exiting 0, and both lines the program prints.',
      'Keep report_int("sigchld", n): n must be the children counted, 10.',
      'Keep SIGCHLD blocked while they exit: ten exits, one SIGCHLD, still 10.',
    ],
    hints: [
      {
        text: 'The handler ran fewer times than children exited. A standard signal is one pending bit: what does one SIGCHLD tell you about how many children ended?',
        when: { sign: 'count-below-children' },
      },
      {
        text: 'Count children, not signals. Each time the handler runs, ask the kernel about the children that have ended, until it says none is left.',
      },
      {
        text: 'The count must still reach the runner: report_int("sigchld", n) once, after every child is counted.',
        when: { jobPart: 'report' },
      },
      {
        text: 'waitpid(-1, &status, WNOHANG) reaps one ended child and returns its pid; 0 when children are left but none has ended; -1 (ECHILD) when none is left. It may change errno: save and restore it in the handler.',
      },
    ],
  },
} satisfies LessonData;
