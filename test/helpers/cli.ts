// Drives the built CLI as a user would, under leak-check (a subreaper that lists what a run left).
import { spawn, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compile } from '../../dist/src/runner/compile.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = `${root}bin/pitfalls.js`;

export function leakCheckBinary(): string {
  return compile(fileURLToPath(new URL('./leak-check.c', import.meta.url)), []).binary;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Processes the run left behind (any state, zombies included), from leak-check. */
  leftovers: string[];
  leftoverCount: number;
  /** stderr as one sentence a line: the lines pitfalls wrapped to the width (a hanging indent of two) joined again. */
  said: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Run the CLI through this wrapper first, e.g. ['setpriv', '--reuid=65534', ...]. */
  wrapper?: string[];
  /** Called once the CLI's pid is known and `when` appears on its stderr or stdout. */
  during?: { when: RegExp; act: (cliPid: number) => void };
  timeoutMs?: number;
  /** Another copy of the package to run (its root folder), e.g. one staged where another uid can read it. */
  packageRoot?: string;
}

/** Text wrapped to a width (continuation lines indented by two) as one line a paragraph, to match sentences in. */
export function unwrapped(text: string): string {
  return text.replace(/\n {2}(?=\S)/g, ' ');
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const binary = options.packageRoot ? `${options.packageRoot}/bin/pitfalls.js` : bin;
  const command = [...(options.wrapper ?? []), process.execPath, binary, ...args];
  // The test runner forces colour for itself; a user's pipe has no such variable.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const spawnOptions: SpawnOptions = { cwd: options.packageRoot ?? root, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] };
  const child = spawn(leakCheckBinary(), command, spawnOptions);
  let stdout = '';
  let stderr = '';
  let cliPid = 0;
  let acted = false;
  const maybeAct = () => {
    if (!acted && cliPid && options.during && options.during.when.test(stdout + stderr)) {
      acted = true;
      options.during.act(cliPid);
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    maybeAct();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    cliPid ||= Number(/child=(\d+)/.exec(stderr)?.[1] ?? 0);
    maybeAct();
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const leftovers = [...stderr.matchAll(/^leftover (.*)$/gm)].map((m) => m[1]);
      const leftoverCount = Number(/^leftovers=(\d+)$/m.exec(stderr)?.[1] ?? -1);
      stderr = stderr.replace(/^(child=\d+|leftovers=\d+|leftover .*)\n/gm, '');
      resolve({ code, stdout, stderr, leftovers, leftoverCount, said: unwrapped(stderr) });
    });
  });
}
