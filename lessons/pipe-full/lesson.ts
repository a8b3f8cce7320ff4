import type { LessonData } from '../../src/lesson.js';

export default {
  order: 80,
  title: 'Pipe full: both sides write first',
  summary: 'two processes each write more than a pipe holds before reading: both block in write(), for ever',
  broken: {},
  safe: {},
  expectation: {
    job: 'two processes each send the other more than a pipe holds, and each reads what the other sent',
    done: [
      { kind: 'children', count: 1, exitCode: 0 },
      { kind: 'output', pattern: '^A received (\\d+) bytes', min: 131072, meaning: 'A receiving all that B sent' },
      { kind: 'output', pattern: '^B received (\\d+) bytes', min: 131072, meaning: 'B receiving all that A sent' },
    ],
    signs: [{ kind: 'pipe-deadlock', processes: 2 }],
  },
  views: ['pipe-ends'],
  question: {
    ask: 'Two processes each write more than a pipe holds (64 KiB) to the other, and only then read. Will the exchange finish?',
    observed: { kind: 'end' },
    choices: [
      { text: 'Yes: the kernel buffers what is written until it is read', matches: { is: 'exited' } },
      { text: 'No: both block in write(), each waiting for the other to read', matches: { is: 'running' } },
      { text: 'A write fails, and the program is killed by SIGPIPE', matches: { is: 'killed' } },
    ],
    why:
      'A pipe holds a fixed amount (64 KiB here); write() to a full pipe blocks until someone reads. Both write first, ' +
      'so both pipes fill and nobody reads. Read and write at once: poll(), a thread per direction, or an event loop.',
  },
  narration: {
    why:
      'A pipe is a buffer in the kernel, 64 KiB by default on Linux (16 pages of 4 KiB). write() to a full pipe sleeps until ' +
      'the reader takes something out. Here A and B each send the other twice that, 128 KiB, through a pipe of its own, and each ' +
      'writes all of it before reading anything. Each pipe fills after 64 KiB (each write is 4096 bytes, PIPE_BUF, ' +
      'so each lands whole, one page of the pipe): A waits for B to read, B waits for A to read, and neither ever ' +
      'reads. This is the second deadlock of the lecture. It hides while messages are small: both sides sending 60 KiB ' +
      'would fit in the pipes and pass every test, and the first bigger input hangs.',
    rule:
      'Never let both sides of a two-way channel block in write() at once. Read and write at the same time: ' +
      'non-blocking descriptors with poll(), a thread for one direction, or an event loop. Or bound what one side ' +
      'writes before it reads to less than the buffer, for certain, and remember that only writes of at most ' +
      'PIPE_BUF (4096 bytes) are atomic: bigger ones may be split and interleaved with other writers.',
    safeWay:
      'The child\'s streams never block the process. b.stdin.write() hands the data to libuv, which writes what the kernel takes ' +
      'and queues the rest; write() returns false once the queue passes its highWaterMark, and the twin waits for ' +
      '\'drain\' before writing on (stream.pipeline() does that for you). All the while the event loop reads ' +
      'b.stdout, so each side drains the other: the twin sends 4 MiB each way, 64 times what a pipe holds, and its ' +
      'output counts the \'drain\' waits. (Node\'s stdio \'pipe\' is a UNIX socket pair on Linux, with buffers of ' +
      'its own size; the streams do not depend on it. process.stdout is another matter: Node writes it synchronously ' +
      'when it is a file or a terminal, asynchronously when it is a pipe or a socket, as here in B.)',
    rust:
      'std\'s documentation warns that writing more than a pipe buffer to a child\'s stdin without reading its stdout ' +
      'at the same time may deadlock, and its example writes stdin from a thread of its own while ' +
      'child.wait_with_output() reads stdout and stderr together. duct\'s stdin_bytes() feeds the input from a ' +
      'background thread while .read() collects the output.',
    today:
      'Unchanged. fcntl(fd, F_GETPIPE_SZ) reads a pipe\'s capacity (the program reports it, and sends twice that) and ' +
      'F_SETPIPE_SZ can raise it, without privilege up to /proc/sys/fs/pipe-max-size (1 MiB by default): that only moves the size at ' +
      'which the deadlock starts. Recent kernels name the wait anon_pipe_write, older ones pipe_write.',
    tryNext: ['npx pitfalls show pipe-full', 'cat /proc/sys/fs/pipe-max-size', 'npx pitfalls run fd-leak'],
    references: [
      { title: 'pipe(7)', where: 'man 7 pipe', note: 'capacity 65536 bytes since Linux 2.6.11; PIPE_BUF and atomic writes; /proc/sys/fs/pipe-max-size' },
      { title: 'fcntl(2), F_GETPIPE_SZ and F_SETPIPE_SZ', where: 'man 2 fcntl' },
      { title: 'write(2)', where: 'man 2 write', note: 'blocks on a full pipe' },
      { title: 'poll(2)', where: 'man 2 poll' },
      {
        title: 'slide "Pipe — what could possibly go wrong? (cont.)", deadlock scenario #2 (A fills A2B while B fills B2A)',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Node.js 20 stream: writable.write() and \'drain\'', where: 'https://nodejs.org/docs/latest-v20.x/api/stream.html#writablewritechunk-encoding-callback' },
      { title: 'Node.js 20 process: "A note on process I/O"', where: 'https://nodejs.org/docs/latest-v20.x/api/process.html#a-note-on-process-io', note: 'stdout synchronous to files and terminals, asynchronous to pipes on POSIX' },
      { title: 'Rust std::process, "Handling I/O" (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/index.html#handling-io', note: 'the deadlock warning; stdin written from a thread' },
      { title: 'duct crate, Expression::stdin_bytes', where: 'https://docs.rs/duct' },
    ],
  },
  practice: {
    solution: 'pipe-full.c',
    task: [
      'Each side still sends twice the pipe\'s capacity (128 KiB) and reads all.',
      'Keep "A received N bytes" and "B received N bytes", N at least 131072.',
      'Keep report_written() before each write(): it says how far a side got.',
    ],
    hints: [
      {
        text: 'Both processes sleep in write(): each pipe is full, and the only reader of each is the other process, which is writing too.',
        when: { sign: 'pipe-deadlock' },
      },
      {
        text: 'A pipe holds 64 KiB by default. While a side sits in a blocking write() it reads nothing, so the pipe it should read fills up too.',
      },
      {
        text: 'Let a side read and write at the same time: poll() on both descriptors with a non-blocking write end, or a thread for one direction.',
      },
      {
        text: 'The job is still two processes, A and its child B, each receiving all the other sent, 131072 bytes or more: sending less than a pipe holds hides the bug, it does not fix it.',
        when: { reason: 'job-not-done' },
      },
    ],
  },
} satisfies LessonData;
