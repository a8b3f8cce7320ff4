// fork-bomb, the safe way: a fixed pool of workers, each a separate program started by spawn.
// spawn() is fork+exec done once, correctly: the child runs worker.js from its first instruction
// and can never return into this loop, so the number of processes is exactly what we asked for.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POOL_SIZE = 4;
const REQUESTS = 8;
const worker = fileURLToPath(new URL('./worker.js', import.meta.url));

let next = 0;
let running = 0;

function startWorker(): void {
  const job = next++;
  running++;
  const child = spawn(process.execPath, [worker, String(job)], { stdio: ['ignore', 'inherit', 'inherit'] });
  // 'exit' means the child was reaped: no zombie stays behind.
  child.on('exit', () => {
    running--;
    if (next < REQUESTS) startWorker();
    else if (running === 0) console.log(`served ${REQUESTS} requests with a pool of ${POOL_SIZE}`);
  });
}

for (let i = 0; i < POOL_SIZE; i++) startWorker();
