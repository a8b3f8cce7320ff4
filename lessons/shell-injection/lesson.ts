import type { LessonData } from '../../src/lesson.js';

/** The name the user gives: the lesson's input, the same for both sides. */
const NAME = 'notes; touch pwned';

export default {
  order: 160,
  title: 'Shell injection: a command line built from data',
  summary: 'popen("tee " + name): the shell parses the name, and "notes; touch pwned" runs a program nobody asked for',
  // The shell is seen at once; watch on until the program ends, so what the shell ran is seen too.
  broken: { args: [NAME], watchAfterProofMs: 3000 },
  safe: { args: [NAME] },
  expectation: {
    job: `save three notes ("note N: ...") under the name the user gave (the first argument, here ${JSON.stringify(NAME)}) through tee, which also shows them`,
    done: [
      { kind: 'programs', count: 1, meaning: 'tee started (a process of the run exec\'d a program)' },
      { kind: 'file', name: NAME, pattern: '^note \\d+: ', atLeast: 3, meaning: 'the three notes saved under the name the user gave' },
    ],
    signs: [
      { kind: 'unmeant-program', programs: ['tee'] },
      { kind: 'unmeant-files', meant: [NAME] },
    ],
  },
  views: ['process-tree'],
  intendedTree: { name: 'program', children: [{ name: 'tee' }] },
  question: {
    ask: 'The notes are saved with popen("tee " + name), and the user names the file "notes; touch pwned". How many files will the run leave?',
    observed: { kind: 'files', meaning: 'files the run left' },
    choices: [
      { text: '1: a file with that odd name', matches: { is: 1 } },
      { text: '2: "notes", and "pwned" from a touch nobody asked for', matches: { atLeast: 2 } },
      { text: 'None: tee refuses the name', matches: { is: 0 } },
    ],
    why:
      'popen() hands the whole line to sh -c, and the shell parses the name: ";" ends one command and starts the ' +
      'next. Pass arguments as a list to a program (execvp, spawn without a shell), never pasted into a command line.',
  },
  narration: {
    why:
      'popen() and system() take one string and run it with /bin/sh -c: the shell splits it into words and acts on ' +
      'every ; | & $( ) ` > < and quote in it. Pasting a name into that string hands the name to the shell as code. ' +
      'Given "notes; touch pwned", the shell ran "tee notes" (a file called "notes", not the one the user named), then ' +
      'touch pwned: the process tree shows sh -c between the program and tee, the snapshot shows the command line the ' +
      'shell was handed, and the working directory shows what touch made. The program never failed: popen() did what ' +
      'it was asked. Any text from outside (a file name, a form field, a line read from a file) can carry such ' +
      'syntax, and quoting it by hand is easy to get wrong.',
    rule:
      'Do not build a command line from data: start the program itself with its arguments in an argv array (fork() and ' +
      'execvp(), or posix_spawnp()), so that each argument reaches it whole and no shell reads it. Put "--" before ' +
      'operands that come from outside, so that a name starting with "-" is not taken for an option. If you truly need ' +
      'a shell, pass the data as a positional parameter (sh -c \'tee -- "$1"\' sh "$name"), never inside the script.',
    safeWay:
      'spawn(\'tee\', [\'--\', name]) starts tee with no shell in between (spawn\'s shell option is off by default): ' +
      'the twin\'s snapshot shows one child whose argv is ["tee", "--", "notes; touch pwned"], the whole name one ' +
      'element, and the notes saved under exactly that name. exec() and spawn(..., { shell: true }) do run a shell: ' +
      'keep data out of them.',
    rust:
      'The lecture\'s Command builder: Command::new("tee").arg("--").arg(name), each arg one argv element, with "no ' +
      'implicit interpretation of magic shell characters". Hence its "(but still...)": separated arguments protect ' +
      'you from a shell only when no shell is involved. If the program you start is itself a shell (Command::new("sh") ' +
      '.arg("-c").arg(script) with data in the script), or parses its arguments into commands (ssh joins its arguments ' +
      'and the remote shell parses them; an option like --upload-pack or -exec runs a program), the injection comes back. ' +
      'On Windows a .bat or .cmd file runs under cmd.exe, which parses the whole command line again with its own rules: ' +
      'Rust\'s std escaped arguments for batch files insufficiently until 1.77.2 (CVE-2024-24576, April 2024), and Node.js ' +
      'fixed the same in spawn (CVE-2024-27980, April 2024): it now refuses a .bat or .cmd without shell: true (EINVAL).',
    today:
      'glibc still runs popen() and system() through /bin/sh -c (started with posix_spawn); on Debian /bin/sh is dash. ' +
      'The snapshot catches the shell\'s command line while tee runs; touch ends within a millisecond, so its own ' +
      'command line is rarely caught, but the kernel\'s exec events and the file it left show that it ran.',
    tryNext: ['npx pitfalls show shell-injection', 'sh -c \'printf "[%s]\\n" "$@"\' sh "notes; touch pwned"', 'npx pitfalls run fd-leak'],
    references: [
      { title: 'popen(3)', where: 'man 3 popen', note: 'the command is passed to /bin/sh using the -c flag' },
      { title: 'system(3)', where: 'man 3 system', note: 'runs the command with /bin/sh -c' },
      { title: 'execve(2)', where: 'man 2 execve', note: 'argv: each argument one string' },
      { title: 'posix_spawn(3)', where: 'man 3 posix_spawn' },
      { title: 'sh(1), dash: "Simple Commands" and the -c option', where: 'man 1 dash' },
      { title: 'proc(5), /proc/PID/cmdline', where: 'man 5 proc' },
      {
        title: 'slide "Command — command building" ("Arguments are well separated ... Mitigates shell injection risks (but still...)")',
        where: 'NET7212 Safe System Programming, "Multiprocessing pitfalls" (Tardieu, Zacchiroli; IP Paris, 2023-12-05)',
      },
      { title: 'Node.js 20 child_process.spawn(), the shell option', where: 'https://nodejs.org/docs/latest-v20.x/api/child_process.html#child_processspawncommand-args-options' },
      { title: 'Rust std::process::Command (Rust 1.95)', where: 'https://doc.rust-lang.org/1.95.0/std/process/struct.Command.html' },
      { title: 'Rust security advisory CVE-2024-24576 (batch files on Windows, fixed in 1.77.2)', where: 'https://blog.rust-lang.org/2024/04/09/cve-2024-24576.html' },
      { title: 'Node.js April 2024 security releases, CVE-2024-27980 (spawn and batch files on Windows)', where: 'https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2' },
    ],
  },
  practice: {
    solution: 'shell-injection.c',
    task: [
      'Save the three notes under exactly the name given as the first argument, through tee (which also shows them).',
      'Start tee and nothing else: no shell, no other program.',
    ],
    hints: [
      {
        text: 'Look at the process tree in the evidence: between your program and tee there is sh, and the command line it was handed. Who split the name into words?',
        when: { sign: 'unmeant-program' },
      },
      {
        text: 'The working directory holds files nobody asked for: the shell read ";" in the name as the end of one command and the start of the next.',
        when: { sign: 'unmeant-files' },
      },
      {
        text: 'popen() and system() always go through /bin/sh -c. Start tee yourself, with its arguments as an array: each one reaches it whole.',
      },
      {
        text: 'The job is still to start tee and save the notes under the given name: writing the file yourself skips the job.',
        when: { jobPart: 'programs' },
      },
    ],
  },
} satisfies LessonData;
