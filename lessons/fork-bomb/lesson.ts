import type { LessonData } from '../../src/lesson.js';

export default {
  order: 10,
  title: 'Fork bomb: the child goes back round the loop',
  summary: 'fork() in a loop, the child returns instead of _exit()ing: processes double until the cap stops them',
  broken: {},
  safe: {},
  expectation: {
    job: 'serve 8 requests, each in a child process of its own',
    done: [{ kind: 'children', count: 8, exitCode: 0 }],
    // Live processes only, and only when children fork in their turn: zombies are the next lesson.
    signs: [{ kind: 'runaway-processes', needed: 5 }],
  },
  views: ['count-chart'],
  question: {
    ask: 'The server forks a child for each of its 8 requests; the job needs at most 5 alive at once. How many will be alive at once at the peak?',
    observed: { kind: 'figure' },
    choices: [
      { text: 'At most 5: the server and a few children', matches: { atMost: 5 } },
      { text: '6 to 9: the server and a child per request', matches: { atLeast: 6, atMost: 9 } },
      { text: 'More than 9: the children fork too, until the cap stops them', matches: { atLeast: 10 } },
    ],
    why:
      'The child returns from do_stuff() into the loop, where it is a server too and forks at the next request: ' +
      'every 100 ms the processes double, and only the cap ends it. A child ends with _exit(), never by returning.',
  },
  narration: {
    why:
      'fork() returns twice: once in the parent, with the child\'s pid, and once in the child, with 0. ' +
      'The child is a copy of the parent at that instant, call stack and loop counter included. ' +
      'When the child\'s branch ends without _exit(), the child carries on from there, reaches the top of the loop, ' +
      'and forks in its turn. Each round doubles the number of processes, until fork() fails with EAGAIN ' +
      'because a limit was hit: here the runner\'s cap; on a machine without one, the user\'s process limit or the ' +
      'kernel\'s pid space, with the machine unusable long before.',
    rule:
      'After fork(), the child must end in its own branch: exec a separate program, and call _exit() right after ' +
      '(in case the exec failed). Never let a child fall through into the parent\'s code. And reap every child.',
    safeWay:
      'child_process.spawn() is fork+exec in one call: the child starts in its own program and cannot run the ' +
      'parent\'s loop. A fixed pool (start N, start the next on \'exit\') bounds the process count by design.',
    rust:
      'std::process::Command::new(program).spawn() (or .status(), .output()): the child is started in one call, ' +
      'done once and correctly by the standard library (on Linux with glibc through posix_spawnp), and never returns ' +
      'into your code.',
    today:
      'RLIMIT_NPROC (ulimit -u) caps a user\'s processes and threads, but root is exempt from it; a pids cgroup ' +
      '(systemd\'s TasksMax) caps everyone in it, root included. The runner used one of them: see the containment line.',
    tryNext: ['npx pitfalls show fork-bomb', 'npx pitfalls run zombies'],
    references: [
      { title: 'fork(2)', where: 'man 2 fork', note: 'returns twice; EAGAIN when a process limit is hit' },
      { title: '_exit(2)', where: 'man 2 _exit' },
      { title: 'getrlimit(2), RLIMIT_NPROC', where: 'man 2 getrlimit', note: 'counts the threads of the real user id; not enforced for real uid 0, CAP_SYS_ADMIN or CAP_SYS_RESOURCE' },
      { title: 'cgroups(7), the pids controller', where: 'man 7 cgroups', note: 'pids.max caps every task in the cgroup, root included' },
      { title: 'systemd.resource-control(5), TasksMax=', where: 'man 5 systemd.resource-control' },
      {
        title: 'slide "Fork — what could possibly go wrong?" (the fork loop: "potential fork bomb")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Node.js 20 child_process.spawn()', where: 'https://nodejs.org/docs/latest-v20.x/api/child_process.html#child_processspawncommand-args-options' },
      { title: 'Rust std::process::Command (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Command.html' },
    ],
  },
  practice: {
    solution: 'fork-bomb.c',
    task: [
      'Keep the loop: 8 requests, a child forked for each, each child exiting 0.',
      'Only the parent may fork: no child goes back round the loop.',
      'Then reap the children before main() returns (the next lesson says why).',
    ],
    hints: [
      {
        text: 'Children forked children of their own. After fork() the child is inside the for loop too: where does its branch end, and what does it run next?',
        when: { sign: 'runaway-processes' },
      },
      {
        text: 'Reaching the end of an if block, or a return, takes the child on into the code written for the parent. A child should end in its own branch.',
      },
      {
        text: 'The job is 8 children, one per request, each exiting 0: breaking out of the loop, forking fewer, or ending a child with another code skips part of it.',
        when: { jobPart: 'children' },
      },
      {
        text: 'The lesson\'s rule names the call that ends a process at once and never returns, without running the parent\'s exit path: see `man 2 _exit`.',
      },
    ],
  },
} satisfies LessonData;
