import type { LessonData } from '../../src/lesson.js';

export default {
  order: 130,
  title: 'exit() in a signal handler',
  summary: 'Ctrl-C, and the handler calls exit(): atexit handlers and the stdio flush run in the middle of a half-written record',
  broken: {
    builds: [
      { label: 'exit() in the handler', flags: [] },
      // _exit() runs nothing of the program: no half record, but no journal either, so the job is not
      // done (see the narration). `check` builds a learner's file the first way only.
      { label: '_exit() in the handler', flags: ['-DUSE__EXIT'], expect: 'inconclusive', check: false },
    ],
    // Ctrl-C travels the real path: the terminal turns it into SIGINT for the foreground process group.
    terminal: true,
    keystrokes: [{ afterReport: 'ready', data: '\x03' }],
    limits: { timeoutMs: 10000 },
  },
  safe: {
    terminal: true,
    keystrokes: [{ afterReport: 'ready', data: '\x03' }],
    limits: { timeoutMs: 12000 },
  },
  expectation: {
    job: 'write 50 records, each in two steps with 0.4 s of work between; on Ctrl-C, stop and save the journal',
    done: [
      { kind: 'output', pattern: 'record \\d+: (\\^C)?ok$', meaning: 'records written whole' },
      { kind: 'output', pattern: 'journal saved', meaning: 'the journal saved on the way out' },
    ],
    // Stopping on Ctrl-C is the job: by any exit code, or by SIGINT itself.
    ends: { codes: 'any', signals: ['SIGINT'] },
    signs: [
      {
        kind: 'output-matches',
        // A record whose second half is not "ok" (the terminal's own echo of ^C aside).
        pattern: 'record \\d+: (?!(\\^C)?ok$)',
        meaning: 'a record cut in two, finished by whatever ran at exit',
      },
    ],
  },
  narration: {
    why:
      'exit() is not a system call: it is the C library\'s way out. It calls every atexit() handler, flushes and ' +
      'closes every stdio stream, and only then asks the kernel to end the process. Called from a handler, it does ' +
      'all of that at whatever point the signal interrupted. Here the main code had put the first half of a record ' +
      '("record N: ") into the stdout buffer and was busy with its work; Ctrl-C ran exit(), the atexit handler appended ' +
      'its own line to the same buffer, and the flush wrote both: half a record, finished by the cleanup. Any cleanup that touches what ' +
      'the main code was changing (a list, a file, a lock held by the interrupted code) meets it half-changed, and ' +
      'neither atexit handlers nor stdio are async-signal-safe. _exit() is a system call and is on the ' +
      'async-signal-safe list: it runs none of the program\'s code, so nothing is half-done twice; but it flushes ' +
      'nothing either, so the half record and the journal line are simply lost.',
    rule:
      'In a handler, note the signal (set a volatile sig_atomic_t flag, or write a byte to a pipe) and return; leave ' +
      'from the main flow, at a point where your data is whole, with a normal exit(). If a handler must end the ' +
      'process at once, call _exit(), and accept that nothing is flushed or cleaned up.',
    safeWay:
      'process.on(\'SIGINT\', ...) only sets a flag; the main loop checks it after each whole record and calls ' +
      'process.exit(). The cleanup is an \'exit\' listener, and it runs in normal context, on the main thread, ' +
      'between two records. Node\'s listener never interrupts your code: libuv\'s real handler only writes to a pipe, ' +
      'and your listener runs later from the event loop.',
    rust:
      'The ctrlc crate (ctrlc::set_handler) runs your closure on a thread of its own, fed by a self-pipe; have it ' +
      'set an AtomicBool that the main loop checks. signal-hook\'s flag::register does exactly that, and its iterator ' +
      'module hands signals to ordinary code. Let main return, so Drop and stdout\'s flush run in order.',
    today:
      'The NET7212 slide calls its _exit() handler safe for very specific reasons, and that still holds: _exit() is ' +
      'async-signal-safe and the handler runs at most once. exit() in a handler is still not async-signal-safe ' +
      '(signal-safety(7)). glibc\'s stdio lock is recursive, so even a Ctrl-C inside printf() would not deadlock this ' +
      'single-threaded program; but what exit() flushes is whatever the interrupted code had left in the buffer.',
    tryNext: ['npx pitfalls show exit-in-handler', 'npx pitfalls run self-pipe'],
  },
  practice: {
    solution: 'exit-in-handler.c',
    task: [
      'On Ctrl-C, finish the record under way ("record N: ok"), then stop.',
      'Keep the atexit handler: "[atexit] journal saved" must print at the end.',
      'Keep report("ready", "1") in work(): Ctrl-C is typed once it is reported.',
    ],
    hints: [
      {
        text: 'A record was cut in two, the journal line glued to its first half: exit() ran the atexit handler and flushed stdout inside the handler, in the middle of the record. Where should the program leave from?',
        when: { sign: 'output-matches' },
      },
      {
        text: 'A handler should note the signal and return. What can it set that the main loop can check, safely, between two records?',
      },
      {
        text: 'The program went on writing records after Ctrl-C and ran out of time: the loop must check what the handler noted after each whole record, and stop.',
        when: { reason: 'timeout' },
      },
      {
        text: 'The journal must still be saved, and the records written whole. _exit() in the handler runs no atexit handler and flushes nothing: the journal line is lost.',
        when: { jobPart: 'output' },
      },
    ],
  },
} satisfies LessonData;
