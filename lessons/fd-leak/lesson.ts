import type { LessonData } from '../../src/lesson.js';

export default {
  order: 90,
  title: 'Leaked descriptors: a pipe end survives exec',
  summary: 'pipe() without O_CLOEXEC: a helper program inherits the write end and keeps the reader from ever seeing EOF',
  // The leak is proven as sleep execs; watch on until the reader's hang is proven too.
  broken: { watchAfterProofMs: 500 },
  safe: {},
  expectation: {
    job: 'start a long-running helper program, and read a worker\'s result through a pipe until EOF',
    done: [
      { kind: 'children', count: 2 },
      { kind: 'programs', count: 1, meaning: 'the helper program started (a child exec\'d it)' },
      { kind: 'output', pattern: 'read (\\d+) bytes, then EOF', min: 1, meaning: 'the worker\'s result read, then EOF' },
    ],
    signs: [{ kind: 'leaked-descriptors' }, { kind: 'pipe-deadlock' }],
  },
  views: ['pipe-ends'],
  question: {
    ask: 'The parent starts a helper (sleep 30), then reads a worker\'s result from a pipe until EOF. When does its read() see EOF?',
    observed: { kind: 'end' },
    choices: [
      { text: 'As soon as the worker has written its result and exited', matches: { is: 'exited' } },
      { text: 'Not while the helper runs: the helper holds a write end too', matches: { is: 'running' } },
    ],
    why:
      'The helper was forked while the pipe was open and exec\'d sleep with it: a pipe is inherited across exec unless ' +
      'it is close-on-exec. EOF needs every write end closed. Make pipes with pipe2(O_CLOEXEC).',
  },
  narration: {
    why:
      'A descriptor stays open across exec() unless it carries the close-on-exec flag, and pipe() does not set it. ' +
      'So the helper, sleep, started with fork() and exec() for a job of its own, inherited both ends of the result ' +
      'pipe as its fds 3 and 4: it does not know they are there, never uses them, and keeps them open as long as it ' +
      'runs. The parent did close its own write end, as the pipe-eof lesson teaches, and the worker closed its end when ' +
      'it exited; yet read() never returns 0, because sleep still holds a write end. The same leak can hand a child a ' +
      'listening socket, a lock file or a secret. The lecture lists its relatives among the things that go wrong with ' +
      'pipes: closing the wrong end (close(fds[0]) where fds[1] was meant, so the write end stays open and reads on ' +
      'the closed one fail with EBADF); use before pipe (reading fds[] before pipe() filled it, when an uninitialised ' +
      'int may well be 0, 1 or 2, all valid descriptors); and use after close (the kernel hands out the lowest free ' +
      'number, so the next open() or pipe() reuses a closed descriptor\'s number and a stale variable now reads or ' +
      'writes someone else\'s file).',
    rule:
      'Open every descriptor close-on-exec: pipe2(fds, O_CLOEXEC), open(..., O_CLOEXEC), socket(..., SOCK_CLOEXEC), ' +
      'accept4(), dup3(), fcntl(F_DUPFD_CLOEXEC), fopen(path, "re"). Give a child exactly what it needs with dup2() ' +
      'onto 0, 1 and 2 (the copy dup2 makes has no close-on-exec flag; but dup2(fd, fd) onto itself does nothing, so ' +
      'a descriptor already at that number keeps its flag: clear it with fcntl(fd, F_SETFD, 0)). If you cannot vouch ' +
      'for every descriptor in the process, ' +
      'close the rest in the child before exec: close_range(3, ~0U, 0). And after close(), set the variable to -1.',
    safeWay:
      'libuv opens all its descriptors close-on-exec, and spawn() gives the child the stdio you list, as fds 0, 1 ' +
      'and 2 (to hand a child more, list it in stdio: its index becomes its descriptor number). It closes nothing ' +
      'else: the close-on-exec flag keeps the rest out, and Node also sets it at start-up on the descriptors it ' +
      'inherited, fds 0 to 15 and on up to the first closed one. So in the twin\'s snapshot neither child holds ' +
      'anything of the parent\'s beyond those three, and the worker\'s output ends when the worker exits, while sleep ' +
      'runs on. A descriptor Node inherited beyond those, or one that native code opened without the flag, would ' +
      'still leak: on the machine this course was written on, an fd 251 that Node was started with reached a ' +
      'spawned sh.',
    rust:
      'The standard library opens every file, pipe and socket close-on-exec, and Command gives the child the stdin, ' +
      'stdout and stderr you set (Stdio::piped(), Stdio::null(), or a File or os_pipe end). Like Node, it closes ' +
      'nothing else: a descriptor the program inherited, or that C code opened without the flag, reaches the child ' +
      '(on the machine this course was written on, a Rust 1.95 child inherited the fds 7, 10 and 251 its parent was ' +
      'started with). os_pipe\'s pipes are close-on-exec too, and duct builds its pipelines on them.',
    today:
      'The slides hold. Linux has had O_CLOEXEC since 2.6.23 and pipe2() since 2.6.27; close_range() came in Linux ' +
      '5.9, with a glibc wrapper since 2.34. glibc opens with O_CLOEXEC internally in many places (opendir(), popen()\'s ' +
      'own pipe), but pipe(), open() and socket() in your code default to inheriting: the flag is yours to ask for.',
    tryNext: ['npx pitfalls show fd-leak', 'ls -l /proc/self/fd', 'npx pitfalls run sigchld-count'],
    references: [
      { title: 'execve(2)', where: 'man 2 execve', note: 'descriptors stay open across exec unless close-on-exec' },
      { title: 'fcntl(2), FD_CLOEXEC and F_DUPFD_CLOEXEC', where: 'man 2 fcntl' },
      { title: 'open(2), O_CLOEXEC', where: 'man 2 open' },
      { title: 'pipe(2), pipe2()', where: 'man 2 pipe' },
      { title: 'dup(2), dup2() and dup3()', where: 'man 2 dup', note: 'the copy has no close-on-exec flag; dup2(fd, fd) does nothing' },
      { title: 'close_range(2)', where: 'man 2 close_range' },
      {
        title: 'slide "Pipe — what could possibly go wrong?" (leaked descriptors, the wrong end closed, use before pipe(), use after close)',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'libuv 1.46 src/unix/core.c, uv_disable_stdio_inheritance()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/core.c',
        note: 'fds 0 to 15 marked close-on-exec, then on until the first error (Node 20 calls it at start-up)',
      },
      {
        title: 'Rust 1.95 library/std/src/sys/process/unix/unix.rs',
        where: 'https://github.com/rust-lang/rust/blob/1.95.0/library/std/src/sys/process/unix/unix.rs',
        note: 'the child gets the three stdio descriptors by dup2; nothing else is closed',
      },
    ],
  },
  practice: {
    solution: 'fd-leak.c',
    task: [
      'Keep both children: the worker that writes the result, and sleep 30.',
      'Print "read N bytes, then EOF" once the worker is done, while sleep runs.',
    ],
    hints: [
      {
        text: 'Look at sleep\'s descriptors in the evidence: beyond 0, 1 and 2 it holds ends of the result pipe. sleep never opened them: where did they come from?',
        when: { sign: 'leaked-descriptors' },
      },
      {
        text: 'The parent closed its write end and the worker has exited, yet read() never returns 0: a process that knows nothing of the pipe still holds a write end.',
        when: { sign: 'pipe-deadlock' },
      },
      {
        text: 'A descriptor survives exec() unless it carries the close-on-exec flag, and pipe() does not set it. Ask for the flag when the pipe is made.',
      },
      {
        text: 'The job is still two children, the helper started as a program of its own with exec, and the worker\'s result read to EOF: not starting the helper hides the leak but skips the job.',
        when: { reason: 'job-not-done' },
      },
    ],
  },
} satisfies LessonData;
