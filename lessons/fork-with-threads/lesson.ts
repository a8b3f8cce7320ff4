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
  question: {
    ask: 'A logger thread is writing the log when the program forks; the child logs one line, then runs echo. Will it get to echo?',
    observed: { kind: 'end' },
    choices: [
      { text: 'Yes: the child logs its line, runs echo, and all ends', matches: { is: 'exited' } },
      { text: 'No: the child waits for ever on the log\'s lock', matches: { is: 'running' } },
      { text: 'The child crashes', matches: { is: 'killed' } },
    ],
    why:
      'fork() copies the memory, locks included, but only the calling thread: the lock the logger thread held is held in ' +
      'the child too, by a thread the child does not have. Exec right after fork(), touching no lock in between.',
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
      'child_process.spawn() is fork+exec done at once by libuv. Every Node process runs several threads (a bare Node ' +
      '20 has 7, more once libuv\'s pool or a Worker starts), and libuv 1.46 (Node 20) calls fork() on Linux, from a ' +
      'worker thread as from the main one. It is ' +
      'safe because of what the child runs: between fork and exec, only a few lines of libuv\'s C that take no lock ' +
      'and allocate nothing (reset the signals, dup2 the stdio onto 0, 1 and 2, exec), and never any JavaScript: Node ' +
      'has no fork without exec (child_process.fork() starts a new Node process). The child becomes echo, a new ' +
      'program with fresh memory and no copied lock. The twin\'s logger thread holds its lock (Atomics on a ' +
      'SharedArrayBuffer) while spawn runs, and echo runs anyway.',
    rust:
      'std::process::Command starts the program without running your code in between: on Linux with glibc through ' +
      'posix_spawnp, otherwise by a fork whose child runs only the standard library\'s own steps before the exec. The one ' +
      'hook into that window, CommandExt::pre_exec, is unsafe for exactly this reason: its documentation warns that ' +
      'in the child, malloc, reading the environment through std::env or acquiring a mutex are not guaranteed to work, ' +
      'because other threads may have been running at the fork.',
    today:
      'The slide\'s example calls malloc in the child of a threaded program. glibc\'s fork() takes every malloc arena\'s ' +
      'lock before it copies the process, releases them in the parent after and re-initialises them in the child, and ' +
      'it resets the stdio locks in the child, so that example no longer hangs on glibc: measured on the machine this ' +
      'course was written on (glibc 2.36, kernel 6.18; npx pitfalls doctor shows yours), 200 forks while a second thread churned malloc and free, and ' +
      'no child hung. That is why this lesson uses a lock of its own program. The rule stands: glibc protects only its ' +
      'own locks. Your mutexes, and those of libraries that register no fork handlers, get no such care; another libc ' +
      'need not protect even malloc; and POSIX allows only async-signal-safe calls in the child of a multithreaded ' +
      'process until it execs. Today\'s runtimes start programs without a plain fork where they can: glibc\'s ' +
      'posix_spawn() clones with CLONE_VM|CLONE_VFORK (the child shares the parent\'s memory and runs only glibc\'s ' +
      'code until the exec), and Rust\'s Command uses it on Linux; Node 20 still forks, then only execs.',
    tryNext: ['npx pitfalls show fork-with-threads', 'npx pitfalls run pipe-eof'],
    references: [
      { title: 'fork(2)', where: 'man 2 fork', note: 'the child has one thread; after a fork in a multithreaded program, only async-signal-safe calls until execve' },
      { title: 'pthread_atfork(3)', where: 'man 3 pthread_atfork', note: 'fork handlers: how a library protects its own locks' },
      { title: 'signal-safety(7)', where: 'man 7 signal-safety' },
      { title: 'posix_spawn(3)', where: 'man 3 posix_spawn' },
      { title: 'clone(2), CLONE_VM and CLONE_VFORK', where: 'man 2 clone' },
      {
        title: 'slide "Fork — what could possibly go wrong? (cont.)" (malloc in the child of a threaded program: "Arguably the biggest danger with fork()")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'slides "Mixing threads and processes", "Rule of thumb" and "Command — environment fiddling (cont.)" (pre_exec)',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'glibc 2.36 malloc/arena.c, __malloc_fork_lock_parent() and __malloc_fork_unlock_child()',
        where: 'https://elixir.bootlin.com/glibc/glibc-2.36/source/malloc/arena.c',
        note: 'the arena locks taken before fork, re-initialised in the child',
      },
      {
        title: 'libuv 1.46 src/unix/process.c, uv__spawn_and_init_child_fork() and uv__process_child_init()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/process.c',
        note: 'fork() on Linux, then signals reset, dup2 and execvp (Node 20)',
      },
      { title: 'Rust std::os::unix::process::CommandExt::pre_exec (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/os/unix/process/trait.CommandExt.html#tymethod.pre_exec' },
    ],
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
