import type { LessonData } from '../../src/lesson.js';

export default {
  order: 30,
  title: 'Double fork: two fork() calls in a row',
  summary: 'the first child runs the second fork() too: four processes where three were meant, do_stuff1 twice',
  broken: {},
  safe: {},
  expectation: {
    job: 'run do_stuff1 and do_stuff2, each once, each in a child of its own, and wait for both',
    done: [{ kind: 'children', count: 2, exitCode: 0 }, { kind: 'reaped' }],
    // The tree's shape, not the names the jobs give themselves: a child that forks is the pitfall.
    signs: [{ kind: 'extra-processes', needed: 3 }],
  },
  views: ['process-tree'],
  intendedTree: { name: 'main', children: [{ name: 'do_stuff1' }, { name: 'do_stuff2' }] },
  question: {
    ask: 'The program forks a child for do_stuff1, then a child for do_stuff2. How many processes will the run have, the program included?',
    observed: { kind: 'figure' },
    choices: [
      { text: '3: the program and a child for each job', matches: { is: 3 } },
      { text: '4: the first child forks the second child too', matches: { is: 4 } },
      { text: '5 or more', matches: { atLeast: 5 } },
    ],
    why:
      'The first child comes back from do_stuff1 and carries on down main(), as its parent does: it reaches the second ' +
      'fork() and makes a child of its own, which runs do_stuff2 again. End each child in its own branch with _exit().',
  },
  narration: {
    why:
      'fork() returns in both processes, and both carry on from the same line. After pid1 = fork() there are two ' +
      'processes, and both run pid2 = fork(): four come out of it. The parent has pid1 and pid2 set to its two ' +
      'children; the first child has pid1 == 0 and pid2 set to a grandchild; the second child has pid2 == 0; ' +
      'the grandchild has both at 0. The test pid1 == 0 is true in the first child and in the grandchild, so ' +
      'do_stuff1 runs twice. Nobody waits for the grandchild either: its parent returns without a wait, and the ' +
      'orphan passes to the nearest subreaper of its PID namespace, else to that namespace\'s PID 1, which reaps it ' +
      '(here, where the kernel gives the run a PID namespace of its own, PID 1 is a small init of the runner\'s, ' +
      'so getppid() in the orphan returns 1, as in the textbook; without one, the runner\'s supervisor, a ' +
      'subreaper, adopts it). Each fork() line looks ' +
      'right on its own; the bug is in how they combine, which is the non-local reasoning the lecture warns about. ' +
      'Put the two lines in a loop and every process runs both fork() calls each round: the processes multiply by ' +
      'four every round (1, 4, 16, 64), a fork bomb.',
    rule:
      'Give each child its own branch right after its fork(), and end it there: do the job (better: exec a ' +
      'separate program) and call _exit(), before the parent reaches the next fork(). ' +
      'if ((pid1 = fork()) == 0) { do_stuff1(); _exit(0); } then the same for pid2, then wait for both.',
    safeWay:
      'Two child_process.spawn() calls. spawn() returns only in the parent, with a handle; the child starts a ' +
      'separate program from its first line, so it can never reach the parent\'s next spawn(). Each child\'s ' +
      '\'exit\' event says it was reaped.',
    rust:
      'let mut first = Command::new(program).arg("1").spawn()?; let mut second = Command::new(program).arg("2").spawn()?; ' +
      'then first.wait()? and second.wait()?. spawn() returns only in the parent; wait() reaps.',
    tryNext: ['npx pitfalls show double-fork', 'ps -eo pid,ppid,stat,comm --forest', 'npx pitfalls run child-returns'],
    references: [
      { title: 'fork(2)', where: 'man 2 fork', note: 'the child carries on from the same point, with 0 returned' },
      { title: 'wait(2)', where: 'man 2 wait' },
      { title: 'prctl(2), PR_SET_CHILD_SUBREAPER', where: 'man 2 prctl', note: 'where the orphaned grandchild goes' },
      { title: 'pid_namespaces(7)', where: 'man 7 pid_namespaces', note: 'the namespace\'s init adopts its orphans' },
      {
        title: 'slide "Fork — what could possibly go wrong? (cont.)" (pid1 = fork(); pid2 = fork(): "4 processes, rather than 3")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Node.js 20 child_process.spawn()', where: 'https://nodejs.org/docs/latest-v20.x/api/child_process.html#child_processspawncommand-args-options' },
      { title: 'Rust std::process::Command::spawn (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Command.html#method.spawn' },
    ],
  },
  practice: {
    solution: 'double-fork.c',
    task: [
      'Keep do_stuff1() and do_stuff2(): each names its process and prints a line.',
      'Three processes in all: the parent and its two children, none forking.',
    ],
    hints: [
      {
        text: 'Count the processes after each fork() line. Which processes reach the second fork()?',
        when: { sign: 'extra-processes' },
      },
      {
        text: 'Give each child its own branch right after its fork(), and end the child there, before anyone but the parent reaches the next fork().',
      },
      {
        text: 'The job is two children, one per job, each exiting 0: both jobs in one child, or one of them in the parent, is not the shape meant.',
        when: { jobPart: 'children' },
      },
      {
        text: 'Every child must be waited for by the process that forked it: an orphan that the supervisor had to reap means a wait is missing.',
        when: { jobPart: 'reaped' },
      },
    ],
  },
} satisfies LessonData;
