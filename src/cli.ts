// The command line: declares the commands and delegates each to its module, loaded on demand.
import { readFileSync } from 'node:fs';
import { EXIT, PitfallsError } from './errors.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_CODES = `
Exit codes:
  0    every lesson behaved as taught (broken side manifested, safe side clean)
  1    a lesson did not behave as taught this run (the evidence says what was seen)
  2    usage error (unknown lesson, bad option)
  3    environment problem (not Linux, no C compiler, ...): run \`npx pitfalls doctor\`
  130  interrupted (Ctrl-C); every process of the run was killed and reaped`;

function examples(...lines: string[]): string {
  return `\nTry the following:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

let resultCode: number = EXIT.ok;

/** Wraps a command module's function: it runs on demand and its return value is the exit code. */
function delegate<A extends unknown[]>(load: () => Promise<(...args: A) => Promise<number>>) {
  return async (...args: A) => {
    resultCode = await (await load())(...args);
  };
}

/** Colour: --no-color, NO_COLOR and FORCE_COLOR are honoured before anything is printed. */
async function applyColour(enabled: boolean): Promise<void> {
  const noColorEnv = Boolean(process.env.NO_COLOR) && !process.env.FORCE_COLOR;
  if (!enabled || noColorEnv) {
    const { default: chalk } = await import('chalk');
    chalk.level = 0;
  }
}

/** The one place errors are caught: expected ones exit with their code, others ask for a report. */
async function main(): Promise<number> {
  // Start-up matters most for --version: answer it before loading the command-line library.
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    console.log(version);
    return EXIT.ok;
  }
  const commander = await import('commander');
  const program = declareProgram(commander);
  try {
    await program.parseAsync(process.argv);
    return resultCode;
  } catch (error) {
    if (error instanceof commander.CommanderError) {
      const shownHelp = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return shownHelp || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof PitfallsError) {
      console.error(`pitfalls: ${error.message}`);
      return error.exitCode;
    }
    console.error(`pitfalls: internal error: ${(error as Error).stack ?? String(error)}`);
    console.error('This is a bug in pitfalls, not in your machine: please report it with the lines above.');
    return 70;
  }
}

/** The commands, their options and help; each action loads its module only when it runs. */
function declareProgram({ Command, InvalidArgumentError, Option }: typeof import('commander')) {
  const parseTimeout = (value: string): number => {
    const seconds = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0) || seconds > 600) {
      throw new InvalidArgumentError('give a number of seconds between 0 and 600, e.g. --timeout 5.');
    }
    return seconds;
  };
  const program = new Command('pitfalls')
    .description('Watch the classic multiprocessing pitfalls of Unix system programming happen live, contained, with the safe way beside them.')
    .version(version)
    .option('--no-color', 'plain text, no colours (NO_COLOR and FORCE_COLOR are honoured too)')
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText('after', `${EXIT_CODES}\n${examples('npx pitfalls list', 'npx pitfalls run fork-bomb', 'npx pitfalls show sigchld-count', 'npx pitfalls doctor')}`);

  program.hook('preAction', async () => applyColour(program.opts().color !== false));

  program
    .command('list')
    .description('the lessons in teaching order')
    .option('--json', 'print the catalogue as JSON')
    .addHelpText('after', examples('npx pitfalls list', 'npx pitfalls list --json'))
    .action(delegate(async () => (await import('./commands/list.js')).list));

  program
    .command('run')
    .description('compile and run a lesson: the broken C and the safe TypeScript, contained, observed, judged, narrated')
    .argument('[lessons...]', 'lesson ids (see `pitfalls list`)')
    .option('--all', 'run every lesson, in teaching order')
    .option('--json', 'print one JSON document instead of prose')
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit for each side').argParser(parseTimeout))
    .addHelpText('after', `${EXIT_CODES}\n${examples('npx pitfalls run fork-bomb', 'npx pitfalls run sigchld-count printf-in-handler', 'npx pitfalls run --all --json > outcome.json', 'npx pitfalls run fork-bomb --timeout 3')}`)
    .action(delegate(async () => (await import('./commands/run.js')).run));

  const parseRuns = (value: string): number => {
    const runs = Number(value);
    if (!/^\d+$/.test(value.trim()) || runs < 1 || runs > 50) throw new InvalidArgumentError('give a whole number of runs from 1 to 50, e.g. --runs 3.');
    return runs;
  };
  program
    .command('check')
    .description('judge your own fix of a lesson\'s C program: built and run like the fixture, contained and observed; fixed, not fixed, or not judged')
    .argument('<lesson>', 'lesson id (see `pitfalls list`)')
    .argument('<file>', 'your C file (C++ for exception-after-fork)')
    .option('--json', 'print one JSON document instead of prose')
    .addOption(new Option('--runs <n>', 'run it n times and show every run (races show in some runs only)').argParser(parseRuns))
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit for each run').argParser(parseTimeout))
    .addHelpText('after', `
Answers (and exit codes):
  fixed       0  the job was done and the pitfall never showed, in every run
  not fixed   1  the pitfall showed: the evidence says where
  not judged  1  the job was not done, the program crashed, or it ended too soon: the reason and the next step
  compiler errors exit 1, as the compiler gives them; bad input (unknown lesson, missing file, ...) exits 2
${examples('cp "$(npm root)/pitfalls/fixtures/fork-bomb.c" . && $EDITOR fork-bomb.c', 'npx pitfalls check fork-bomb fork-bomb.c', 'npx pitfalls check sigchld-count my-count.c --runs 5', 'npx pitfalls check pipe-eof reader.c --json')}`)
    .action(delegate(async () => (await import('./commands/check.js')).check));

  program
    .command('show')
    .description('the broken C and the safe TypeScript side by side, the PITFALL lines marked')
    .argument('<lesson>', 'lesson id')
    .addHelpText('after', examples('npx pitfalls show fork-bomb', 'npx pitfalls show printf-in-handler | less -R'))
    .action(delegate(async () => (await import('./commands/show.js')).show));

  program
    .command('doctor')
    .description('check this machine: Linux and /proc, compilers, cache, node-pty, and the containment in force')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', examples('npx pitfalls doctor', 'CC=clang npx pitfalls doctor'))
    .action(delegate(async () => (await import('./commands/doctor.js')).doctor));

  return program;
}

process.exitCode = await main();
