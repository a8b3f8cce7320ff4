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
      'onto 0, 1 and 2 (dup2 clears the flag on the copy). If you cannot vouch for every descriptor in the process, ' +
      'close the rest in the child before exec: close_range(3, ~0U, 0). And after close(), set the variable to -1.',
    safeWay:
      'libuv opens all its descriptors close-on-exec, and spawn() gives the child the stdio you list, as fds 0, 1 ' +
      'and 2, and nothing else: in the twin\'s snapshot neither child holds anything of the parent\'s beyond those three, ' +
      'so the worker\'s output ends when the worker exits, while sleep runs on. To hand a child more, list it in stdio ' +
      '(its index becomes its descriptor number).',
    rust:
      'The standard library opens every file, pipe and socket close-on-exec, and Command gives the child only the ' +
      'stdin, stdout and stderr you set (Stdio::piped(), Stdio::null(), or a File or os_pipe end). os_pipe\'s pipes ' +
      'are close-on-exec too, and duct builds its pipelines on them.',
    today:
      'The slides hold. Linux has had O_CLOEXEC since 2.6.23 and pipe2() since 2.6.27; close_range() came in Linux ' +
      '5.9, with a glibc wrapper since 2.34. glibc opens with O_CLOEXEC internally in many places (opendir(), popen()\'s ' +
      'own pipe), but pipe(), open() and socket() in your code default to inheriting: the flag is yours to ask for.',
    tryNext: ['npx pitfalls show fd-leak', 'ls -l /proc/self/fd', 'npx pitfalls run sigchld-count'],
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
