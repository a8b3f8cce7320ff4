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
      'as fd 1 and nothing else, and keeps only the reading end in the parent, close-on-exec. child.stdout emits ' +
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
      'Unchanged on today\'s Linux. The name of the wait differs between kernels: 6.18 sleeps in anon_pipe_read, ' +
      'older kernels in pipe_read; either way /proc/PID/wchan shows the reader asleep in the pipe with no CPU used.',
    tryNext: ['npx pitfalls show pipe-eof', 'ls -l /proc/self/fd', 'npx pitfalls run pipe-full'],
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
