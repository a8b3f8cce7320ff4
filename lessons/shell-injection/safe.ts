// shell-injection, the safe way: spawn(program, [args]) starts tee itself, with no shell in between
// (spawn's `shell` option is off by default). The name travels as one argv element, whatever it
// holds: ';', spaces, quotes and '$(...)' mean nothing to tee. "--" ends tee's options, so a name
// that starts with '-' is still a file name.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

const name = process.argv[2] ?? 'notes.txt';
const tee = spawn('tee', ['--', name], { stdio: ['pipe', 'inherit', 'inherit'] });
// 'spawn' once tee runs; 'error' (rejecting the wait) if it could not be started.
await once(tee, 'spawn');
for (let i = 1; i <= 3; i++) {
  tee.stdin.write(`note ${i}: buy milk\n`);
  // The notes come one by one, as in the C program.
  await sleep(100);
}
tee.stdin.end();
const [code] = await once(tee, 'exit');
console.log(`notes saved (tee exited ${code})`);
