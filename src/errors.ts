// Failures of the tool itself (not of a lesson's program): each carries its exit code and next step.

export const EXIT = {
  /** Every lesson behaved as taught. */
  ok: 0,
  /** A lesson did not behave as taught this run. */
  notAsTaught: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The machine lacks something: Linux, a compiler, /proc ... */
  environment: 3,
  /** Ctrl-C (SIGINT) or another signal ended the run; everything it started was killed and reaped. */
  interrupted: 130,
} as const;

export class PitfallsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** When a compiler refused a source: its own messages, as it gave them. */
    readonly compilerOutput?: string,
  ) {
    super(message);
    this.name = 'PitfallsError';
  }
}

export function usageError(message: string): PitfallsError {
  return new PitfallsError(message, EXIT.usage);
}

export function environmentError(message: string): PitfallsError {
  return new PitfallsError(message, EXIT.environment);
}
