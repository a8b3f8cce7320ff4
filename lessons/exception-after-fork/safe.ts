// exception-after-fork, the safe way: spawn() does fork and exec in one call. When the exec fails,
// libuv's child only reports the error number through a pipe and exits; the failure arrives in the
// parent as an 'error' event (ENOENT), and no child ever runs the parent's code.
import { spawn } from 'node:child_process';

/** The parent's work names the process that does it (comm in /proc, like prctl(PR_SET_NAME) in C) and lasts 300 ms. */
function carryOnAsTheParent(): Promise<void> {
  process.title = 'parent_work';
  console.log(`parent_work: pid ${process.pid}, parent ${process.ppid}`);
  return new Promise((resolve) => setTimeout(resolve, 300));
}

// A helper that is not installed: spawn fails with ENOENT, every run.
const helper = spawn('no-such-helper', [], { stdio: 'inherit' });
const helperDone = new Promise<void>((resolve) => {
  helper.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`pid ${process.pid}: could not start the helper (${error.code}: ${error.message}); carrying on without it`);
    resolve();
  });
  helper.on('exit', () => resolve());
});
await carryOnAsTheParent();
await helperDone;
