// The supervisor is a small C program (native/supervisor.c), compiled and cached like a fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { nativeDir } from '../paths.js';
import { compile } from './compile.js';
import type { ExitInfo } from './outcome.js';

export function supervisorBinary(env: NodeJS.ProcessEnv = process.env): string {
  return compile(join(nativeDir, 'supervisor.c'), ['-O2'], [], env).binary;
}

export function signalName(number: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === number);
  return entry ? entry[0] : `signal ${number}`;
}

/** Reads the supervisor's report: key=value lines. */
export function readSupervisorReport(path: string): { programPid: number; exit: ExitInfo } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const fields = new Map(text.split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
  const number = (key: string) => (fields.has(key) ? Number(fields.get(key)) : undefined);
  const signal = number('exit_signal');
  return {
    programPid: number('program') ?? 0,
    exit: {
      reason: (fields.get('reason') as ExitInfo['reason']) ?? 'stopped',
      code: number('exit_code'),
      signal: signal === undefined ? undefined : signalName(signal),
      reaped: number('reaped') ?? 0,
      killedAtEnd: number('killed_at_end') ?? 0,
    },
  };
}
