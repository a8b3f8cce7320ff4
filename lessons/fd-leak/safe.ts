// fd-leak, the safe way: the same worker and helper, started by spawn.
// libuv opens every descriptor close-on-exec (O_CLOEXEC), and spawn gives a child the stdio it is told
// to: the worker gets the write end of its output as fd 1; sleep gets /dev/null and our own stdout and
// stderr. spawn closes nothing else: it is the close-on-exec flag on everything libuv opened that keeps
// our pipe out of sleep, so the worker's output ends when it exits, however long sleep runs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const workerScript = fileURLToPath(new URL('./worker.js', import.meta.url));
const worker = spawn(process.execPath, [workerScript], { stdio: ['ignore', 'pipe', 'inherit'] });
const helper = spawn('sleep', ['30'], { stdio: ['ignore', 'inherit', 'inherit'] });

// Both have exec'd once 'spawn' fires: ask the runner to list their descriptors now.
await Promise.all([once(worker, 'spawn'), once(helper, 'spawn')]);
process.stderr.write('@pitfalls snapshot=children-started\n');

let total = 0;
worker.stdout.on('data', (chunk: Buffer) => (total += chunk.length));
await once(worker.stdout, 'end');
console.log(`read ${total} bytes, then EOF (sleep still running: pid ${helper.pid})`);
helper.kill('SIGTERM');
await once(helper, 'exit');
