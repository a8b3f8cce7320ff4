// zombies, the safe way: five workers started with spawn, each one reaped as soon as it exits.
// libuv catches SIGCHLD and, from the event loop, calls waitpid() for every child it spawned; the 'exit'
// event is that reaping, told to us. A child spends at most a moment in state Z, never the parent's lifetime.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKERS = 5;
const worker = fileURLToPath(new URL('./worker.js', import.meta.url));

let reaped = 0;
for (let job = 0; job < WORKERS; job++) {
  const child = spawn(process.execPath, [worker, String(job)], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    reaped++;
    console.log(`parent: worker ${job} (pid ${child.pid}) exited (${signal ?? `code ${code}`}) and was reaped, ${reaped} of ${WORKERS}`);
  });
}
console.log(`parent (pid ${process.pid}): started ${WORKERS} workers, carrying on with its own work`);
// The parent's own work, as long as the C parent's: it outlives its workers, and none stays a zombie.
setTimeout(() => console.log(`parent: done, ${reaped} of ${WORKERS} workers reaped`), 1000);
