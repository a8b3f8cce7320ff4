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
      // exit() while main is inside atexit(): glibc's exit-handlers lock is not recursive, and main holds
      // it, so the handler's exit() waits for ever. The work differs (it registers cleanups, and a slow
      // calloc() of the program's own puts Ctrl-C inside atexit()), so `check` does not build a learner's file this way.
      { label: 'exit() while main is in atexit()', flags: ['-DATEXIT_IN_WORK'], check: false },
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
      // exit() from the handler waiting for a lock the interrupted main code holds (the atexit() build).
      { kind: 'lock-without-owner' },
    ],
  },
  question: {
    ask: 'Ctrl-C comes while a record is half written, and the SIGINT handler calls exit(). What does that record look like?',
    observed: { kind: 'lines', pattern: 'record \\d+: (?!(\\^C)?ok$)', meaning: 'records cut in two' },
    choices: [
      { text: 'Whole: "record N: ok", then the program ends', matches: { is: 0 } },
      { text: 'Cut in two, finished by what exit() runs', matches: { atLeast: 1 } },
    ],
    why:
      'exit() runs the atexit() handlers and flushes stdio in the middle of whatever the main code was doing: the ' +
      'journal line lands inside the half-written record. A handler only sets a flag (or calls _exit()).',
  },
  narration: {
    why:
      'exit() is not a system call: it is the C library\'s way out. It calls every atexit() handler, flushes and ' +
      'closes every stdio stream, and only then asks the kernel to end the process. Called from a handler, it does ' +
      'all of that at whatever point the signal interrupted. Here the main code had put the first half of a record ' +
      '("record N: ") into the stdout buffer and was busy with its work; Ctrl-C ran exit(), the atexit handler appended ' +
      'its own line to the same buffer, and the flush wrote both: half a record, finished by the cleanup. Any cleanup that touches what ' +
      'the main code was changing (a list, a file, a lock held by the interrupted code) meets it half-changed, and ' +
      'neither atexit handlers nor stdio are async-signal-safe. exit() can even hang: it takes glibc\'s lock on the ' +
      'list of exit handlers, which is not recursive and which atexit() takes too, so a Ctrl-C that lands while the ' +
      'main code is inside atexit() leaves the handler\'s exit() waiting for a lock its own thread holds, for ever ' +
      '(on the machine this course was written on, glibc 2.36, a loop registering handlers hung 7 runs of 8 this way, ' +
      'single-threaded, asleep in a futex). The third build, "exit() while main is in atexit()", shows it every run: ' +
      'it brings a slow calloc() of its own, which glibc\'s atexit() calls while it holds that lock, so the Ctrl-C ' +
      'always lands inside. ' +
      '_exit() is a thin wrapper around the exit_group system call and is on the async-signal-safe list: it runs none ' +
      'of the program\'s code, so nothing is half-done twice; but it flushes nothing either, so the half record and ' +
      'the journal line are simply lost.',
    rule:
      'In a handler, note the signal (set a volatile sig_atomic_t flag, or write a byte to a pipe) and return; leave ' +
      'from the main flow, at a point where your data is whole, with a normal exit(). If a handler must end the ' +
      'process at once, call _exit(), and accept that nothing is flushed or cleaned up. A program that should look ' +
      'interrupted to its shell (so that a script running it stops too) ends, after its cleanup, by restoring ' +
      'SIGINT\'s default action and raising it again: the shell then sees it killed by SIGINT, where exit code 130 ' +
      'only imitates that.',
    safeWay:
      'process.on(\'SIGINT\', ...) only sets a flag; the main loop checks it after each whole record and calls ' +
      'process.exit(). The cleanup is an \'exit\' listener, and it runs in normal context, on the main thread, ' +
      'between two records. Node\'s listener never interrupts your code: libuv\'s real handler only writes to a pipe, ' +
      'and your listener runs later from the event loop. The twin leaves with code 130, the number a shell shows for ' +
      'a death by SIGINT; to die by SIGINT itself, remove the listener and process.kill(process.pid, \'SIGINT\').',
    rust:
      'The ctrlc crate (ctrlc::set_handler) runs your closure on a thread of its own, woken by its handler: through a ' +
      'self-pipe up to ctrlc 3.4, through a semaphore since 3.5 (2025: sem_post() in the handler, sem_wait() on the ' +
      'thread); have it ' +
      'set an AtomicBool that the main loop checks. signal-hook\'s flag::register does exactly that, and its iterator ' +
      'module hands signals to ordinary code. Let main return, so Drop and stdout\'s flush run in order.',
    today:
      'The NET7212 slide calls its _exit() handler safe for very specific reasons, and that still holds: _exit() is ' +
      'async-signal-safe and the handler runs at most once. exit() in a handler is still not async-signal-safe ' +
      '(signal-safety(7)). glibc\'s stdio lock is recursive, so a Ctrl-C inside printf() would not deadlock this ' +
      'single-threaded program on stdout\'s lock; but exit() takes locks that are not recursive (the exit-handlers ' +
      'lock, above), and what it flushes is whatever the interrupted code had left in the buffer.',
    tryNext: ['npx pitfalls show exit-in-handler', 'npx pitfalls run self-pipe'],
    references: [
      { title: 'exit(3)', where: 'man 3 exit', note: 'atexit handlers, then the stdio flush; MT-Unsafe race:exit' },
      { title: '_exit(2)', where: 'man 2 _exit', note: 'the glibc wrapper calls exit_group(2)' },
      { title: 'exit_group(2)', where: 'man 2 exit_group' },
      { title: 'atexit(3)', where: 'man 3 atexit' },
      { title: 'signal-safety(7)', where: 'man 7 signal-safety', note: '_exit is on the list; exit is not' },
      { title: 'sigaction(2)', where: 'man 2 sigaction' },
      {
        title: 'slide "Signal — what could possibly go wrong?" (exit_on_ctrl_c with _exit(1): "Yes, it is, but for very specific reasons")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'slide "Exit on ctrl+c" (exit(0) in the handler: "Looks good!")', where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)' },
      {
        title: 'glibc 2.36 stdlib/exit.c (__run_exit_handlers) and stdlib/cxa_atexit.c (__internal_atexit)',
        where: 'https://elixir.bootlin.com/glibc/glibc-2.36/source/stdlib/exit.c',
        note: 'both take __exit_funcs_lock, a plain (non-recursive) lock',
      },
      { title: 'ctrlc crate: the semaphore in place of the self-pipe (pull request 134)', where: 'https://github.com/Detegr/rust-ctrlc/pull/134' },
      { title: 'Node.js 20 process.exit() and the \'exit\' event', where: 'https://nodejs.org/docs/latest-v20.x/api/process.html#processexitcode' },
    ],
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
