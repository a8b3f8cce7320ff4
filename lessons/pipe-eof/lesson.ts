import type { LessonData } from '../../src/lesson.js';

export default {
  order: 70,
  title: 'Pipe EOF: the reader holds a write end',
  summary: 'read() until EOF while a write end is still open (here, in the reader itself): EOF never comes',
  broken: {},
  safe: {},
  expectation: {
    job: 'read everything a child writes into a pipe, until EOF, then reap the child',
    done: [
      { kind: 'children', count: 1, exitCode: 0 },
      { kind: 'reaped' },
      { kind: 'output', pattern: 'read (\\d+) bytes, then EOF', min: 1, meaning: 'the bytes read, then EOF' },
    ],
    signs: [{ kind: 'pipe-deadlock' }],
  },
  views: ['pipe-ends'],
  question: {
    ask: 'The child writes 3 lines into the pipe, closes its end and exits. What does the reader print after the last line?',
    observed: { kind: 'lines', pattern: 'then EOF', meaning: 'lines "read N bytes, then EOF" printed' },
    choices: [
      { text: '"read 66 bytes, then EOF", and it ends', matches: { atLeast: 1 } },
      { text: 'Nothing: its read() never returns 0', matches: { is: 0 } },
    ],
    why:
      'read() returns 0 (EOF) only once every write end of the pipe is closed, and the reader still holds one itself: ' +
      'the one fork() copied. Close the end you do not use, in each process, right after fork().',
  },
  narration: {
    why:
      'read() on an empty pipe returns 0, the end of file, only when no write end of that pipe is open anywhere, in ' +
      'any process; while one is, read() sleeps, waiting for data that might still come. pipe() gave the parent both ' +
      'ends, and fork() copied both into the child: two processes, four descriptors, two of them write ends. The ' +
      'child closed its copy and exited, but the parent never closed its own fds[1], so the pipe still has a writer: ' +
      'the reader itself, which will never write because it is waiting to read. This is the first deadlock of the ' +
      'lecture: a single writer that forgets to close is enough to block every reader for ever. The child meanwhile ' +
      'stays a zombie, since the waitpid() comes after the loop; a zombie holds no descriptors, which is why only ' +
      'the parent appears at both ends in the picture.',
    rule:
      'Right after fork(), each process closes the pipe ends it does not use: the reader closes the write end, the ' +
      'writer closes the read end, and the writer closes its own end when it is done. Count the write ends: EOF comes ' +
      'when the last one is closed, wherever it is. Better, let a library make the pipe and hand out the ends.',
    safeWay:
      'spawn(program, args, { stdio: [\'ignore\', \'pipe\', \'inherit\'] }) makes the channel, gives the child its end ' +
      'as fd 1, and keeps only the reading end in the parent, close-on-exec. (It closes nothing else in the child: ' +
      'what libuv opens is close-on-exec, and Node marks the descriptors it inherited close-on-exec at start-up, fds 0 ' +
      'to 15 and on up to the first closed one; a descriptor beyond those, or one that native code opened without the ' +
      'flag, still reaches the child.) child.stdout emits ' +
      '\'end\' once every copy of the child\'s stdout is closed: when it exits, unless it passed that stdout on to a ' +
      'process of its own that lives on. On Linux libuv makes that ' +
      'channel a UNIX socket pair rather than a pipe; the end-of-file rule is the same, which is why the twin\'s ' +
      'picture shows sockets.',
    rust:
      'Command::new(program).stdout(Stdio::piped()).output() reads to EOF and waits, and the parent never holds ' +
      'the child\'s write end. With a pipe of your own (os_pipe::pipe(), or std::io::pipe() since Rust 1.87), drop ' +
      'the writer, and the Command that holds a copy of it, before you read: os_pipe\'s documentation names a ' +
      'forgotten writer as the first cause of pipe deadlocks. duct\'s cmd!(...).read() does all of it for you.',
    today:
      'Unchanged on today\'s Linux. The name of the wait differs between kernels: recent kernels sleep in ' +
      'anon_pipe_read, older ones in pipe_read; either way /proc/PID/wchan shows the reader asleep in the pipe with no ' +
      'CPU used.',
    tryNext: ['npx pitfalls show pipe-eof', 'ls -l /proc/self/fd', 'npx pitfalls run pipe-full'],
    references: [
      { title: 'pipe(7)', where: 'man 7 pipe', note: 'read() returns 0 only once every write end is closed' },
      { title: 'pipe(2)', where: 'man 2 pipe' },
      { title: 'close(2)', where: 'man 2 close' },
      { title: 'proc(5), /proc/PID/fd and /proc/PID/wchan', where: 'man 5 proc' },
      { title: 'slide "Pipe — redux" (after pipe(), after fork(), after closing unused FDs)', where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)' },
      {
        title: 'slide "Pipe — what could possibly go wrong? (cont.)", deadlock scenario #1 ("a single writer to forget to close")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'libuv 1.46 src/unix/process.c (stdio \'pipe\' is a close-on-exec socket pair) and src/unix/core.c, uv_disable_stdio_inheritance()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/core.c',
        note: 'fds 0 to 15 marked close-on-exec, then on until the first error; Node 20 calls it at start-up',
      },
      { title: 'Node.js 20 child_process, options.stdio', where: 'https://nodejs.org/docs/latest-v20.x/api/child_process.html#optionsstdio' },
      { title: 'Rust std::process::Stdio (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Stdio.html' },
      { title: 'os_pipe crate', where: 'https://docs.rs/os_pipe', note: 'a forgotten writer as the first cause of pipe deadlocks' },
    ],
  },
  practice: {
    solution: 'pipe-eof.c',
    task: [
      'Keep the last line: "read N bytes, then EOF", N the bytes the child wrote.',
      'Read until read() returns 0, as now: do not stop after the third line.',
    ],
    hints: [
      {
        text: 'The reader sleeps in read(), waiting for an EOF that does not come. read() returns 0 only when no write end of the pipe is open anywhere: who still holds one?',
        when: { sign: 'pipe-deadlock' },
      },
      {
        text: 'pipe() gave the parent both ends, and fork() copied both into the child. The child closes the end it does not use: does the parent?',
      },
      {
        text: 'The job is still a child that writes its lines and exits 0, the parent reading them all ("read N bytes, then EOF", N at least 1), then reaping the child.',
        when: { reason: 'job-not-done' },
      },
      {
        text: 'Count the write ends still open once the child has exited. Each process should close, right after fork(), the ends it does not use.',
      },
    ],
  },
} satisfies LessonData;
