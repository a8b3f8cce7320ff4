// Global setup: the whole suite keeps learner progress in a folder of its own, never the user's
// ~/.local/state/pitfalls (every `run` and `check` a test makes records progress).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pitfalls-test-state-'));
  process.env.XDG_STATE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
