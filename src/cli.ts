// The command line: declares the commands and delegates each to its module, loaded on demand.
import { readFileSync } from 'node:fs';
import { EXIT, PitfallsError } from './errors.js';
import { helpOutput } from './render/help.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const EXIT_CODES = `
Exit codes:
  0    every lesson behaved as taught (broken side manifested, safe side clean)
  1    a lesson did not behave as taught this run (the evidence says what was seen)
  2    usage error (unknown lesson, bad option)
  3    environment problem (not Linux, no C compiler, no usable cache, ...; or run --all skipped a lesson
       for want of g++): run \`npx pitfalls doctor\`
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
    // No arguments at a terminal: the menu of lessons. Through a pipe, the help, on stdout: nothing was asked amiss.
    if (args.length === 0) {
      if (!(process.stdin.isTTY && process.stdout.isTTY)) {
        program.outputHelp();
        return EXIT.ok;
      }
      await applyColour(true);
      (await import('./paths.js')).useUsableTempDir();
      return await (await import('./commands/menu.js')).menu();
    }
    await program.parseAsync(process.argv);
    return resultCode;
  } catch (error) {
    if (error instanceof commander.CommanderError) {
      const shownHelp = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      if (shownHelp || error.exitCode === 0) return EXIT.ok;
      console.error(await fittedError(`pitfalls: ${usageMessage(error.code, commanderSaid || error.message, args, program)}`));
      return EXIT.usage;
    }
    if (error instanceof PitfallsError) {
      console.error(await fittedError(`pitfalls: ${error.message}`));
      return error.exitCode;
    }
    console.error(`pitfalls: internal error: ${(error as Error).stack ?? String(error)}`);
    console.error('This is a bug in pitfalls, not in your machine: please report it with the lines above.');
    return 70;
  }
}

/**
 * An error message within the width (stderr's terminal, else COLUMNS, else 80), at word boundaries,
 * commands kept whole.
 */
async function fittedError(message: string): Promise<string> {
  const { terminalWidth, wrap } = await import('./render/text.js');
  return message.split('\n').flatMap((line) => wrap(line, terminalWidth(process.stderr), '  ')).join('\n');
}

/** What commander said of the last command-line error, kept to be said again in pitfalls' own voice. */
let commanderSaid = '';

type Program = ReturnType<typeof declareProgram>;

/**
 * A command-line error in pitfalls' voice, with the next step: commander's codes and its own text
 * (what was wrong, its "did you mean"), and the command the arguments name (for its --help).
 */
function usageMessage(code: string, said: string, args: string[], program: Program): string {
  const text = said.replace(/^error: /, '').trim();
  const firstLine = text.split('\n')[0];
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(text)?.[1];
  const didYouMean = suggestion ? ` (Did you mean ${suggestion}?)` : '';
  // The command the words name: `run`, or `dev check`.
  const words = args.filter((a) => !a.startsWith('-'));
  const top = program.commands.find((c) => c.name() === words[0]);
  const sub = top?.commands.find((c) => c.name() === words[1]);
  const command = [top?.name(), sub?.name()].filter(Boolean).join(' ');
  const help = command ? `\`npx pitfalls ${command} --help\`` : '`npx pitfalls --help`';
  switch (code) {
    case 'commander.unknownOption':
      return `${firstLine.replace(/\.$/, '')}${didYouMean}. See the options of ${command ? `\`pitfalls ${command}\`` : 'pitfalls'}: ${help}.`;
    case 'commander.unknownCommand':
      return command
        ? `${firstLine.replace(/\.$/, '')}${didYouMean}. The commands of \`pitfalls ${command}\`: ${help}.`
        : `${firstLine.replace(/\.$/, '')}${didYouMean}. The commands: \`npx pitfalls --help\`; to start: \`npx pitfalls run fork-bomb\`.`;
    case 'commander.missingArgument': {
      const name = /argument '(.+?)'/.exec(firstLine)?.[1] ?? 'argument';
      const example = name === 'lesson' ? `\`npx pitfalls ${command} fork-bomb${command === 'check' ? ' my-fork-bomb.c' : ''}\`` : name === 'file' ? '`npx pitfalls check fork-bomb my-fork-bomb.c`' : help;
      return `which ${name}? e.g. ${example}${name === 'lesson' ? '; `npx pitfalls list` shows them all' : ''}.`;
    }
    case 'commander.excessArguments':
      return `${firstLine.replace(/\.$/, '')}. See ${help}.`;
    case 'commander.invalidArgument':
    case 'commander.optionMissingArgument': {
      // "option '--timeout <seconds>' argument 'abc' is invalid. give ..." -> "--timeout abc: give ..."
      const option = /option '(--?[\w-]+)/.exec(firstLine)?.[1];
      const value = /argument '(.*?)' is invalid/.exec(firstLine)?.[1];
      const advice = firstLine.includes('is invalid. ') ? firstLine.slice(firstLine.indexOf('is invalid. ') + 'is invalid. '.length) : `it needs a value. See ${help}.`;
      return option ? `${option}${value !== undefined ? ` ${value}` : ''}: ${advice}` : `${firstLine}. See ${help}.`;
    }
    default:
      return `${firstLine.replace(/\.$/, '')}. See ${help}.`;
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
    .option('--lessons <dir>', 'also the lessons kept in this folder of lesson folders (as PITFALLS_LESSONS adds them)')
    .showSuggestionAfterError()
    .exitOverride()
    // Errors are said once, in pitfalls' voice with a next step, by main(); help still prints as commander gives it.
    // Help fits the terminal: commander's columns at its width, our added text wrapped to it.
    .configureOutput({ outputError: (text) => (commanderSaid = text), ...helpOutput() })
    .addHelpText('after', `${EXIT_CODES}\n${examples('npx pitfalls list', 'npx pitfalls run fork-bomb', 'npx pitfalls show sigchld-count', 'npx pitfalls doctor')}`);

  program.hook('preAction', async (_, action) => {
    await applyColour(program.opts().color !== false);
    // --lessons DIR: the same as PITFALLS_LESSONS=DIR, before any entry the variable already has.
    const lessonsDir = program.opts().lessons as string | undefined;
    if (lessonsDir !== undefined) (await import('./classroom/lessons-option.js')).addLessonsFolder(lessonsDir);
    // Commands that build and run programs need a temp folder they can run from: TMPDIR, or a fallback said in one line.
    if (['run', 'check', 'practice'].includes(action.name())) (await import('./paths.js')).useUsableTempDir();
  });

  program
    .command('list')
    .description('the lessons in teaching order')
    .option('--json', 'print the catalogue as JSON')
    .addHelpText('after', examples('npx pitfalls list', 'npx pitfalls list --json'))
    .action(delegate(async () => (await import('./commands/list.js')).list));

  program
    .command('run')
    .description('compile and run a lesson: the broken C and the safe TypeScript, contained, observed, judged, narrated')
    .argument('[lessons...]', 'lesson ids, or their numbers in `pitfalls list` (run 3)')
    .option('--all', 'run every lesson, in teaching order')
    .option('--brief', 'one screen per lesson (80x24, a projector): the verdict, evidence, pictures, the rule, the summary')
    .option('--full', 'the whole story (what happened, why, the safe way, ...) even on a terminal smaller than 100x30')
    .option('--json', 'print one JSON document instead of prose')
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit for each side').argParser(parseTimeout))
    .option('--slide', 'run the lecture\'s own program (lessons/<id>/slide.c) as the broken side, in place of the fixture')
    .addOption(new Option('--runs <n>', 'run the broken side n times and draw what each run observed: counts, verdicts, times').argParser((value: string) => parseRuns(value)))
    .option('--step', 'pause between phases (the program, each side, the verdict, why, the rule): Enter/Space on, b back, q quit')
    .option('--predict', 'answer the lesson\'s question before the run; the run shows if you were right (implies --step)')
    .option('--record <file.cast>', 'record the session for `asciinema play`, and its JSON outcome beside it (file.json)')
    .addHelpText('after', `
In a terminal each side is shown live while it runs (its processes, their states, its signals). The report
opens with the lesson's verdict and ends with a summary. On a terminal of at least 100x30, and through
a pipe, it tells the whole story (what happened, why, the rule, the safe way); on a smaller one (a
projector's 80x24) it fits one screen, as --brief does, and --full asks for the whole story.
${EXIT_CODES}\n${examples('npx pitfalls run fork-bomb', 'npx pitfalls run 3', 'npx pitfalls run pipe-eof --brief', 'npx pitfalls run sigchld-count printf-in-handler', 'npx pitfalls run --all --json > outcome.json', 'npx pitfalls run fork-bomb --timeout 3', 'npx pitfalls run sigchld-count --slide --runs 20', 'npx pitfalls run sigchld-count --predict --record class.cast')}`)
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
${examples('npx pitfalls practice fork-bomb --once', '$EDITOR pitfalls-practice/fork-bomb.c', 'npx pitfalls check fork-bomb pitfalls-practice/fork-bomb.c', 'npx pitfalls check sigchld-count my-count.c --runs 5', 'npx pitfalls check pipe-eof reader.c --json')}`)
    .action(delegate(async () => (await import('./commands/check.js')).check));

  program
    .command('practice')
    .description('fix a lesson\'s broken C yourself: a copy to edit, checked (contained, observed) on every save beside the original, with hints')
    .argument('<lesson>', 'lesson id (see `pitfalls list`)')
    .option('--dir <dir>', 'the folder for your practice files', 'pitfalls-practice')
    .option('--once', 'check your file once and exit with check\'s code (for scripts)')
    .addOption(new Option('--timeout <seconds>', 'wall-clock limit for each run').argParser(parseTimeout))
    .addHelpText('after', `
Your copy is ./pitfalls-practice/<lesson>.c (.cc for C++); an existing one is kept and checked as it is.
Keys in a terminal: h hint, s solution (asks first), r reset the file to the broken original (asks first),
n next lesson, q quit (Ctrl-C too). Without a terminal: plain lines, one check per save, until stdin closes.
Exit codes: 0 quit (with --once: fixed), 1 with --once: not fixed, not judged or a compiler error,
  2 usage error (unknown lesson, a lesson without practice), 130 interrupted during a check.
${examples('npx pitfalls practice fork-bomb', 'npx pitfalls practice zombies --dir ~/fixes', 'npx pitfalls practice fork-bomb --once')}`)
    .action(delegate(async () => (await import('./commands/practice.js')).practice));

  program
    .command('hint')
    .description('the next hint for a lesson you are practising, numbered (hint 2 of 4)')
    .argument('<lesson>', 'lesson id')
    .addHelpText('after', examples('npx pitfalls hint fork-bomb', 'npx pitfalls hint pipe-eof'))
    .action(delegate(async () => (await import('./commands/hint.js')).hint));

  program
    .command('solution')
    .description('the reference fix of a lesson\'s C: plain source through a pipe, the changes marked in a terminal')
    .argument('<lesson>', 'lesson id')
    .addHelpText('after', examples('npx pitfalls solution fork-bomb', 'npx pitfalls solution fork-bomb > fixed.c', 'npx pitfalls check fork-bomb fixed.c'))
    .action(delegate(async () => (await import('./commands/solution.js')).solution));

  program
    .command('show')
    .description('the broken C and the safe TypeScript side by side, the PITFALL lines marked')
    .argument('<lesson>', 'lesson id')
    .option('--slide', 'the lecture\'s own program beside the fixture made from it')
    .addHelpText('after', examples('npx pitfalls show fork-bomb', 'npx pitfalls show printf-in-handler | less -R', 'npx pitfalls show sigchld-count --slide'))
    .action(delegate(async () => (await import('./commands/show.js')).show));

  program
    .command('doctor')
    .description('check this machine: Linux and /proc, compilers, cache, node-pty, and the containment in force')
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', examples('npx pitfalls doctor', 'CC=clang npx pitfalls doctor'))
    .action(delegate(async () => (await import('./commands/doctor.js')).doctor));

  program
    .command('progress')
    .description('how far you are: per lesson, whether you ran it, tried and fixed it, and the hints you saw')
    .option('--json', 'print the progress as JSON')
    .addHelpText('after', `
Progress is kept in $XDG_STATE_HOME/pitfalls/progress.json (else ~/.local/state/pitfalls/progress.json).
${examples('npx pitfalls progress', 'npx pitfalls progress --json')}`)
    .action(delegate(async () => (await import('./commands/progress.js')).progress));

  program
    .command('next')
    .description('the first lesson (in teaching order) you have not fixed yet, and what to type')
    .addHelpText('after', examples('npx pitfalls next'))
    .action(delegate(async () => (await import('./commands/next.js')).next));

  program
    .command('reset')
    .description('forget a lesson\'s progress and put your practice file back as the broken original (asks first)')
    .argument('[lesson]', 'lesson id (see `pitfalls list`)')
    .option('--all', 'every lesson')
    .option('--yes', 'do not ask: forget the progress and restore the practice files (needed without a terminal)')
    .option('--dir <dir>', 'the folder of your practice files', 'pitfalls-practice')
    .addHelpText('after', `
Exit codes:
  0    done (or nothing to reset, or every question answered no)
  2    usage error: unknown lesson; no terminal to ask in and no --yes
  3    the progress file could not be written
  130  Ctrl-C at a question: nothing more was changed
${examples('npx pitfalls reset fork-bomb', 'npx pitfalls reset --all', 'npx pitfalls reset zombies --yes --dir my-fixes')}`)
    .action(delegate(async () => (await import('./commands/reset.js')).reset));

  // For lesson authors: `dev` groups its subcommands (check, new, ...).
  const dev = program
    .command('dev')
    .description('for lesson authors: prove lessons (dev check), start one (dev new)')
    .addHelpText('after', examples('npx pitfalls dev check', 'npx pitfalls dev check --only fork-bomb,zombies --runs 5', 'npx pitfalls dev new my-lesson --dir ~/my-lessons'));

  dev
    .command('new')
    .description('start a lesson kept outside the package: a fixture, its lesson data, a twin, a solution and a test to fill in')
    .argument('<id>', 'the new lesson\'s id: lower-case words joined by hyphens, not a built-in id')
    .option('--dir <dir>', 'the folder that holds your lesson folders (made if missing)', '.')
    .addHelpText('after', `
Writes DIR/<id>/ (lesson.ts, safe.ts, <id>.c with its PITFALL: line, solution.c, pitfalls.h, <id>.test.mjs) and, when
DIR has none, package.json ("type": "module") and tsconfig.json. Nothing is overwritten: an existing lesson folder is an error.
Fill in every TODO, build (\`npx tsc\` in DIR), then prove it: \`npx pitfalls dev check DIR --only <id>\`.
Exit codes: 0 written, 2 usage error (a bad or built-in id, the folder exists), 3 the folder cannot be written.
${examples('npx pitfalls dev new my-lesson', 'npx pitfalls dev new orphan-reaper --dir ~/my-lessons', 'npx pitfalls dev check ~/my-lessons --only orphan-reaper')}`)
    .action(delegate(async () => (await import('./commands/dev.js')).devNew));

  dev
    .command('check')
    .description('prove every lesson three ways, several runs each: the fixture shows its pitfall, the reference solution is fixed, the twin is clean')
    .argument('[dir]', 'a folder of lesson folders kept outside the package (as in PITFALLS_LESSONS); without it, the built-in lessons')
    .addOption(new Option('--runs <n>', 'runs of each proof (races show in some runs only)').default(3).argParser(parseRuns))
    .option('--only <ids>', 'only these lessons, comma-separated, e.g. --only fork-bomb,zombies')
    .option('--json', 'print one JSON document instead of the table')
    .addHelpText('after', `
Each lesson is proven three ways, each run judged by the same runner and judge as \`run\` and \`check\`:
  fixture   every build of the fixture shows what it is expected to (the pitfall, unless the build says clean)
  solution  the reference solution (practice.solution) is fixed in every build \`check\` uses
            (a lesson whose C side is already safe, every build expected clean, needs none)
  twin      the safe twin stays clean
A lesson that does not load, has no solution, or does not compile is a failure, reported with the reason.
Exit codes: 0 every proof of every lesson held in every run, 1 one did not (the table and the reasons say which),
  2 usage error (not a folder, an unknown lesson), 3 environment problem, 130 interrupted.
${examples('npx pitfalls dev check', 'npx pitfalls dev check --only fork-bomb,zombies --runs 5', 'npx pitfalls dev check ~/my-lessons --json')}`)
    .action(delegate(async () => (await import('./commands/dev.js')).devCheck));

  return program;
}

process.exitCode = await main();
