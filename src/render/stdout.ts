// The reader of our output may go away (`pitfalls run --all | head`): stdout then fails with EPIPE.
// That is no error of ours and no reason for a stack trace: stop writing, let the caller wind down.

/**
 * Watches stdout for EPIPE. Returns whether it has closed; `onClose` runs once when it does (e.g. to
 * stop the runs). Any other error of stdout is left to fail as before.
 */
export function whenStdoutCloses(onClose: () => void = () => {}): () => boolean {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (closed) return;
    closed = true;
    onClose();
  };
  process.stdout.on('error', onError);
  return () => closed;
}

/** Resolves once what was written to stdout has gone (or failed: a closed pipe shows as EPIPE first). */
export function drainStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}
