import type { LessonData } from '../../src/lesson.js';

export default {
  order: 60,
  title: 'fork() with threads: a lock without an owner',
  summary: 'fork() while another thread holds a lock: the child waits forever for a thread it does not have',
  broken: { link: ['-pthread'] },
  safe: {},
  expectation: {
    job: 'while a logger thread writes the log, start a child that logs one line and runs echo',
    done: [
      { kind: 'children', count: 1, exitCode: 0 },
      { kind: 'programs', count: 1, meaning: 'echo run by the child (it exec\'d it)' },
    ],
    signs: [{ kind: 'lock-without-owner' }],
  },
  narration: {
    why:
      'fork() copies the whole memory of the process, but only the thread that called it. Every lock in that memory ' +
      'is copied as it stood at that instant: the logger thread held log_lock, so in the child log_lock is taken, by a ' +
      'thread that does not exist there. The child\'s first log_line() waits for it in a futex, forever. The parent, ' +
      'which still has its logger, gets the same lock a few milliseconds later and carries on. The barrier in the ' +
      'program makes the timing certain; in real programs it is a race that strikes now and then, which is worse.',
    rule:
      'Do not mix threads and fork(). If a program with threads must start another program, exec right after the fork: ' +
      'in between, call only async-signal-safe functions (no malloc, no printf, no lock), and _exit() if the exec ' +
      'fails. Better still, let posix_spawn() or your language\'s spawn do it.',
    safeWay:
      'child_process.spawn() is fork+exec done at once by libuv: between the two, the child makes only a few ' +
      'async-signal-safe calls (dup2, resetting signals) and becomes echo, a new program with fresh memory and no ' +
      'copied lock. Node\'s threads are worker_threads, and a worker never forks: Node has no fork without exec ' +
      '(child_process.fork() starts a new Node process). The twin\'s logger thread holds its lock (Atomics on a ' +
      'SharedArrayBuffer) while spawn runs, and echo runs anyway.',
    rust:
      'std::process::Command forks and execs (or uses posix_spawn) without running your code in between. The one ' +
      'hook into that window, CommandExt::pre_exec, is unsafe for exactly this reason: its documentation warns that ' +
      'in the child, malloc, reading the environment through std::env or acquiring a mutex are not guaranteed to work, ' +
      'because other threads may have been running at the fork.',
    today:
      'The slide\'s example calls malloc in the child of a threaded program. glibc\'s fork() takes every malloc arena\'s ' +
      'lock before it copies the process and frees them again in both processes after, and it resets the stdio locks in ' +
      'the child, so that example no longer hangs on glibc: tried here, 200 forks while a second thread churned ' +
      'malloc and free, and no child hung. That is why this lesson uses a lock of its own program. The rule stands: ' +
      'glibc protects only its own locks. Your mutexes, and those of libraries that register no fork handlers, get no ' +
      'such care; another libc need not protect even malloc; and POSIX allows only async-signal-safe calls in the ' +
      'child of a multithreaded process until it execs.',
    tryNext: ['npx pitfalls show fork-with-threads', 'npx pitfalls run pipe-eof'],
  },
  views: ['process-tree'],
  practice: {
    solution: 'fork-with-threads.c',
    task: [
      'Keep the logger thread and the barrier: fork() is called with log_lock held.',
      'The child still logs a line, then runs echo and exits 0 with it.',
    ],
    hints: [
      {
        text: 'The child sleeps in a futex with a single thread. Which lock is it waiting for, and which thread held it when fork() copied the process?',
        when: { sign: 'lock-without-owner' },
      },
      {
        text: 'The child has only the thread that called fork(): the logger that would unlock log_lock does not exist there, so nothing in the child may wait for that lock.',
      },
      {
        text: 'Between fork() and exec(), the child of a threaded program may call only async-signal-safe functions (`man 7 signal-safety`): no lock, no printf, no malloc. write() is on the list.',
      },
      {
        text: 'The job ends with echo: the child must still exec it. Dropping the exec, or the child, avoids the hang but skips the job.',
        when: { jobPart: 'programs' },
      },
    ],
  },
} satisfies LessonData;
