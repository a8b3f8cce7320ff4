import type { LessonData } from '../../src/lesson.js';

export default {
  order: 20,
  title: 'Zombies: the parent never waits',
  summary: 'children exit but nobody calls wait(): they stay in /proc as <defunct> until their parent dies',
  broken: {},
  safe: {},
  expectation: {
    job: 'start 5 workers that each do a job and exit, while the parent carries on for a second',
    done: [
      { kind: 'children', count: 5, exitCode: 0 },
      { kind: 'ran-for', ms: 900, meaning: 'the parent carrying on with its own work for a second' },
    ],
    // A child is Z for a moment between its exit and its parent's wait even in a correct program:
    // only a zombie that lasts shows a parent that does not wait.
    signs: [{ kind: 'zombies', atLeast: 1, forMs: 250 }],
  },
  views: ['process-tree'],
  question: {
    ask: 'The 5 workers finish their job and exit while the parent carries on for a second, never calling wait(). What does ps show of them meanwhile?',
    observed: { kind: 'state', state: 'Z', meaning: 'zombies seen at once (state Z, <defunct>)' },
    choices: [
      { text: 'Nothing: a process that exits is gone', matches: { is: 0 } },
      { text: 'Some of them as Z <defunct>, for a moment', matches: { atLeast: 1, atMost: 4 } },
      { text: 'All 5 as Z <defunct>, until the parent waits or exits', matches: { atLeast: 5 } },
    ],
    why:
      'An exited child keeps its process-table entry (its pid, its exit status) until its parent collects it with wait(): ' +
      'a zombie. A parent that does not wait keeps every one of them until it exits itself.',
  },
  narration: {
    why:
      'When a process exits, the kernel frees its memory and descriptors but keeps its process-table entry: ' +
      'its pid, its exit status and its resource usage, for the parent to collect with wait() or waitpid(). ' +
      'Until then the child is a zombie: state Z in /proc/PID/stat, <defunct> in ps. A zombie cannot be killed, ' +
      'not even with SIGKILL, because it is already dead; it still holds its pid and counts against its user\'s ' +
      'process limit, so a long-running server that never waits runs out of processes in the end. ' +
      'Nothing in the fork() loop itself says whether anyone reaps: the wait could be elsewhere, or nowhere, ' +
      'which is the non-local reasoning the lecture warns about. When the parent dies, its children are re-parented ' +
      'to the nearest ancestor in their PID namespace marked as a child subreaper, or else to that namespace\'s ' +
      'PID 1, and that one reaps them. Here the run has a PID namespace of its own where the kernel gives one (as ' +
      'root, or inside an ordinary user\'s own user namespace): the program is PID 2 and its PID 1 is a small ' +
      'init of the runner\'s, as `docker run --init` puts in front of a container, whose count of reaped ' +
      'processes shows it collected them. Without a namespace, the runner\'s supervisor, a subreaper, does.',
    rule:
      'Always reap: wait for every child you start, with waitpid(pid, ...) where you know the pid, or with a ' +
      'waitpid(-1, &status, WNOHANG) loop until it returns 0 when children end at unknown times. If you truly never ' +
      'need the exit status, setting SIGCHLD to SIG_IGN makes Linux (and POSIX.1-2001) discard children as they exit.',
    safeWay:
      'child_process.spawn(): libuv catches SIGCHLD and, from the event loop, calls waitpid() for each child it ' +
      'spawned, then emits \'exit\' with the code or the signal. The child is reaped whether or not you listen. Only ' +
      'those: a child forked by native code in the process (an addon, a C library) is not on libuv\'s list, and its ' +
      'own code must reap it.',
    rust:
      'std::process::Command::new(program).status() and .output() wait for the child for you. .spawn() returns a ' +
      'Child that you must .wait() (or .try_wait() until it has exited, or .wait_with_output()): Child has no Drop ' +
      'that reaps, so a dropped Child that has exited stays a zombie until the parent process ends. The lecture\'s ' +
      'mitigation is a type of your own whose Drop reaps: a guard that owns the Child and, when dropped, kills it ' +
      'and waits for it. tokio::process::Command::kill_on_drop(true) does the same for tokio\'s Child: the child is ' +
      'killed when its handle is dropped, and tokio reaps it in the background, on a best-effort basis.',
    today:
      'An orphan goes to the nearest child subreaper (prctl(PR_SET_CHILD_SUBREAPER), which systemd\'s user ' +
      'managers set), else to PID 1 of its pid namespace. In a container PID 1 is often your own program, which ' +
      'then inherits every orphan and must reap them too: `docker run --init` puts a small init in front that does.',
    tryNext: [
      'npx pitfalls show zombies',
      "ps -eo pid,ppid,stat,args | awk '$3 ~ /^Z/'",
      'npx pitfalls run double-fork',
    ],
    references: [
      { title: 'wait(2)', where: 'man 2 wait', note: 'waitpid, WNOHANG; a child that is not waited for becomes a zombie; SIGCHLD set to SIG_IGN' },
      { title: 'proc(5), /proc/PID/stat', where: 'man 5 proc', note: 'state Z (zombie)' },
      { title: 'prctl(2), PR_SET_CHILD_SUBREAPER', where: 'man 2 prctl', note: 'orphans go to the nearest living subreaper' },
      { title: 'pid_namespaces(7)', where: 'man 7 pid_namespaces', note: 'PID 1 of a namespace adopts its orphans; its end ends them all' },
      { title: 'sigaction(2), SA_NOCLDWAIT', where: 'man 2 sigaction' },
      {
        title: 'slide "Fork — what could possibly go wrong?" ("Zombie apocalypse machine!")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'slide "Fork\'s pitfalls vs Command" ("custom datatype that relies on Drop to reap zombies")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'libuv 1.46 src/unix/process.c, uv__wait_children()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/process.c',
        note: 'waitpid(pid, WNOHANG) for each process handle it spawned (Node 20)',
      },
      { title: 'Rust std::process::Child (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Child.html', note: 'no Drop that waits' },
      { title: 'tokio 1.x Command::kill_on_drop', where: 'https://docs.rs/tokio/1/tokio/process/struct.Command.html#method.kill_on_drop' },
    ],
  },
  practice: {
    solution: 'zombies.c',
    task: [
      'Keep 5 workers, each printing its "job done" line and exiting 0.',
      'The parent still prints its line and works for its second before it ends.',
    ],
    hints: [
      {
        text: 'A worker that has exited stays in /proc, in state Z, until its parent collects its exit status. Which call collects it?',
        when: { sign: 'zombies' },
      },
      {
        text: 'Where the parent reaps matters: a worker is a zombie from its exit until its parent\'s wait. Reaping only after the second of work leaves every worker a zombie for that second.',
      },
      {
        text: 'The job is still 5 workers that each exit 0, and the parent\'s own second of work: starting none, or ending the parent early (the supervisor then reaps the orphans), avoids the zombies but skips the job.',
        when: { reason: 'job-not-done' },
      },
      {
        text: 'waitpid(-1, &status, 0) returns the pid of a child that has ended, and -1 (errno ECHILD) once none is left: a loop on it reaps them all.',
      },
    ],
  },
} satisfies LessonData;
