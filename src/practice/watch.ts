// Watches one file for saves. The folder is watched, not the file: an editor that saves by writing a
// new file and renaming it over the old one (vim, many IDEs) replaces the inode a file watch would
// hold, and a file deleted and made again is the same name in the same folder.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Quiet time after the last event before a save counts: one save is often several writes, a rename, a chmod. */
export const SAVE_DEBOUNCE_MS = 200;
/** How soon to try watching the folder again when the watch failed (the folder removed, or being replaced). */
const REWATCH_MS = 500;

export interface FileWatch {
  close(): void;
}

/**
 * Calls `onSave` once per burst of changes to `file` (created, written, renamed over, deleted),
 * `debounceMs` after the last of them.
 */
export function watchFile(file: string, onSave: () => void, debounceMs = SAVE_DEBOUNCE_MS): FileWatch {
  const folder = dirname(file);
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onSave();
    }, debounceMs);
  };

  const start = () => {
    if (closed) return;
    try {
      watcher = watch(folder, { persistent: true }, (_event, changedName) => {
        // Without a name (rare: the kernel's queue overflowed) it may have been ours.
        if (changedName === null || changedName === name) changed();
      });
      watcher.on('error', () => {
        watcher?.close();
        retry = setTimeout(start, REWATCH_MS);
      });
    } catch {
      retry = setTimeout(start, REWATCH_MS);
    }
  };
  start();

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      watcher?.close();
    },
  };
}
