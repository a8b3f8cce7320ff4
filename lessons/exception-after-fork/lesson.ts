import type { LessonData } from '../../src/lesson.js';

export default {
  order: 50,
  title: 'An exception between fork and exec (C++)',
  summary: 'exec fails in the child, which throws: the parent\'s handler catches it there, and two processes carry on as the parent',
  broken: { fixture: 'exception-after-fork.cc' },
  safe: {},
  expectation: {
    job: 'start a helper program (it is not installed), and carry on with the parent\'s work, once',
    done: [
      { kind: 'children', count: 1 },
      { kind: 'output', pattern: '^parent_work: pid (\\d+)', meaning: 'the parent\'s work done' },
    ],
    signs: [{ kind: 'work-done-elsewhere', pattern: '^parent_work: pid (\\d+)', times: 1, meaning: 'parent_work (the parent\'s work)' }],
  },
  views: ['process-tree'],
  intendedTree: { name: 'parent_work', children: [{ name: 'no-such-helper' }] },
  question: {
    ask: 'The child\'s exec fails and it throws; the parent\'s try/catch in main() is around the fork. How many processes will do parent_work?',
    observed: { kind: 'lines', pattern: '^parent_work: pid (\\d+)', distinct: true, meaning: 'processes that did parent_work' },
    choices: [
      { text: '1: the parent, as meant', matches: { is: 1 } },
      { text: '2: the parent, and the child that caught the exception', matches: { is: 2 } },
      { text: '0: the failed exec ends the program', matches: { is: 0 } },
    ],
    why:
      'The child has a copy of the parent\'s whole stack, handlers included: the exception unwinds it up to main()\'s ' +
      'catch, and the child carries on as the parent. Between fork() and exec() throw nothing; on failure, _exit().',
  },
  narration: {
    why:
      'A C++ exception unwinds the stack to the nearest handler that matches. In the child, between fork() and ' +
      'exec(), that stack is a copy of the parent\'s, so the nearest handler is one written for the parent: here ' +
      'main()\'s catch, which logs "could not start the helper" and carries on. The child that was to become the ' +
      'helper now does the parent\'s work as well: two processes carry on as "the parent" (two servers, two writers ' +
      'of the same file). The unwinding also runs the destructors of the parent\'s objects in the child, so ' +
      'whatever they clean up (temporary files, connections, buffers) is cleaned up twice. Reading create_child() ' +
      'alone, you cannot know who catches: the slide\'s dup2() failures, or a std::bad_alloc, do the same. ' +
      'This is the child-returns pitfall again, by another road.',
    rule:
      'Between fork() and exec() throw nothing and return nowhere: call only async-signal-safe functions, exec, ' +
      'and if the exec fails, report it to the parent (for example errno written to a close-on-exec pipe) and ' +
      'call _exit(127). Keep the child\'s side out of C++ that may throw.',
    safeWay:
      'child_process.spawn(): libuv\'s child (libuv 1.46 in Node 20) reports a failed exec by writing errno to a ' +
      'close-on-exec pipe and calling _exit(127); the parent turns it into an \'error\' event with code ENOENT. No ' +
      'child ever runs a line of your JavaScript.',
    rust:
      'Command::new("no-such-helper").spawn() returns Err with kind io::ErrorKind::NotFound, in the parent. On Linux ' +
      'with glibc the standard library starts the child with posix_spawnp and gets ENOENT back as its result; only ' +
      'when it must fork (a pre_exec closure, a uid or gid to set) does its child send the exec error back over a ' +
      'close-on-exec channel and _exit. Either way the child never unwinds into your code.',
    today:
      'In C and C++, posix_spawn() starts a program in one call, and glibc does not fork for it: it clones with ' +
      'CLONE_VM|CLONE_VFORK, a child that shares the parent\'s memory, on a stack of its own, and runs only glibc\'s ' +
      'code until the exec, while the parent waits. Since glibc 2.24 a failed exec\'s error, such as ENOENT, comes ' +
      'back to the parent as posix_spawn()\'s result; the child\'s side never runs your code.',
    tryNext: ['npx pitfalls show exception-after-fork', 'npx pitfalls run fork-with-threads'],
    references: [
      { title: 'fork(2)', where: 'man 2 fork' },
      { title: 'execve(2)', where: 'man 2 execve', note: 'returns only on failure, with errno (ENOENT)' },
      { title: '_exit(2)', where: 'man 2 _exit' },
      { title: 'posix_spawn(3)', where: 'man 3 posix_spawn', note: 'glibc: clone(CLONE_VM|CLONE_VFORK); the exec error as the result' },
      { title: 'clone(2), CLONE_VFORK', where: 'man 2 clone' },
      {
        title: 'slide "Fork — what could possibly go wrong? (cont.)" (createChild: "Same footgun as before, C++ style!")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      {
        title: 'libuv 1.46 src/unix/process.c, uv__process_child_init() and uv__write_int()',
        where: 'https://github.com/libuv/libuv/blob/v1.46.0/src/unix/process.c',
        note: 'errno through a close-on-exec pipe, then _exit(127) (Node 20)',
      },
      {
        title: 'Rust 1.95 library/std/src/sys/process/unix/unix.rs, Command::spawn and posix_spawn',
        where: 'https://github.com/rust-lang/rust/blob/1.95.0/library/std/src/sys/process/unix/unix.rs',
        note: 'posix_spawnp when it can (glibc 2.24 or later), else fork with an error channel',
      },
      {
        title: 'glibc 2.36 sysdeps/unix/sysv/linux/spawni.c',
        where: 'https://elixir.bootlin.com/glibc/glibc-2.36/source/sysdeps/unix/sysv/linux/spawni.c',
        note: 'the CLONE_VM|CLONE_VFORK child',
      },
    ],
  },
  practice: {
    solution: 'exception-after-fork.cc',
    task: [
      'Still try to start no-such-helper: its exec fails with ENOENT, every run.',
      'The parent does parent_work once; the child must never reach it.',
      'The child\'s exit code is yours to choose: 127 is the usual one.',
    ],
    hints: [
      {
        text: 'parent_work ran in two processes. Follow the exception thrown in the child: which catch block receives it, and in which process?',
        when: { sign: 'work-done-elsewhere' },
      },
      {
        text: 'Between fork() and exec() the child must not throw or return: every handler up its stack was written for the parent.',
      },
      {
        text: 'The job still starts the helper: keep the fork() and the exec attempt in a child of its own.',
        when: { jobPart: 'children' },
      },
      {
        text: 'When the exec fails, end the child right there, with a call that cannot be caught and unwinds nothing; the parent can learn of it from the exit status.',
      },
    ],
  },
} satisfies LessonData;
