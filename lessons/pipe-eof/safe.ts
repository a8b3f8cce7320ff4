// pipe-eof, the safe way: spawn with stdio 'pipe' and read the child's output until 'end'.
// libuv creates the pipe, gives the child the write end as its fd 1, and keeps only the read end in
// this process, close-on-exec (it closes nothing else in the child: it counts on every descriptor it
// opens being close-on-exec). When the child exits, the last write end is gone, read() returns 0, and
// the stream emits 'end'. There is no write end left over to forget.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const producer = fileURLToPath(new URL('./producer.js', import.meta.url));
const child = spawn(process.execPath, [producer], { stdio: ['ignore', 'pipe', 'inherit'] });

// Ask the runner to look at who holds which end while the child is still writing.
child.on('spawn', () => process.stderr.write('@pitfalls snapshot=reading\n'));

let total = 0;
child.stdout.on('data', (chunk: Buffer) => (total += chunk.length));
child.stdout.on('end', () => console.log(`read ${total} bytes, then EOF`));
child.on('exit', (code) => console.log(`child exited with code ${code}`));
