// printf-in-handler, the safe way: process.on('SIGUSR1') does not run the listener inside the signal.
// libuv's real handler only writes the signal number into a pipe (the self-pipe trick); the event
// loop reads it and calls the listener between two callbacks, never in the middle of other code.
// So the listener may format, allocate and print as it likes: nothing it uses is half-updated.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const monitorPath = fileURLToPath(new URL('./monitor.js', import.meta.url));
let records = 0;
let answered = 0;

// Installed before the monitor starts: with no listener, SIGUSR1 would start Node's inspector.
process.on('SIGUSR1', () => {
  answered++;
  console.log(`progress: ${records} records`);
});

const monitor = spawn(process.execPath, [monitorPath], { stdio: ['ignore', 'inherit', 'inherit'] });
monitor.on('exit', () => console.log(`done: ${records} records, ${answered} progress lines`));

// The work: format records for one second, in slices, so that the event loop runs in between.
const end = Date.now() + 1000;
function workSlice(): void {
  let record = '';
  for (let i = 0; i < 10_000; i++) record = `record ${++records}\n`;
  if (records % 100_000 === 0) process.stdout.write(record);
  if (Date.now() < end) setImmediate(workSlice);
  else monitor.kill('SIGTERM');
}
workSlice();
