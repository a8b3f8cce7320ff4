import type { LessonData } from '../../src/lesson.js';

export default {
  order: 40,
  title: 'The child returns instead of calling _exit()',
  summary: 'the child returns into its caller and runs code meant for the parent only: save_results runs twice',
  broken: {},
  safe: {},
  expectation: {
    job: 'say hello from a child process, wait for it, then save the results once, in the parent',
    done: [
      { kind: 'children', count: 1 },
      { kind: 'output', pattern: '^say_hello: pid (\\d+)', meaning: 'the child saying hello' },
      { kind: 'output', pattern: '^save_results: pid (\\d+)', meaning: 'the results saved' },
    ],
    // Each job prints the pid of the process that does it: the parent's code run by another pid is the pitfall.
    signs: [{ kind: 'work-done-elsewhere', pattern: '^save_results: pid (\\d+)', times: 1, meaning: 'save_results (code meant for the parent only)' }],
  },
  views: ['process-tree'],
  intendedTree: { name: 'save_results', children: [{ name: 'say_hello' }] },
  question: {
    ask: 'The child says hello and then returns from its function instead of calling _exit(). How many processes will print "save_results"?',
    observed: { kind: 'lines', pattern: '^save_results: pid (\\d+)', distinct: true, meaning: 'processes that printed save_results' },
    choices: [
      { text: '1: the parent, as meant', matches: { is: 1 } },
      { text: '2: the parent and the child', matches: { is: 2 } },
      { text: '0: returning ends the child, and the parent is told so', matches: { is: 0 } },
    ],
    why:
      'After fork() the child runs the same code with a copy of the same stack: returning takes it back into main(), ' +
      'past the fork, into the code meant for the parent. A child ends with _exit(), never by returning.',
  },
  narration: {
    why:
      'fork() copies the calling process, its call stack included: the child starts inside ' +
      'create_child_and_say_hello(), with main()\'s frame below it. When its branch ends with return, the child ' +
      'goes back into main() and carries on with the next line, which was written for the parent: save_results() ' +
      'runs in the child, then again in the parent once its waitpid() returns. Nothing in the function shows it: ' +
      'what runs after the return depends on every caller, which is the non-local reasoning the lecture warns about. ' +
      'And when the child finally returns from main() it calls exit(), which runs atexit handlers and flushes the ' +
      'stdio buffers it copied from the parent, so output written before the fork() can come out twice.',
    rule:
      'End the child\'s branch with _exit(), never with return or exit(): if (pid == 0) { say_hello(); _exit(0); }. ' +
      'Better, exec a separate program there and call _exit(127) right after, in case the exec failed.',
    safeWay:
      'child_process.spawn() starts a separate program: the child has no copy of the parent\'s stack to return ' +
      'into, and the code after the \'exit\' event runs in the parent only.',
    rust:
      'Command::new(program).status() (or .spawn() then .wait()): starting the program and its error path are done ' +
      'inside the standard library (on Linux with glibc by posix_spawnp, not by a fork that returns into your code), ' +
      'and the Rust code after the call runs in the parent only.',
    tryNext: ['npx pitfalls show child-returns', 'npx pitfalls run exception-after-fork'],
    references: [
      { title: 'fork(2)', where: 'man 2 fork', note: 'the child is a copy of the calling process, its stack included' },
      { title: '_exit(2)', where: 'man 2 _exit', note: 'ends the process at once: no atexit handlers, no stdio flush' },
      { title: 'exit(3)', where: 'man 3 exit', note: 'runs atexit handlers and flushes stdio' },
      {
        title: 'slide "Fork — what could possibly go wrong? (cont.)" (createChildAndSayHello: "return-s ... instead of exit-ing")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Rust std::process::Command::status (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Command.html#method.status' },
    ],
  },
  practice: {
    solution: 'child-returns.c',
    task: [
      'Keep both lines: say_hello from the child, then save_results once.',
      'Each job prints the pid that ran it: the judge tells who did what by it.',
    ],
    hints: [
      {
        text: 'save_results printed a pid that is not the parent\'s: the child ran code after create_child_and_say_hello() returned. How did it get there?',
        when: { sign: 'work-done-elsewhere' },
      },
      {
        text: 'After fork() the child has a copy of the whole call stack, main() included. A return in the child goes back into main(), to the parent\'s next line.',
      },
      {
        text: 'Both lines are part of the job: the child must still say hello, and the parent must still save the results.',
        when: { jobPart: 'output' },
      },
      {
        text: 'End the child\'s branch with a call that never returns and skips exit()\'s atexit handlers and stdio flush: see `man 2 _exit`.',
      },
    ],
  },
} satisfies LessonData;
