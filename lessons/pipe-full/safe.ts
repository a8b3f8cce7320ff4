// pipe-full, the safe way: the same exchange, both directions at once, with streams.
// Nothing here ever blocks in write(): a stream takes what the kernel accepts, buffers the rest up
// to its highWaterMark, and says so (write() returns false); we wait for 'drain' before writing on,
// while the event loop keeps reading the other direction. Each side drains the other.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { MESSAGE, receiveAll, sendAll } from './exchange.js';

const peer = fileURLToPath(new URL('./peer.js', import.meta.url));
const b = spawn(process.execPath, [peer], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = once(b, 'exit');

const received = receiveAll(b.stdout);
// Ask the runner to look at who holds what while both directions are flowing.
b.stdout.once('data', () => process.stderr.write('@pitfalls snapshot=exchanging\n'));
const waits = await sendAll(b.stdin, MESSAGE);
b.stdin.end();
console.log(`A received ${await received} bytes (sent ${MESSAGE}, waited for 'drain' ${waits} times)`);
const [code] = await exited;
console.log(`B exited with code ${code}`);
