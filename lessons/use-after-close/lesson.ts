import type { LessonData } from '../../src/lesson.js';

export default {
  order: 95,
  title: 'Use after close: a stale descriptor writes into another file',
  summary: 'close() frees the number and the next open() takes it: a late write through the old variable lands in the new file',
  broken: {},
  safe: {},
  expectation: {
    job: 'write a session log ("log: ..." lines: one when the session starts, one at the end) and three results to results.csv ("N,N*N" rows)',
    done: [
      { kind: 'file', name: 'session.log', pattern: '^log: ', atLeast: 2, meaning: 'the session log, its first and its last line' },
      { kind: 'file', name: 'results.csv', pattern: '^\\d+,\\d+$', atLeast: 3, meaning: 'three results in results.csv' },
    ],
    signs: [
      {
        kind: 'misplaced-data',
        files: [
          { name: 'session.log', holds: '^log: ', meaning: 'a log line' },
          { name: 'results.csv', holds: '^\\d+,\\d+$', meaning: 'a result row' },
        ],
      },
    ],
  },
  question: {
    ask: 'The setup closes the log; then results.csv is opened; then the last log line is written through the old log_fd. Where does it go?',
    observed: { kind: 'lines', file: 'results.csv', pattern: '^log: ', meaning: 'log lines found in results.csv' },
    choices: [
      { text: 'Into results.csv: the new file took the old number', matches: { atLeast: 1 } },
      { text: 'Not into results.csv: write() to a closed descriptor fails (EBADF)', matches: { is: 0 } },
    ],
    why:
      'A descriptor is only a number, and open() returns the lowest one free: the log\'s, just closed. The stale ' +
      'variable now names results.csv. Set a closed descriptor\'s variable to -1, and keep each file\'s in one place.',
  },
  narration: {
    why:
      'A file descriptor is an index into the process\'s table of open files, and open(), pipe(), dup() and socket() ' +
      'all return the lowest number not in use. close() frees the number at once, but the int that held it keeps ' +
      'it. Here the setup closed the log (fd 3) and left log_fd as it was; open("results.csv") then got 3, the lowest ' +
      'free number, as /proc/PID/fd shows in the two snapshots. The last log line, written through log_fd, went to ' +
      'fd 3: into results.csv, and write() reported success. Nothing fails: the kernel cannot know which file you ' +
      'meant. The lecture lists it among the pipe mistakes, with its relatives: close() on the wrong value (the wrong ' +
      'end of a pipe: the write end stays open, and the reader never sees EOF); use before pipe(): a static or ' +
      'zeroed int fds[2] holds 0 before pipe() fills it, and fd 0 is standard input, so a write "to the pipe" goes to ' +
      'stdin, which on a terminal is the terminal itself, open for reading and writing; and use after close, shown here. ' +
      'In a program with threads it is worse: another thread can open a file between your close() and your write().',
    rule:
      'A closed descriptor\'s variable must not keep its number: set it to -1 at once (a write to -1 fails with ' +
      'EBADF, loudly), or close it where it is last used and nowhere else. Give each descriptor one owner that closes ' +
      'it, and initialise descriptor variables to -1, never 0, so that a use before pipe() or open() fails too.',
    safeWay:
      'A FileHandle from fs/promises is an object that owns its descriptor. After close() it holds none (its fd is ' +
      '-1): a write through it is refused with EBADF ("file closed") and reaches no file, whatever number the next ' +
      'open() got. The twin shows both: the number is reused in Node too (the snapshots show results.csv given the ' +
      'log\'s number), yet the late write fails loudly, and the twin opens the log again to append its last line. ' +
      'Streams do the same: a write after end() is an ERR_STREAM_WRITE_AFTER_END error.',
    rust:
      'std::fs::File owns its descriptor (an OwnedFd since Rust 1.63\'s I/O safety): closing is dropping it, and the ' +
      'compiler rejects any use after the drop. os_pipe\'s PipeReader and PipeWriter, and Command\'s ChildStdin, are ' +
      'owned the same way. A bare RawFd (an i32) has the C problem, which is why APIs take BorrowedFd and OwnedFd.',
    today:
      'The lowest-number rule is POSIX and holds on every Linux; close_range() and O_CLOEXEC do nothing about it. ' +
      'Nor does Node: its FileHandle and streams protect you because they are objects, not because numbers are ' +
      'not reused.',
    tryNext: ['npx pitfalls show use-after-close', 'ls -l /proc/self/fd', 'npx pitfalls run sigchld-count'],
    references: [
      { title: 'open(2)', where: 'man 2 open', note: 'returns the lowest-numbered descriptor not currently open' },
      { title: 'close(2)', where: 'man 2 close', note: 'the number may be reused; closing from another thread races with reuse' },
      { title: 'pipe(2)', where: 'man 2 pipe' },
      { title: 'proc(5), /proc/PID/fd', where: 'man 5 proc' },
      {
        title: 'slide "Pipe — what could possibly go wrong?" (close() on the wrong values, use-before-pipe, use-after-close)',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Node.js 20 fs/promises FileHandle', where: 'https://nodejs.org/docs/latest-v20.x/api/fs.html#class-filehandle' },
      { title: 'Rust std::os::fd (OwnedFd, BorrowedFd; I/O safety, Rust 1.63)', where: 'https://doc.rust-lang.org/std/os/fd/index.html' },
    ],
  },
  practice: {
    solution: 'use-after-close.c',
    task: [
      'session.log must hold "log: session started" and, at the end, "log: 3 results written".',
      'results.csv must hold the three result rows, and nothing else.',
      'Keep the report("snapshot", ...) lines: they let the runner show /proc/PID/fd at those moments.',
    ],
    hints: [
      {
        text: 'A log line ended up in results.csv. Look at the descriptor numbers in the evidence: which number did results.csv get, and which variable still held that number?',
        when: { sign: 'misplaced-data' },
      },
      {
        text: 'open() returns the lowest free number, and close() frees it at once; the variable keeps the old number all the same. When is the program really done with the log?',
      },
      {
        text: 'The job still needs the last log line in session.log: removing the late write hides the bug but skips the job.',
        when: { jobPart: 'file' },
      },
    ],
  },
} satisfies LessonData;
